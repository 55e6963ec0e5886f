// talign report: the HTML review page for an alignment made earlier (a beads file).
#include "align/align/pipeline.h"
#include "align/common/error.h"
#include "align/write/alignment_writer.h"
#include "align/write/report_writer.h"
#include "tools/cli.h"

namespace talign::cli {

int run_report(const std::vector<std::string>& args) {
  std::string src_path, tgt_path, beads_path, src_lang, tgt_lang, output, date;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("src-lang,s", po::value(&src_lang)->required(), "source language (as given to align)")
      ("tgt-lang,t", po::value(&tgt_lang)->required(), "target language")
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
      "Writes a self-contained HTML page to review and correct an alignment: the beads side by\n"
      "side, a plot of the alignment path, filters, and merge/split/move controls; the page\n"
      "downloads the corrected alignment as TMX and as beads. SOURCE and TARGET are split as\n"
      "'talign align' splits them (give the same --presplit); BEADS is '--format beads' output.";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  if (beads_path.empty())
    throw UsageError(src_path.empty()   ? "missing SOURCE, TARGET and BEADS files"
                     : tgt_path.empty() ? "missing TARGET and BEADS files"
                                        : "missing BEADS file");
  canonicalise_language(src_lang, "--src-lang");
  canonicalise_language(tgt_lang, "--tgt-lang");
  int stdin_inputs = 0;
  for (const std::string* path : {&src_path, &tgt_path, &beads_path}) stdin_inputs += *path == "-";
  if (stdin_inputs > 1) throw UsageError("only one input can be '-'");
  check_output_is_not_input(output, {src_path, tgt_path, beads_path});
  if (vm.count("date") && date.empty()) throw UsageError("--date needs a date");
  const std::string creation_date = tmx_creation_date(date);

  PairOptions pair_options;
  pair_options.src_lang = src_lang;
  pair_options.tgt_lang = tgt_lang;
  apply_splitting_options(vm, pair_options);
  pair_options.align.use_anchors = !vm.count("no-anchors");
  const AlignedPair pair = read_aligned_files(src_path, tgt_path, beads_path, pair_options);
  const AlignedDocuments documents{pair.src,
                                   pair.tgt,
                                   pair.alignment,
                                   src_lang,
                                   tgt_lang,
                                   0.0,
                                   vm.count("keep-unmatched") > 0,
                                   creation_date,
                                   display_name(src_path),
                                   display_name(tgt_path)};
  make_report_writer()->write(documents, output);
  return kOk;
}

}  // namespace talign::cli
