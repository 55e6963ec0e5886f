// talign eval: strict and lax precision/recall/F1 of test alignments against gold beads.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "align/common/error.h"
#include "align/eval/beads.h"
#include "align/eval/evaluate.h"
#include "tools/cli.h"

namespace talign::cli {
namespace {

// The largest source and target id of an alignment (-1 for a side with none): what a test file
// must share with its gold to be an alignment of the same two documents.
std::pair<int64_t, int64_t> max_ids(const std::vector<BeadRecord>& beads) {
  int64_t src = -1, tgt = -1;
  for (const BeadRecord& b : beads) {
    for (uint32_t id : b.src) src = std::max<int64_t>(src, id);
    for (uint32_t id : b.tgt) tgt = std::max<int64_t>(tgt, id);
  }
  return {src, tgt};
}

std::string range(int64_t max) { return max < 0 ? "none" : "0.." + std::to_string(max); }

// Scores with three decimals. snprintf, not printf: talign turns off stdio sync, so all output
// goes through std::cout to keep its order.
std::string fixed3(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

// Right-aligned in `width` columns.
std::string pad(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// The reliability table: per score bucket the scored test beads, their mean score and the share
// equal to a gold bead; then all buckets together and the ECE.
void print_calibration(const Calibration& c) {
  const int64_t total = c.beads();
  std::cout << "calibration of " << total << " scored test bead(s) (1-0/0-1 included), "
            << kCalibrationBuckets << " equal-width score buckets\n";
  std::cout << "score       " << pad("beads", 8) << pad("mean score", 12) << pad("exact", 8)
            << '\n';
  auto row = [](const std::string& label, int64_t beads, double score_sum, int64_t exact) {
    std::cout << label << pad(std::to_string(beads), 8);
    if (beads == 0) {
      std::cout << pad("-", 12) << pad("-", 8) << '\n';
      return;
    }
    const double n = static_cast<double>(beads);
    std::cout << pad(fixed3(score_sum / n), 12) << pad(fixed3(static_cast<double>(exact) / n), 8)
              << '\n';
  };
  CalibrationBucket all;
  for (int k = 0; k < kCalibrationBuckets; ++k) {
    const CalibrationBucket& b = c.buckets[k];
    char label[32];
    std::snprintf(label, sizeof label, "[%.1f, %.1f%c  ", double(k) / kCalibrationBuckets,
                  double(k + 1) / kCalibrationBuckets, k + 1 == kCalibrationBuckets ? ']' : ')');
    row(label, b.beads, b.score_sum, b.exact);
    all.beads += b.beads;
    all.score_sum += b.score_sum;
    all.exact += b.exact;
  }
  row("all         ", all.beads, all.score_sum, all.exact);
  std::cout << "expected calibration error (ECE) " << fixed3(expected_calibration_error(c)) << '\n';
}

void print_scores(const std::string& label, const EvalScores& s) {
  std::cout << label << ": strict P/R/F1 " << fixed3(s.strict_precision) << '/'
            << fixed3(s.strict_recall) << '/' << fixed3(s.strict_f1) << " lax P/R/F1 "
            << fixed3(s.lax_precision) << '/' << fixed3(s.lax_recall) << '/' << fixed3(s.lax_f1)
            << '\n';
}

}  // namespace

int run_eval(const std::vector<std::string>& args) {
  std::vector<std::string> gold_paths, test_paths;
  po::options_description options("Options");
  // clang-format off
  options.add_options()
      ("help,h", "show this help")
      ("gold,g", po::value(&gold_paths)->multitoken()->composing()->required(),
       "gold bead files (complete alignments of the documents)")
      ("test,t", po::value(&test_paths)->multitoken()->composing()->required(),
       "bead files to score, paired with the gold files by position")
      ("strict-gold", "a gold file that is not a complete monotone alignment is an error")
      ("calibration", "also check the test beads' scores: a reliability table (10 equal-width "
       "score buckets) and the expected calibration error")
      ("quiet,q", "no warnings on stderr");
  // clang-format on
  po::options_description hidden;
  po::positional_options_description no_positionals;
  po::variables_map vm;
  const std::string usage =
      "Usage: talign eval -g GOLD... -t TEST... [--calibration] [--strict-gold] [-q]\n"
      "Scores alignments against gold alignments with strict and lax precision, recall and F1\n"
      "(as vecalign's score.py computes them): a strict hit is a bead equal to a gold bead, a lax\n"
      "hit aligns a source sentence to a target sentence that gold also aligns it to; recall\n"
      "ignores 1-0 and 0-1 beads. Bead files have one bead per line, e.g. '[0, 1]:[2]' or\n"
      "'[3]:[]', optionally followed by ':SCORE'. Counts are pooled over all pairs.\n"
      "Prints one line per pair, a pooled line, and last 'strict_f1=X lax_f1=Y'. A warning says\n"
      "when a gold file does not cover its sentences exactly once in order, or when a test file\n"
      "covers other id ranges than its gold.\n"
      "--calibration checks that a score p means a share p of right beads: pooled over all pairs,\n"
      "every scored test bead (1-0/0-1 too) goes to one of 10 buckets [0,0.1), ..., [0.9,1] and\n"
      "counts as right if it equals a gold bead; printed per bucket are the beads, their mean\n"
      "score and the share right, then ECE = sum over buckets of (n_b/N)*|mean_b - right_b|,\n"
      "also appended to the last line as 'ece=Z'. Beads without a score are left out.";
  if (!parse_command(args, options, hidden, no_positionals, usage, vm)) return kOk;
  if (gold_paths.size() != test_paths.size())
    throw UsageError(std::to_string(gold_paths.size()) + " gold file(s) but " +
                     std::to_string(test_paths.size()) +
                     " test file(s); they are paired by position");
  const size_t stdin_uses = std::count(gold_paths.begin(), gold_paths.end(), "-") +
                            std::count(test_paths.begin(), test_paths.end(), "-");
  if (stdin_uses > 1) throw UsageError("standard input ('-') can be read only once");

  // Everything is read and checked before anything is printed, so a bad file gives an error and
  // no partial report.
  const bool calibration = vm.count("calibration") > 0;
  std::vector<EvalCounts> file_counts;
  EvalCounts pooled;
  Calibration calibrated;
  for (size_t i = 0; i < gold_paths.size(); ++i) {
    const std::vector<BeadRecord> gold = read_beads(gold_paths[i]);
    if (gold.empty()) throw Error(ErrorKind::kData, gold_paths[i], "no beads (empty gold file)");
    // The published Text+Berg gold files have a few gaps, crossings and a typo'd id; score.py
    // scores them as they are, so by default we do too and only say so.
    try {
      check_coverage(gold, gold_paths[i]);
    } catch (const Error& e) {
      if (vm.count("strict-gold")) throw;
      warn(std::string(e.what()) +
           "; the gold is not a complete monotone alignment, scoring anyway");
    }
    const std::vector<BeadRecord> test = read_beads(test_paths[i]);
    if (test.empty()) throw Error(ErrorKind::kData, test_paths[i], "no beads (empty test file)");
    // A test alignment that repeats or skips sentences would score as if it did not; say so.
    try {
      check_coverage(test, test_paths[i]);
    } catch (const Error& e) {
      warn(std::string(e.what()) +
           "; the test is not a complete monotone alignment, scoring anyway");
    }
    const auto [gold_src, gold_tgt] = max_ids(gold);
    const auto [test_src, test_tgt] = max_ids(test);
    if (gold_src != test_src || gold_tgt != test_tgt)
      warn(display_name(test_paths[i]) + ": covers source ids " + range(test_src) +
           " and target ids " + range(test_tgt) + " but its gold " + display_name(gold_paths[i]) +
           " covers " + range(gold_src) + " and " + range(gold_tgt) + "; scoring anyway");
    file_counts.emplace_back();
    add_file(file_counts.back(), gold, test);
    pooled += file_counts.back();
    if (calibration) add_calibration(calibrated, gold, test);
  }
  if (calibration) {
    if (calibrated.beads() == 0)
      throw Error(ErrorKind::kData, display_name(test_paths.front()),
                  "--calibration: no test bead has a score (talign align --format beads writes "
                  "them)");
    if (calibrated.unscored > 0)
      warn(std::to_string(calibrated.unscored) +
           " test bead(s) without a score left out of the calibration");
  }

  for (size_t i = 0; i < test_paths.size(); ++i)
    print_scores(display_name(test_paths[i]), scores(file_counts[i]));
  const EvalScores total = scores(pooled);
  print_scores("pooled over " + std::to_string(test_paths.size()) + " file pair(s)", total);
  if (calibration) print_calibration(calibrated);
  std::cout << "strict_f1=" << fixed3(total.strict_f1) << " lax_f1=" << fixed3(total.lax_f1);
  if (calibration) std::cout << " ece=" << fixed3(expected_calibration_error(calibrated));
  std::cout << '\n';
  return kOk;
}

}  // namespace talign::cli
