// talign convert: reads an aligned corpus (TMX, Moses, TSV) and writes it in another format
// through the alignment writers.
#include <iostream>

#include "align/split/language_tag.h"
#include "align/common/error.h"
#include "align/input/parallel_reader.h"
#include "align/split/language_data.h"
#include "align/write/alignment_writer.h"
#include "tools/cli.h"

namespace talign::cli {
namespace {

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// The input format from the file name, or "" when it does not say.
std::string format_from_name(const std::string& path) {
  if (ends_with_ci(path, ".tmx")) return "tmx";
  if (ends_with_ci(path, ".tsv")) return "tsv";
  for (const char* ext : {".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff"})
    if (ends_with_ci(path, ext)) return "xliff";
  return "";
}

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  std::string input, output, to, from, src_lang, tgt_lang, date;
  po::options_description options("Options");
  // clang-format off
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&output)->default_value("-"),
       "output file ('-' = stdout; moses: the prefix of OUT.L1 and OUT.L2)")
      ("to", po::value(&to)->required(), "output format: tmx, moses, tsv, jsonl (see align --help)")
      ("from", po::value(&from),
       "input format: tmx, xliff (1.2 or 2.x: its translated units), moses (INPUT is the "
       "prefix of INPUT.L1 and INPUT.L2) or tsv (source<TAB>target[<TAB>score]); default: from "
       "the extension (.tmx, .xlf, .xliff, .tsv)")
      ("src-lang,s", po::value(&src_lang),
       "source language: picks the source <tuv> of a TMX; required for moses input")
      ("tgt-lang,t", po::value(&tgt_lang), "target language")
      ("date", po::value(&date), "tmx creation date, YYYYMMDDThhmmssZ or YYYY-MM-DD "
       "(default: SOURCE_DATE_EPOCH, else now)")
      ("quiet,q", "no warnings on stderr");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input), "input file");
  po::positional_options_description positionals;
  positionals.add("input", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign convert INPUT --to FORMAT [-o OUT] [--from FORMAT] [-s L1 -t L2]\n"
      "Converts an aligned corpus between TMX, Moses, TSV and JSON Lines (and from XLIFF). Every\n"
      "translation unit is kept, one with a single side too (XLIFF: its translated units);\n"
      "scores are kept where the formats have them.";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  lowercase_format(to);
  lowercase_format(from);
  if (input.empty()) throw UsageError("missing INPUT");
  if (vm.count("output")) check_not_empty(output, "--output");
  if (from.empty()) from = format_from_name(input);
  if (from.empty())
    throw UsageError("cannot tell the format of '" + input + "' from its name; give --from");
  if (from != "tmx" && from != "moses" && from != "tsv" && from != "xliff")
    throw UsageError("cannot read '" + from + "' (--from: tmx, xliff, moses or tsv)");
  canonicalise_language(src_lang, "--src-lang", true);
  canonicalise_language(tgt_lang, "--tgt-lang", true);
  if (from == "moses" && (src_lang.empty() || tgt_lang.empty()))
    throw UsageError("moses input needs --src-lang and --tgt-lang (the file extensions)");
  if (!src_lang.empty() && src_lang == tgt_lang)
    throw UsageError("--src-lang and --tgt-lang must differ");

  const std::unique_ptr<AlignmentWriter> writer = make_writer(to);
  const bool needs_languages = to == "tmx" || to == "moses";
  if (needs_languages && from != "tmx" && from != "xliff" && (src_lang.empty() || tgt_lang.empty()))
    throw UsageError(to + " output needs --src-lang and --tgt-lang (" + from +
                     " input does not name its languages)");
  if (to == "moses" && output == "-")
    throw UsageError("the moses format writes two files: give -o PREFIX");
  const std::string creation_date = tmx_creation_date(date);

  std::vector<std::string> inputs{input};
  if (from == "moses") inputs = {input + "." + src_lang, input + "." + tgt_lang};
  if (to == "moses" && !src_lang.empty() && !tgt_lang.empty()) {
    check_output_is_not_input(output + "." + src_lang, inputs);
    check_output_is_not_input(output + "." + tgt_lang, inputs);
  } else {
    check_output_is_not_input(output, inputs);
  }

  ParallelCorpus corpus = from == "tmx"     ? read_tmx(input, src_lang, tgt_lang)
                          : from == "xliff" ? read_xliff_corpus(input, src_lang, tgt_lang)
                          : from == "tsv"   ? read_tsv(input)
                                            : read_moses(inputs[0], inputs[1]);
  if (!src_lang.empty()) corpus.src_lang = src_lang;
  if (!tgt_lang.empty()) corpus.tgt_lang = tgt_lang;
  // Codes read from the input ("EN_us", "fre") are written canonical; one that is no language
  // tag at all is kept as it was, not guessed at.
  for (std::string* lang : {&corpus.src_lang, &corpus.tgt_lang})
    if (const auto canonical = canonical_language_tag(*lang)) *lang = *canonical;
  if (corpus.alignment.beads.empty())
    throw Error(ErrorKind::kData, inputs[0], "no translation units (empty input)");
  if (needs_languages && (corpus.src_lang.empty() || corpus.tgt_lang.empty()))
    throw Error(ErrorKind::kData, input,
                "only one language found; give --src-lang and --tgt-lang for " + to + " output");
  if (to == "moses" && (src_lang.empty() || tgt_lang.empty()))
    for (const std::string* lang : {&corpus.src_lang, &corpus.tgt_lang})
      check_output_is_not_input(output + "." + *lang, inputs);

  const AlignedDocuments documents{corpus.src,
                                   corpus.tgt,
                                   corpus.alignment,
                                   corpus.src_lang,
                                   corpus.tgt_lang,
                                   0.0,
                                   /*keep_unmatched=*/true,
                                   creation_date,
                                   display_name(inputs[0]),
                                   display_name(inputs.back())};
  const WriteStats written = writer->write(documents, output);
  if (corpus.dropped_variants)
    warn(std::to_string(corpus.dropped_variants) +
         " <tuv>(s) left out: a unit keeps one source and one target variant");
  if (corpus.empty_units)
    warn(std::to_string(corpus.empty_units) + " unit(s) without text left out");
  if (corpus.untranslated_units)
    warn(std::to_string(corpus.untranslated_units) +
         " XLIFF segment(s) without a translation left out");
  if (corpus.bad_scores)
    warn(std::to_string(corpus.bad_scores) +
         " x-talign-score prop(s) that are not a number in [0, 1] ignored");
  for (const std::string& w : write_warnings(written, to)) warn(w);
  return kOk;
}

}  // namespace talign::cli
