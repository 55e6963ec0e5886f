// The M-step of the per-document model (align/align/model_fit.h).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "align/align/alignment.h"
#include "align/align/model_fit.h"
#include "tests/test_beads.h"

namespace {

using talign::Bead;
using talign::BeadStatistics;
using talign::shape_index;

// A path of `pairs` 1-1 beads, then `run` source-only beads, then `pairs` more 1-1 beads, then
// `tgt_run` target-only beads; each skip also added to `statistics` with posterior 1.
std::vector<Bead> path_with_runs(BeadStatistics& statistics, uint32_t pairs, uint32_t run,
                                 uint32_t tgt_run) {
  const talign::SideFeatures none;
  std::vector<Bead> path;
  uint32_t i = 0, j = 0;
  auto add = [&](uint32_t a, uint32_t b) {
    path.push_back(talign::testing::make_bead(i, a, j, b));
    i += a;
    j += b;
    if (a == 0 || b == 0) statistics.add(none, none, i, j, shape_index(a, b), 1.0);
  };
  for (uint32_t k = 0; k < pairs; ++k) add(1, 1);
  for (uint32_t k = 0; k < run; ++k) add(1, 0);
  for (uint32_t k = 0; k < pairs; ++k) add(1, 1);
  for (uint32_t k = 0; k < tgt_run; ++k) add(0, 1);
  return path;
}

}  // namespace

TEST_CASE("discount_skip_runs counts a run of skips longer than kMaxRun as kMaxRun", "[fit]") {
  const int skip_src = shape_index(1, 0), skip_tgt = shape_index(0, 1);
  SECTION("a long source-only run in the middle and a short target-only run at the end") {
    BeadStatistics statistics;
    const std::vector<Bead> path = path_with_runs(statistics, 10, 40, 3);
    REQUIRE(statistics.shape_counts()[skip_src] == Approx(40));
    statistics.discount_skip_runs(path);
    CHECK(statistics.shape_counts()[skip_src] == Approx(talign::kMaxRun));
    CHECK(statistics.shape_counts()[skip_tgt] == Approx(3));  // short runs count in full
  }
  SECTION("a long run at the end of the path, runs of exactly kMaxRun untouched") {
    BeadStatistics statistics;
    const std::vector<Bead> path = path_with_runs(statistics, 5, talign::kMaxRun, 25);
    statistics.discount_skip_runs(path);
    CHECK(statistics.shape_counts()[skip_src] == Approx(talign::kMaxRun));
    CHECK(statistics.shape_counts()[skip_tgt] == Approx(talign::kMaxRun));
  }
  SECTION("the count never goes below zero (a path longer than the expected counts)") {
    BeadStatistics statistics;
    BeadStatistics unused;
    const std::vector<Bead> path = path_with_runs(unused, 2, 30, 0);
    statistics.discount_skip_runs(path);
    CHECK(statistics.shape_counts()[skip_src] == 0);
  }
}

TEST_CASE("update: a document with one long gap keeps a low skip prior", "[fit]") {
  const int skip_src = shape_index(1, 0);
  talign::FitOptions options;
  talign::ScoreParams counted, discounted;
  BeadStatistics with_gap;
  const std::vector<Bead> path = path_with_runs(with_gap, 100, 300, 0);
  with_gap.update(counted, talign::LengthUnit::kGraphemes, options);
  with_gap.discount_skip_runs(path);
  with_gap.update(discounted, talign::LengthUnit::kGraphemes, options);
  // Counted in full, 300 skips against 0 pairs in the counts make skipping the likeliest bead.
  CHECK(counted.prior[skip_src] > 0.5);
  CHECK(discounted.prior[skip_src] < counted.prior[skip_src] / 2);
}

TEST_CASE("BeadStatistics::add leaves out beads holding a paragraph marker", "[fit][markers]") {
  // Three sentences a side; sentence 1 of each is a marker.
  talign::SideFeatures side;
  side.length = side.graphemes = side.bytes = side.word_count = {20, 1, 22};
  side.marker_prefix = {0, 0, 1, 1};
  BeadStatistics with, without;
  const int one_one = shape_index(1, 1), skip = shape_index(1, 0);
  with.add(side, side, 1, 1, one_one, 1.0);  // text with text: counted
  with.add(side, side, 2, 2, one_one, 0.9);  // the marker pair: not counted
  with.add(side, side, 2, 1, skip, 0.5);     // a lone marker: not counted
  with.add(side, side, 3, 3, one_one, 0.7);  // text with text: counted
  without.add(side, side, 1, 1, one_one, 1.0);
  without.add(side, side, 3, 3, one_one, 0.7);
  CHECK(with.shape_counts() == without.shape_counts());
  CHECK(with.shape_counts()[one_one] == Approx(1.7));
  CHECK(with.shape_counts()[skip] == 0.0);
}

