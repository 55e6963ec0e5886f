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

}  // namespace talign
