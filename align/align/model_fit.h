// Fitting the model to one document pair: bead-type priors, the length unit, the length ratio and
// the length variance are estimated by EM over the posteriors of the banded search (expected
// bead counts, not one Viterbi path), smoothed toward neutral defaults so that a short document
// does not overfit. Nothing here encodes a language pair: the numbers come from the input.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "align/align/alignment.h"
#include "align/align/scorer.h"
#include "align/features/features.h"

namespace talign {

// The unit a sentence's length is measured in; the one whose ratio between the two sides is
// most stable is chosen per document.
enum class LengthUnit : uint8_t { kGraphemes = 0, kBytes = 1, kWords = 2 };
inline constexpr int kLengthUnits = 3;

// Name for reports: "graphemes", "bytes", "words".
const char* length_unit_name(LengthUnit unit);

// The lengths of `side` in `unit`.
const std::vector<float>& lengths_in(const SideFeatures& side, LengthUnit unit);

struct FitOptions {
  int max_iterations = 6;          // EM rounds at most (they usually settle in 2-4)
  double prior_pseudo_beads = 20;  // weight of the neutral priors against the expected counts
  // An extended shape (1-5, 2-4, ...) is searched when its fitted prior is at least this: the
  // document shows such a tail.
  double extend_threshold = 0.001;
  bool choose_unit = true;  // false: keep the unit the features came with
  bool fit_lambda = false;  // also fit llr_lambda, the share of target tokens the source explains
  double lambda_pseudo_tokens = 50;  // weight of the starting llr_lambda against the counts
  bool skip_runs = true;  // fit SkipRunModels (fit_skip_runs) for the final search
};

// Expected counts gathered from posteriors: the E-step's output, the M-step's input.
class BeadStatistics {
 public:
  // Adds a possible bead with its posterior: source sentences [i - src, i) and target
  // sentences [j - tgt, j) of `src` / `tgt` (whose lengths are read in every unit). A bead
  // holding a paragraph marker is not counted: it is no translation.
  void add(const SideFeatures& src, const SideFeatures& tgt, uint32_t i, uint32_t j, int k,
           double posterior);
  // Adds the lexical mixture's expected counts of a possible bead, weighted by its posterior.
  void add_explained(const BeadScorer::Explained& e, double posterior) {
    explained_ += posterior * e.explained;
    tokens_ += posterior * e.tokens;
  }

  // Counts a run of more than kMaxRun consecutive skips on one side of `path` (the round's best
  // path) as kMaxRun: a long stretch one side lacks (a missing chapter, a translator's
  // introduction) is one event, not one per sentence; counted in full it would make skipping
  // cheap everywhere else in the document.
  void discount_skip_runs(const std::vector<Bead>& path);

  // Expected number of beads of each shape.
  const std::array<double, kShapes.size()>& shape_counts() const { return shape_count_; }

  // The unit whose log length ratio varies least over the beads (weighted median absolute
  // deviation).
  LengthUnit most_stable_unit() const;

  // M-step: priors from the expected counts (factored into the run lengths of the two sides,
  // smoothed toward neutral ones), extended shapes switched on where the data shows the tail,
  // ratio and variance of the length model in `unit`, and (options.fit_lambda) llr_lambda.
  // Returns the largest change of a prior.
  double update(ScoreParams& params, LengthUnit unit, const FitOptions& options) const;

 private:
  struct Sample {
    float log_ratio;  // log(target length / source length)
    float weight;
    float src_len, tgt_len;
  };
  std::array<double, kShapes.size()> shape_count_{};
  std::array<std::vector<Sample>, kLengthUnits> samples_;
  double explained_ = 0, tokens_ = 0;
};

// Fits the long skip-run models of `params` (SkipRunModel) to `path`, a best path covering both
// sides: a run of at least kMinSkipRun consecutive 1-0 (or 0-1) beads is a long run, as in the
// search (a lone paragraph marker's skip is a skip; any other bead ends a run). A side whose
// path has no long run gets no model (log_open -infinity: the search is unchanged). Else
// extend = (beyond + kMaxRun) / (beyond + runs + kMaxRun + 1), `beyond` the skips past each
// run's first kMinSkipRun (a geometric length, smoothed toward one run kMaxRun longer than the
// shortest), and open = runs / (beads - inner skips + pseudo_beads) x (1 - extend): the share
// of the beads that open a run (a run counting as one bead), its end folded into its start.
void fit_skip_runs(const std::vector<Bead>& path, double pseudo_beads, ScoreParams& params);

// Weighted median of `values` (value, weight); 0 when empty.
double weighted_median(std::vector<std::pair<double, double>>& values);

}  // namespace talign
