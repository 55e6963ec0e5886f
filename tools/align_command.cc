// talign align: aligns a document with its translation and writes the beads.
#include <algorithm>
#include <charconv>
#include <iostream>
#include <map>
#include <optional>
#include <tuple>

#include "align/align/aligner.h"
#include "align/align/pipeline.h"
#include "align/align/dictionary.h"
#include "align/align/memory.h"
#include "align/align/subtitle_aligner.h"
#include "align/common/error.h"
#include "align/detect/bilingual.h"
#include "align/detect/language_guess.h"
#include "align/input/format.h"
#include "align/input/document.h"
#include "align/split/language_data.h"
#include "align/split/presplit.h"
#include "align/split/splitter.h"
#include "align/write/alignment_writer.h"
#include "align/write/output_file.h"
#include "align/write/report_writer.h"
#include "tools/cli.h"

namespace talign::cli {
namespace {

// What --bilingual left out, on stderr: a count per reason (-v: the paragraphs themselves, on
// one line each).
void report_bilingual_split(const BilingualSplit& split, const std::string& path, bool verbose,
                            bool quiet) {
  const std::string name = display_name(path);
  if (verbose)
    std::cerr << "talign: " << name << ": " << split.paragraphs << " paragraphs, "
              << split.src_paragraphs << " in " << language_label(split.src_lang) << ", "
              << split.tgt_paragraphs << " in " << language_label(split.tgt_lang) << ", "
              << (split.interleaved ? "interleaved" : "one after the other") << '\n';
  if (split.dropped.empty() || (quiet && !verbose)) return;
  std::map<std::string, size_t> counts;
  for (const DroppedParagraph& d : split.dropped) ++counts[drop_reason_name(d.reason)];
  std::cerr << "talign: " << name << ": dropped " << split.dropped.size() << " paragraph"
            << (split.dropped.size() == 1 ? "" : "s") << " with no counterpart:";
  const char* sep = " ";
  for (const auto& [reason, count] : counts) {
    std::cerr << sep << count << ' ' << reason;
    sep = ", ";
  }
  std::cerr << " (-v lists them)\n";
  if (!verbose) return;
  for (const DroppedParagraph& d : split.dropped) {
    std::string line = d.text;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << "talign:   dropped paragraph " << d.index + 1 << " (" << drop_reason_name(d.reason)
              << "): " << line << '\n';
  }
}

}  // namespace

int run_align(const std::vector<std::string>& args) {
  std::string src_path, tgt_path, src_lang, tgt_lang, output, format, dict_path, lexicon_in_path,
      lexicon_out_path, date, progress_mode, report_path, bilingual_path;
  double min_score = 0.0;
  int threads = 2;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("src-lang,s", po::value(&src_lang)->required(), "source language (BCP-47: en, de, ...; auto: "
       "guessed from the text)")
      ("tgt-lang,t", po::value(&tgt_lang)->required(), "target language (or auto)")
      ("output,o", po::value(&output)->default_value("-"), "output file ('-' = stdout)")
      ("format,f", po::value(&format)->default_value("beads"),
       "beads ([i, j]:[k]:SCORE per bead), text (source<TAB>target<TAB>score per bead), "
       "tmx (TMX 1.4b), tsv (pairs only), moses (-o PREFIX: PREFIX.L1 and PREFIX.L2), "
       "jsonl, ladder (hunalign), xces (OPUS), html (review report)")
      ("keep-unmatched", "tmx, tsv, moses: also write unmatched sentences (one-sided units)")
      ("date", po::value(&date), "tmx creation date, YYYYMMDDThhmmssZ or YYYY-MM-DD "
       "(default: SOURCE_DATE_EPOCH, else now)")
      ("lexicon-in", po::value(&lexicon_in_path), "use this translation table instead of training")
      ("lexicon-out", po::value(&lexicon_out_path), "write the translation table used (TSV)")
      ("min-score", po::value(&min_score), "text, tmx, tsv, moses: leave out beads scoring below this")
      ("bilingual", po::value(&bilingual_path), "FILE holds both texts (one after the other or "
       "interleaved by paragraph): split it by language, drop page furniture, align; instead of "
       "SOURCE TARGET")
      ("report", po::value(&report_path), "also write an HTML page to review and correct the "
       "alignment (see 'talign report')")
      ("verbose,v", "print alignment statistics on stderr")
      ("progress", po::value(&progress_mode)->default_value("auto"),
       "never, auto (on a terminal, for runs over a second) or always: progress on stderr")
      ("threads", po::value(&threads)->default_value(2),
       "threads for this one document: 1, or 2 (and more, which use 2 today): a search's "
       "backward pass beside its forward pass, fit windows, the lexicon's two directions and "
       "refitted stretches side by side; the output is the same")
      ("quiet,q", "no warnings on stderr");
  add_model_options(options, dict_path);
  std::vector<std::string> settings;
  po::options_description hidden;
  hidden.add_options()("src", po::value(&src_path), "source file")(
      "tgt", po::value(&tgt_path), "target file")(
      "set", po::value(&settings)->composing(), "tuning: NAME=VALUE of a model parameter");
  po::positional_options_description positionals;
  positionals.add("src", 1).add("tgt", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign align --src-lang L1 --tgt-lang L2 [options] SOURCE TARGET\n"
      "       talign align --src-lang L1 --tgt-lang L2 [options] --bilingual FILE\n"
      "Aligns a document with its translation sentence by sentence. Every sentence of both\n"
      "documents appears in exactly one bead, in order; a bead's score is the model's posterior\n"
      "probability that the bead is right (filter with --min-score).";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  lowercase_format(format);
  const bool bilingual = vm.count("bilingual") > 0;
  if (bilingual) {
    if (!src_path.empty())
      throw UsageError("--bilingual FILE takes the place of SOURCE and TARGET: give one or the other");
    check_not_empty(bilingual_path, "--bilingual");
    src_path = tgt_path = bilingual_path;  // for the checks below: outputs must not overwrite it
  }
  if (src_path.empty() || tgt_path.empty())
    throw UsageError(src_path.empty() ? "missing SOURCE and TARGET files (or --bilingual FILE)"
                                      : "missing TARGET file");
  for (const auto& [value, option] : {std::pair{&dict_path, "--dict"},
                                      std::pair{&lexicon_in_path, "--lexicon-in"},
                                      std::pair{&lexicon_out_path, "--lexicon-out"},
                                      std::pair{&report_path, "--report"}})
    if (vm.count(option + 2)) check_not_empty(*value, option);
  if (!lexicon_out_path.empty() && (lexicon_out_path == output || lexicon_out_path == "-"))
    throw UsageError("--lexicon-out must be a file other than the alignment output");
  check_output_is_not_input(output, {src_path, tgt_path, dict_path, lexicon_in_path});
  if (!lexicon_out_path.empty())
    check_output_is_not_input(lexicon_out_path, {src_path, tgt_path, dict_path, lexicon_in_path});
  if (!report_path.empty()) {
    check_output_is_not_input(report_path, {src_path, tgt_path, dict_path, lexicon_in_path});
    if (report_path == output || report_path == lexicon_out_path || report_path == "-")
      throw UsageError("--report must be a file other than the other outputs");
  }
  canonicalise_language(src_lang, "--src-lang", false, true);
  canonicalise_language(tgt_lang, "--tgt-lang", false, true);
  if (!(min_score >= 0.0 && min_score <= 1.0)) throw UsageError("--min-score must be in [0, 1]");
  if (!bilingual && src_path == "-" && tgt_path == "-") throw UsageError("only one input can be '-'");
  const std::unique_ptr<AlignmentWriter> writer = make_writer(format);
  check_filters(*writer, format, vm.count("min-score") > 0, vm.count("keep-unmatched") > 0);
  const std::string creation_date = tmx_creation_date(date);
  if (format == "moses" && output == "-")
    throw UsageError("the moses format writes two files: give -o PREFIX");
  if (format == "moses")
    for (const std::string* lang : {&src_lang, &tgt_lang})
      if (*lang != "auto")  // an auto language's file name is checked once it is known
        check_output_is_not_input(output + "." + *lang,
                                {src_path, tgt_path, dict_path, lexicon_in_path});
  if (vm.count("date") && date.empty()) throw UsageError("--date needs a date");

  const bool presplit = vm.count("presplit") > 0;
  if (!presplit)
    for (const std::string* lang : {&src_lang, &tgt_lang})
      if (const std::string w = *lang == "auto" ? "" : splitting_warning(*lang); !w.empty())
        warn(w);
  PairOptions pair_options;
  pair_options.src_lang = src_lang;
  pair_options.tgt_lang = tgt_lang;
  apply_model_options(vm, pair_options);
  AlignOptions& align_options = pair_options.align;
  if (threads < 1) throw UsageError("--threads must be at least 1");
  align_options.two_threads = threads >= 2;
  for (const std::string& setting : settings) {
    const size_t eq = setting.find('=');
    double value = 0;
    const char* begin = eq == std::string::npos ? nullptr : setting.c_str() + eq + 1;
    const char* end = setting.c_str() + setting.size();
    if (eq == std::string::npos || begin == end ||
        std::from_chars(begin, end, value).ptr != end ||
        !set_parameter(align_options, setting.substr(0, eq), value))
      throw UsageError("unknown parameter or invalid value in --set '" + setting + "'");
  }
  std::optional<Dictionary> dictionary;
  if (!dict_path.empty()) {
    dictionary = Dictionary::load(dict_path);
    align_options.dictionary = &*dictionary;
  }
  std::string lexicon_in;
  if (!lexicon_in_path.empty()) {
    lexicon_in = read_document(lexicon_in_path).text;
    align_options.lexicon_in = &lexicon_in;
    align_options.lexicon_in_name = lexicon_in_path;
  }
  align_options.keep_band = !report_path.empty() || format == "html";  // the report plots it
  ProgressMeter meter(progress_mode, "aligning");
  align_options.progress = [&meter](double share) { meter.update(share); };
  std::string lexicon_out;
  std::string* lexicon_target = lexicon_out_path.empty() ? nullptr : &lexicon_out;
  AlignedPair pair;
  if (bilingual) {
    const BilingualSplit split = split_bilingual(
        read_input_document(bilingual_path, pair_options.src_format), src_lang, tgt_lang);
    report_bilingual_split(split, bilingual_path, vm.count("verbose") > 0, vm.count("quiet") > 0);
    pair_options.src_lang = split.src_lang;
    pair_options.tgt_lang = split.tgt_lang;
    src_path = display_name(bilingual_path) + " [" + split.src_lang + "]";
    tgt_path = display_name(bilingual_path) + " [" + split.tgt_lang + "]";
    pair = align_texts(split.src_text, split.tgt_text, pair_options, src_path, tgt_path,
                       lexicon_target);
  } else {
    pair = align_files(src_path, tgt_path, pair_options, lexicon_target);
  }
  const SentenceList& src = pair.src;
  const SentenceList& tgt = pair.tgt;
  const Alignment& alignment = pair.alignment;
  for (const std::string& w : pair_warnings(pair, src_path, tgt_path)) warn(w);
  for (const auto& [declared, used, path] :
       {std::tuple{&src_lang, &pair.src_lang, &src_path}, {&tgt_lang, &pair.tgt_lang, &tgt_path}})
    if (*declared == "auto") {
      if (vm.count("verbose"))
        std::cerr << "talign: " << display_name(*path) << ": language " << language_label(*used)
                  << '\n';
      if (!presplit)
        if (const std::string w = splitting_warning(*used); !w.empty()) warn(w);
      if (format == "moses")
        check_output_is_not_input(output + "." + *used,  // --bilingual: src_path names a side
                                  {bilingual ? bilingual_path : src_path,
                                   bilingual ? bilingual_path : tgt_path, dict_path,
                                   lexicon_in_path});
    }
  if (vm.count("verbose")) {
    const AlignmentStats& s = alignment.stats;
    std::cerr << "talign: " << src.size() << " x " << tgt.size() << " sentences, "
              << alignment.beads.size() << " beads, length in " << s.length_unit << ", ratio "
              << s.length_ratio << ", variance " << s.length_variance << ", " << s.anchors << " anchors, band "
              << (s.band_width ? std::to_string(s.band_width) : std::string("full"))
              << (s.block_guide ? " around blocks" : "") << " ("
              << s.band_retries << " widenings), " << s.repairs << " repairs, " << s.segments << " segments refitted, " << (s.paragraph_first ? "paragraphs first, " : "")
              << "lexicon " << s.lexicon_entries << " pairs, mean score " << s.mean_score
              << ", " << s.seconds << " s, memory estimate " << format_bytes(pair.memory_estimate)
              << "\n";
    if (s.subtitles) std::cerr << "talign: " << cue_time_summary(s) << '\n';
  }
  // The lexicon first: if it cannot be written, nothing has gone to stdout yet.
  if (!lexicon_out_path.empty()) {
    OutputFile lexicon(lexicon_out_path);
    lexicon.write(lexicon_out);
    lexicon.commit();
  }
  const AlignedDocuments documents{src,
                                   tgt,
                                   alignment,
                                   pair.src_lang,
                                   pair.tgt_lang,
                                   min_score,
                                   vm.count("keep-unmatched") > 0,
                                   creation_date,
                                   display_name(src_path),
                                   display_name(tgt_path),
                                   &pair.src_codes,
                                   &pair.tgt_codes};
  // The report before the alignment: if it cannot be written, nothing has gone to stdout yet.
  if (!report_path.empty()) make_report_writer()->write(documents, report_path);
  for (const std::string& w : write_warnings(writer->write(documents, output), format)) warn(w);
  return kOk;
}

}  // namespace talign::cli
