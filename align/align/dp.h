// The banded dynamic programme: the best monotone bead sequence through the band (Viterbi), and
// each chosen bead's posterior probability (forward-backward over all bead sequences in the band).
#pragma once

#include <functional>
#include <vector>

#include "align/align/alignment.h"
#include "align/align/scorer.h"

namespace talign {

struct DpResult {
  std::vector<Bead> beads;   // covering both sides, in order, scores = posteriors
  bool touches_edge = false;  // the path runs along the band's edge: a wider band may do better
  double best_score = 0;      // total log-score of the path (long skip runs scored as runs)
};

// Runs the search over `band` (rows 0..n, where n = band.rows() - 1, columns 0..m). With skip-run
// models in the scorer's parameters (ScoreParams::src_skip_runs, tgt_skip_runs) a path may
// score a run of kMinSkipRun or more skips as a run (SkipRunModel), and the posteriors count
// those ways too.
// `temperature` divides scores before the posterior computation. Without `posteriors` only the
// best path is searched (about a third of the work) and every bead's score is 1. With a
// `backward_scorer` (a second scorer over the same data) the backward pass runs on a second
// thread, unless the scores of the band's beads take at most `keep_bytes`: then they are
// computed once, kept, and read by all passes on this thread. The result is the same either
// way. Requires a band connecting (0, 0) to (n, m); Band::full, Band::around and
// Band::from_groups make such bands.
// `progress`, if set, is called now and then with the share of forward rows done.
inline constexpr size_t kDefaultKeepBytes = size_t(64) << 20;
DpResult run_dp(const Band& band, size_t m, BeadScorer& scorer, double temperature,
                bool posteriors = true, BeadScorer* backward_scorer = nullptr,
                const std::function<void(double)>& progress = {},
                size_t keep_bytes = kDefaultKeepBytes);

// Called for every possible bead (ending at DP cell (i, j), shape kShapes[k]) whose posterior
// probability is at least kMinVisitedPosterior.
using PosteriorVisitor = std::function<void(uint32_t i, uint32_t j, int k, double posterior)>;
inline constexpr double kMinVisitedPosterior = 1e-4;

// Forward-backward over `band` at temperature 1, visiting every likely bead with its posterior:
// the expected counts an EM step needs (align/align/model_fit.h). Returns the best path as
// run_dp does (scores 1).
DpResult run_dp_expectations(const Band& band, size_t m, BeadScorer& scorer,
                             const PosteriorVisitor& visit, size_t keep_bytes = kDefaultKeepBytes);

}  // namespace talign
