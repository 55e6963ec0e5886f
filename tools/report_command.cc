// talign report: the HTML review page for an alignment made earlier (a beads file), or for an
// existing TMX (--tmx), talign's or another tool's.
#include <libxml/tree.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "align/align/pipeline.h"
#include "align/common/error.h"
#include "align/common/xml.h"
#include "align/detect/language_guess.h"
#include "align/input/parallel_reader.h"
#include "align/write/escape.h"
#include "align/write/alignment_writer.h"
#include "align/write/report_writer.h"
#include "tools/cli.h"

namespace talign::cli {

namespace {

bool is_element(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::string serialize(xmlDoc* doc, xmlNode* node) {
  xmlBuffer* buffer = xmlBufferCreate();
  xmlNodeDump(buffer, doc, node, 0, 0);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                  static_cast<size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return out;
}

// What the page needs to write each unit of `path` back with its properties, one entry per
// bead of `corpus` (read_tmx of the same file). read_tmx skips units without text in the two
// languages; a bead is matched to its unit by the line the unit starts on, which read_tmx
// records as the sentences' offset (several units on one line: the first unused one).
ReportTmxSource read_tmx_units(const std::string& path, const ParallelCorpus& corpus) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == '\n') starts.push_back(i + 1);
  const XmlDocument doc = parse_xml(bytes, path, "TMX");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  ReportTmxSource source;
  std::vector<std::pair<long, xmlNode*>> units;  // (line, <tu>)
  for (xmlNode* child = root ? root->children : nullptr; child != nullptr; child = child->next) {
    if (is_element(child, "header") && source.header.empty())
      source.header = serialize(doc.get(), child);
    if (!is_element(child, "body")) continue;
    for (xmlNode* tu = child->children; tu != nullptr; tu = tu->next)
      if (is_element(tu, "tu")) units.emplace_back(xmlGetLineNo(tu), tu);
    break;
  }
  size_t next = 0;
  for (const Bead& bead : corpus.alignment.beads) {
    const size_t offset = bead.src_count ? corpus.src.source_offset(bead.src_begin)
                                         : corpus.tgt.source_offset(bead.tgt_begin);
    const long line = std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin();
    while (next < units.size() && units[next].first != line) ++next;
    if (next == units.size())
      throw Error(ErrorKind::kData, path, "cannot match the translation units to their lines");
    xmlNode* tu = units[next++].second;
    ReportTmxUnit unit;
    unit.xml = serialize(doc.get(), tu);
    for (xmlAttr* a = tu->properties; a != nullptr; a = a->next) {
      xmlChar* value = xmlNodeListGetString(doc.get(), a->children, 1);
      unit.attributes += " ";
      if (a->ns != nullptr && a->ns->prefix != nullptr)
        unit.attributes += std::string(reinterpret_cast<const char*>(a->ns->prefix)) + ":";
      unit.attributes += reinterpret_cast<const char*>(a->name);
      unit.attributes += "=\"";
      size_t invalid = 0;
      append_xml_text(value ? reinterpret_cast<const char*>(value) : "", unit.attributes, invalid);
      unit.attributes += "\"";
      xmlFree(value);
    }
    for (xmlNode* child = tu->children; child != nullptr; child = child->next)
      if (is_element(child, "prop") || is_element(child, "note"))
        unit.meta.push_back(serialize(doc.get(), child));
    source.units.push_back(std::move(unit));
  }
  return source;
}

}  // namespace