TEST_CASE("update: a long document searches only the shapes it shows", "[fit]") {
  // Every sentence 20 units long on both sides; beads laid end to end with posterior 1.
  auto fitted = [](uint32_t one_one_beads, uint32_t two_one_beads, uint32_t two_two_beads) {
    const uint32_t n = one_one_beads + 2 * two_one_beads + 2 * two_two_beads;
    talign::SideFeatures side;
    side.length = side.graphemes = side.bytes = side.word_count = std::vector<float>(n, 20.0f);
    BeadStatistics statistics;
    uint32_t i = 0, j = 0;
    auto add = [&](int a, int b, uint32_t count) {
      for (uint32_t k = 0; k < count; ++k) {
        i += a;
        j += b;
        statistics.add(side, side, i, j, shape_index(a, b), 1.0);
      }
    };
    add(1, 1, one_one_beads);
    add(2, 1, two_one_beads);
    add(2, 2, two_two_beads);
    talign::ScoreParams params;
    statistics.update(params, talign::LengthUnit::kGraphemes, talign::FitOptions{});
    return params.prior;
  };
  const auto long_document = fitted(3000, 60, 3);
  CHECK(long_document[shape_index(3, 1)] == 0);  // never shown: not searched
  CHECK(long_document[shape_index(1, 4)] == 0);
  CHECK(long_document[shape_index(2, 1)] > 0);
  // Three 2-2 beads among 3,000: the factored prior is under the threshold, the count is not.
  CHECK(long_document[shape_index(2, 2)] > 0);
  CHECK(long_document[shape_index(1, 1)] > 0.9);
  // A short document has too little evidence against a shape: the neutral priors keep it.
  const auto short_document = fitted(40, 1, 0);
  CHECK(short_document[shape_index(3, 1)] > 0);
  CHECK(short_document[shape_index(2, 2)] > 0);
}

TEST_CASE("fit_skip_runs: a model for a side whose path has a long run, none otherwise", "[fit]") {
  constexpr double kPseudo = 20;
  // A path from bead counts: each (a, b, times) adds `times` beads of shape a-b.
  struct Step {
    uint32_t src, tgt, times;
  };
  auto path_of = [](std::initializer_list<Step> steps) {
    std::vector<Bead> path;
    uint32_t i = 0, j = 0;
    for (const Step& step : steps)
      for (uint32_t t = 0; t < step.times; ++t) {
        path.push_back(talign::testing::make_bead(i, step.src, j, step.tgt));
        i += step.src;
        j += step.tgt;
      }
    return path;
  };
  SECTION("no run of kMinSkipRun skips (or an empty path): no model, the bead model's search") {
    talign::ScoreParams params;
    params.src_skip_runs.log_open = -1;  // a model from before is replaced
    talign::fit_skip_runs(path_of({{1, 1, 50}, {1, 0, 6}, {1, 1, 50}, {0, 1, 3}}), kPseudo,
                          params);
    CHECK(params.src_skip_runs.empty());
    CHECK(params.tgt_skip_runs.empty());
    talign::fit_skip_runs({}, kPseudo, params);
    CHECK(params.src_skip_runs.empty());
    CHECK(params.tgt_skip_runs.empty());
  }
  SECTION("a source run of exactly 7 in 100 beads: extend 6/8, open 1/(100 - 6 + 20) x 2/8") {
    REQUIRE(talign::kMinSkipRun == 7);
    talign::ScoreParams params;
    talign::fit_skip_runs(path_of({{1, 1, 50}, {1, 0, 7}, {1, 1, 43}}), kPseudo, params);
    REQUIRE_FALSE(params.src_skip_runs.empty());
    CHECK(params.tgt_skip_runs.empty());
    CHECK(params.src_skip_runs.log_extend == Approx(std::log(0.75)));
    CHECK(params.src_skip_runs.log_open == Approx(std::log(0.25 / 114)));
  }
  SECTION("runs at the very start and the very end, one per side") {
    talign::ScoreParams params;
    // Target run of 10 first, source run of 27 last: 110 beads.
    talign::fit_skip_runs(path_of({{0, 1, 10}, {1, 1, 73}, {1, 0, 27}}), kPseudo, params);
    REQUIRE_FALSE(params.src_skip_runs.empty());
    REQUIRE_FALSE(params.tgt_skip_runs.empty());
    // Source: 20 skips past the first 7, extend (20 + 6) / (20 + 1 + 7) = 26/28.
    CHECK(params.src_skip_runs.log_extend == Approx(std::log(26.0 / 28)));
    CHECK(params.src_skip_runs.log_open == Approx(std::log(1.0 / (110 - 26 + 20) * (2.0 / 28))));
    // Target: 3 past the first 7, extend 9/11.
    CHECK(params.tgt_skip_runs.log_extend == Approx(std::log(9.0 / 11)));
    CHECK(params.tgt_skip_runs.log_open == Approx(std::log(1.0 / (110 - 9 + 20) * (2.0 / 11))));
    // As one run the 27 skips cost less than three skip beads of the neutral prior.
    CHECK(params.src_skip_runs.log_open + 20 * params.src_skip_runs.log_extend >
          3 * std::log(talign::kNeutralPriors[shape_index(1, 0)]));
  }
  SECTION("any other bead ends a run, as in the search: 4 skips, a 1-1, 4 skips is no run") {
    talign::ScoreParams params;
    talign::fit_skip_runs(path_of({{1, 1, 10}, {1, 0, 4}, {1, 1, 1}, {1, 0, 4}, {1, 1, 10}}),
                          kPseudo, params);
    CHECK(params.src_skip_runs.empty());
    // Source and target skips in turn are no run of either side.
    talign::fit_skip_runs(path_of({{1, 0, 1}, {0, 1, 1}, {1, 0, 1}, {0, 1, 1}, {1, 0, 1},
                                   {0, 1, 1}, {1, 0, 1}, {0, 1, 1}, {1, 0, 1}, {0, 1, 1},
                                   {1, 0, 1}, {0, 1, 1}, {1, 0, 1}, {0, 1, 1}}),
                          kPseudo, params);
    CHECK(params.src_skip_runs.empty());
    CHECK(params.tgt_skip_runs.empty());
  }
}
