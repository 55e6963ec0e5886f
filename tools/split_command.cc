// talign split: one sentence per line, an empty line between paragraphs.
#include <optional>

#include "align/common/error.h"
#include "align/input/document.h"
#include "align/input/format.h"
#include "align/split/language_data.h"
#include "align/split/splitter.h"
#include "align/split/srx.h"
#include "align/write/escape.h"
#include "align/write/output_file.h"
#include "tools/cli.h"

namespace talign::cli {

int run_split(const std::vector<std::string>& args) {
  std::string lang, input, output, srx_path, srx_lang, from = "auto";
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("lang,l", po::value(&lang)->required(),
       "language of the text (BCP-47 or ISO 639: en, de, zh, ar, eng, ...)")
      ("output,o", po::value(&output)->default_value("-"), "output file ('-' = stdout)")
      ("no-paragraphs", "do not print an empty line between paragraphs")
      ("line-paragraphs", "every input line is a paragraph (files with one paragraph per line)")
      ("from", po::value(&from), "input format: auto (by content; the default), text, docx, odt, "
       "html, md, srt, vtt, xliff (its source side)")
      ("srx", po::value(&srx_path), "SRX 2.0 file whose rules override the built-in ones")
      ("srx-lang", po::value(&srx_lang), "language to look up in the SRX file (default: --lang)")
      ("quiet,q", "no warnings on stderr");
  add_abbreviation_option(options);
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input)->default_value("-"), "input file");
  po::positional_options_description positionals;
  positionals.add("input", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign split --lang LANG [FILE|-] [-o OUT] [--from FORMAT]\n"
      "Splits a document (text, or a .docx, .odt, .html, .md... file: see --from) into\n"
      "sentences: one per line, an empty line between paragraphs.\n"
      "A blank line in the input ends a paragraph; other line breaks inside a paragraph are\n"
      "folded into spaces unless the line stands on its own (it ends before the paragraph's\n"
      "wrap width, or a list item follows). --line-paragraphs makes every line a paragraph.";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  canonicalise_language(lang, "--lang");
  if (vm.count("srx-lang") && srx_path.empty()) throw UsageError("--srx-lang needs --srx");
  // Standard input carries the text; the rules must come from a file.
  if (srx_path == "-" || (vm.count("srx") && srx_path.empty()))
    throw UsageError("--srx needs a file, not '" + srx_path + "'");
  // Checked before reading the input, which may be a long stream.
  if (output.empty()) throw UsageError("--output is empty (use '-' for stdout)");

  std::optional<SrxRules> srx;
  if (!srx_path.empty()) {
    srx = SrxRules::load(srx_path, srx_lang.empty() ? lang : srx_lang);
    for (const std::string& w : srx->warnings()) warn(w);
  }
  apply_abbreviation_option(vm);
  check_output_is_not_input(output, {input});
  InputFormat format = InputFormat::kAuto;
  try {
    format = parse_input_format(from);
  } catch (const Error& e) {
    throw UsageError(std::string("--from: ") + e.what());
  }
  const Document doc = read_input_document(input, format);
  SplitterOptions splitter_options;
  splitter_options.line_paragraphs = vm.count("line-paragraphs") > 0;
  const Splitter splitter(lang, srx ? &*srx : nullptr, splitter_options);
  const SentenceList sentences = splitter.split(doc.text);
  if (srx) {
    for (const std::string& w : srx->take_run_warnings()) warn(w);
  }
  if (sentences.empty()) throw Error(ErrorKind::kData, input, "no text to split (empty input)");
  if (const std::string w = splitting_warning(lang); !w.empty()) warn(w);

  const bool paragraphs = !vm.count("no-paragraphs");
  OutputFile out(output);
  size_t controls = 0;
  std::string text;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (paragraphs && i > 0 && sentences.paragraph(i) != sentences.paragraph(i - 1)) out.write("\n");
    text.assign(sentences.text(i));
    controls += replace_controls(text);
    out.write(text);
    out.write("\n");
  }
  out.commit();
  if (controls) warn(std::to_string(controls) + " control character(s) written as U+FFFD");
  return kOk;
}

}  // namespace talign::cli