int run_report(const std::vector<std::string>& args) {
  std::string src_path, tgt_path, beads_path, src_lang, tgt_lang, output, date, tmx_path;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("src-lang,s", po::value(&src_lang), "source language (as given to align, or auto; "
       "with --tmx: which of the TMX's languages is the source, default its srclang)")
      ("tgt-lang,t", po::value(&tgt_lang), "target language")
      ("tmx", po::value(&tmx_path), "review this TMX (talign's or another tool's) instead of "
       "SOURCE TARGET BEADS; the page's TMX download keeps every unit's properties")
      ("output,o", po::value(&output)->default_value("-"), "the HTML page ('-' = stdout)")
      ("no-anchors", "do not mark anchors in the plot")
      ("keep-unmatched", "tick 'unmatched in TMX' in the page from the start")
      ("date", po::value(&date), "creation date of the TMX the page downloads, YYYYMMDDThhmmssZ "
       "or YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else now)")
      ("quiet,q", "no warnings on stderr");
  add_splitting_options(options);  // split as align split them
  po::options_description hidden;
  hidden.add_options()("src", po::value(&src_path), "source file")(
      "tgt", po::value(&tgt_path), "target file")("beads", po::value(&beads_path), "beads file");
  po::positional_options_description positionals;
  positionals.add("src", 1).add("tgt", 1).add("beads", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign report --src-lang L1 --tgt-lang L2 [options] SOURCE TARGET BEADS -o REPORT.html\n"
      "       talign report --tmx MEMORY.tmx [options] -o REPORT.html\n"
      "Writes a self-contained HTML page to review and correct an alignment: the beads side by\n"
      "side, a plot of the alignment path, filters, and merge/split/move/edit/drop controls; the\n"
      "page downloads the corrected alignment as TMX and as beads. SOURCE and TARGET are split as\n"
      "'talign align' splits them (give the same --presplit, --paragraphs, --no-p-markers); BEADS\n"
      "is '--format beads' output.\n"
      "With --tmx each translation unit is one bead of one segment per side.";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  if (vm.count("date") && date.empty()) throw UsageError("--date needs a date");
  const std::string creation_date = tmx_creation_date(date);
  canonicalise_language(src_lang, "--src-lang", true, true);
  canonicalise_language(tgt_lang, "--tgt-lang", true, true);

  if (vm.count("tmx")) {
    if (!src_path.empty()) throw UsageError("--tmx takes no SOURCE, TARGET or BEADS files");
    check_output_is_not_input(output, {tmx_path});
    const ParallelCorpus corpus = read_tmx(tmx_path, src_lang == "auto" ? "" : src_lang,
                                           tgt_lang == "auto" ? "" : tgt_lang);
    if (corpus.alignment.beads.empty())
      throw Error(ErrorKind::kData, tmx_path, "no translation units (empty input)");
    const ReportTmxSource source = read_tmx_units(tmx_path, corpus);
    // --src-lang/--tgt-lang pick the TMX's languages: "auto" is the TMX's own (srclang).
    const std::string used_src = src_lang.empty() || src_lang == "auto" ? corpus.src_lang : src_lang;
    const std::string used_tgt = tgt_lang.empty() || tgt_lang == "auto" ? corpus.tgt_lang : tgt_lang;
    // The memory's languages checked as a document pair's: all segments of a side as one text.
    const auto side_text = [](const SentenceList& sentences) {
      std::string text;
      for (size_t i = 0; i < sentences.size(); ++i) text.append(sentences.text(i)).push_back('\n');
      return text;
    };
    const std::string src_text = side_text(corpus.src), tgt_text = side_text(corpus.tgt);
    const std::vector<LanguageProblem> problems = check_pair_languages(
        guess_language(src_text), guess_language(tgt_text), used_src, used_tgt,
        tmx_path + " (" + used_src + ")", tmx_path + " (" + used_tgt + ")", false);
    if (!problems.empty() && vm.count("strict-langs"))
      throw Error(ErrorKind::kData, problems.front().file, problems.front().message);
    for (const LanguageProblem& problem : problems) warn(problem.file + ": " + problem.message);
    const AlignedDocuments documents{corpus.src,
                                     corpus.tgt,
                                     corpus.alignment,
                                     used_src,
                                     used_tgt,
                                     0.0,
                                     vm.count("keep-unmatched") > 0,
                                     creation_date,
                                     display_name(tmx_path),
                                     display_name(tmx_path)};
    std::string stem = "alignment";
    if (output != "-") {
      stem = output.substr(output.find_last_of('/') == std::string::npos ? 0 : output.find_last_of('/') + 1);
      if (stem.find_last_of('.') != std::string::npos && stem.find_last_of('.') > 0)
        stem.erase(stem.find_last_of('.'));
    }
    OutputFile out(output);
    out.write(render_report(documents, stem, &source));
    out.commit();
    if (!vm.count("quiet") && corpus.dropped_variants)
      warn(std::to_string(corpus.dropped_variants) + " <tuv>(s) not shown: a bead shows one "
           "source and one target variant (an unedited unit is downloaded with all of them)");
    return kOk;
  }

  if (src_lang.empty() || tgt_lang.empty())
    throw UsageError("--src-lang and --tgt-lang are required (or --tmx)");
  if (beads_path.empty())
    throw UsageError(src_path.empty()   ? "missing SOURCE, TARGET and BEADS files"
                     : tgt_path.empty() ? "missing TARGET and BEADS files"
                                        : "missing BEADS file");
  int stdin_inputs = 0;
  for (const std::string* path : {&src_path, &tgt_path, &beads_path}) stdin_inputs += *path == "-";
  if (stdin_inputs > 1) throw UsageError("only one input can be '-'");
  check_output_is_not_input(output, {src_path, tgt_path, beads_path});

  PairOptions pair_options;
  pair_options.src_lang = src_lang;
  pair_options.tgt_lang = tgt_lang;
  apply_splitting_options(vm, pair_options);
  pair_options.align.use_anchors = !vm.count("no-anchors");
  const AlignedPair pair = read_aligned_files(src_path, tgt_path, beads_path, pair_options);
  for (const LanguageProblem& problem : pair.language_problems)
    warn(display_name(problem.file) + ": " + problem.message);
  const AlignedDocuments documents{pair.src,
                                   pair.tgt,
                                   pair.alignment,
                                   pair.src_lang,
                                   pair.tgt_lang,
                                   0.0,
                                   vm.count("keep-unmatched") > 0,
                                   creation_date,
                                   display_name(src_path),
                                   display_name(tgt_path),
                                   &pair.src_codes,
                                   &pair.tgt_codes};
  make_report_writer()->write(documents, output);
  return kOk;
}

}  // namespace talign::cli
