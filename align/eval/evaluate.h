// Alignment quality against gold beads: strict and lax precision, recall and F1, computed exactly
// as vecalign's score.py does (Thompson & Koehn, 2019), the definition most published sentence
// alignment results use, so our numbers can be compared with theirs.
//
// Precision looks at each distinct test bead (beads empty on both sides are dropped). One that
// equals a gold bead is a strict and lax true positive. Any other is a strict false positive; it is
// still a lax true positive if one of its source ids is aligned in the gold beads to one of its
// target ids, else a lax false positive. Recall is the same count with gold and test swapped and
// all 1-0/0-1 beads removed from both, so recall ignores sentences without a counterpart.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "align/eval/beads.h"

namespace talign {

// True and false positives of one precision-style count.
struct MatchCounts {
  int64_t strict_tp = 0, strict_fp = 0;
  int64_t lax_tp = 0, lax_fp = 0;

  MatchCounts& operator+=(const MatchCounts& other);
};

// Counts to pool over files: scores are computed from summed counts, not averaged per file, so a
// long document weighs more than a short one (as in score.py).
struct EvalCounts {
  MatchCounts precision;  // test beads judged against gold
  MatchCounts recall;     // gold beads judged against test, 1-0/0-1 beads removed from both

  EvalCounts& operator+=(const EvalCounts& other);
};

struct EvalScores {
  double strict_precision = 0, strict_recall = 0, strict_f1 = 0;
  double lax_precision = 0, lax_recall = 0, lax_f1 = 0;
};

// score.py's _precision: the test beads of one file judged against its gold beads. Ids are compared
// as written; scores are ignored.
MatchCounts precision_counts(const std::vector<BeadRecord>& gold,
                             const std::vector<BeadRecord>& test);

// Adds one file pair's precision and recall counts to `counts`.
void add_file(EvalCounts& counts, const std::vector<BeadRecord>& gold,
              const std::vector<BeadRecord>& test);

// P = tp/(tp+fp), R likewise, F1 = 2PR/(P+R); 0 wherever a denominator is 0.
EvalScores scores(const EvalCounts& counts);

// --- Calibration of bead scores --------------------------------------------------------------
// An aligner's per-bead score (`talign align --format beads` writes the bead's posterior) is
// calibrated when, among beads scored about p, a share p is right. "Right" here is the strict
// notion: the bead equals a gold bead (ids as written). Every scored test bead is a prediction,
// 1-0 and 0-1 beads included (the aligner scores them too): "[4]:[]" is right when gold has
// "[4]:[]". Each bead line is one prediction (no de-duplication as in precision_counts: the
// aligner never repeats a bead); beads without a score are counted apart and left out.

// Equal-width score buckets: bucket k holds scores in [k/10, (k+1)/10), the last one [0.9, 1].
inline constexpr int kCalibrationBuckets = 10;

struct CalibrationBucket {
  int64_t beads = 0;     // scored test beads in the bucket
  double score_sum = 0;  // sum of their scores
  int64_t exact = 0;     // how many of them equal a gold bead
};

// Counts to pool over files, like EvalCounts.
struct Calibration {
  std::array<CalibrationBucket, kCalibrationBuckets> buckets;
  int64_t unscored = 0;  // test beads without a score, left out

  Calibration& operator+=(const Calibration& other);
  int64_t beads() const;  // scored beads over all buckets
};

// The bucket of `score` (in [0,1]): floor(10 * score), the top bucket for 1. A score written on a
// boundary ("0.300", "0.7") goes to the bucket it opens.
int calibration_bucket(double score);

// Adds one file pair's scored test beads to `calibration`.
void add_calibration(Calibration& calibration, const std::vector<BeadRecord>& gold,
                     const std::vector<BeadRecord>& test);

// Expected calibration error: sum over buckets of (n_b / N) * |mean score_b - exact share_b|,
// N the scored beads of all buckets (empty buckets add nothing); 0 when there are none.
double expected_calibration_error(const Calibration& calibration);

}  // namespace talign
