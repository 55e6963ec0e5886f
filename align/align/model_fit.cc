#include "align/align/model_fit.h"

#include <algorithm>
#include <cmath>

namespace talign {

const char* length_unit_name(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kBytes: return "bytes";
    case LengthUnit::kWords: return "words";
    case LengthUnit::kGraphemes: break;
  }
  return "graphemes";
}

const std::vector<float>& lengths_in(const SideFeatures& side, LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kBytes: return side.bytes;
    case LengthUnit::kWords: return side.word_count;
    case LengthUnit::kGraphemes: break;
  }
  return side.graphemes;
}

double weighted_median(std::vector<std::pair<double, double>>& values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double total = 0;
  for (const auto& [v, w] : values) total += w;
  double running = 0;
  for (const auto& [v, w] : values) {
    running += w;
    if (running >= total / 2) return v;
  }
  return values.back().first;
}

void BeadStatistics::add(const SideFeatures& src, const SideFeatures& tgt, uint32_t i, uint32_t j,
                         int k, double posterior) {
  const Shape shape = kShapes[k];
  // A bead holding a paragraph marker is no translation: neither a shape nor a length.
  if (src.markers_in(i - shape.src, i) + tgt.markers_in(j - shape.tgt, j) > 0) return;
  shape_count_[k] += posterior;
  if (shape.src == 0 || shape.tgt == 0) return;
  for (int u = 0; u < kLengthUnits; ++u) {
    const auto& ls = lengths_in(src, static_cast<LengthUnit>(u));
    const auto& lt = lengths_in(tgt, static_cast<LengthUnit>(u));
    float s = 0, t = 0;
    for (uint32_t a = i - shape.src; a < i; ++a) s += ls[a];
    for (uint32_t b = j - shape.tgt; b < j; ++b) t += lt[b];
    samples_[u].push_back({std::log(t / s), static_cast<float>(posterior), s, t});
  }
}

namespace {

// Calls f(side, length) for each maximal run of consecutive skip beads of one side in `path`
// (side 0: 1-0 beads, 1: 0-1 beads), in order: what the search's skip runs are.
template <typename F>
void for_each_skip_run(const std::vector<Bead>& path, F&& f) {
  auto side_of = [](const Bead& b) { return b.tgt_count == 0 ? 0 : b.src_count == 0 ? 1 : -1; };
  for (size_t k = 0; k < path.size();) {
    const int side = side_of(path[k]);
    size_t run = 1;
    while (side >= 0 && k + run < path.size() && side_of(path[k + run]) == side) ++run;
    if (side >= 0) f(side, run);
    k += run;
  }
}

}  // namespace

void BeadStatistics::discount_skip_runs(const std::vector<Bead>& path) {
  const std::array<int, 2> shapes = {shape_index(1, 0), shape_index(0, 1)};
  for_each_skip_run(path, [&](int side, size_t run) {
    if (run > size_t(kMaxRun))
      shape_count_[shapes[side]] = std::max(0.0, shape_count_[shapes[side]] - double(run - kMaxRun));
  });
}

void fit_skip_runs(const std::vector<Bead>& path, double pseudo_beads, ScoreParams& params) {
  // Per side (0: runs of 1-0 beads, 1: of 0-1): long runs and their skips.
  std::array<double, 2> runs{}, skips{};
  for_each_skip_run(path, [&](int side, size_t run) {
    if (run < size_t(kMinSkipRun)) return;
    runs[side] += 1;
    skips[side] += double(run);
  });
  const double beads = double(path.size());
  for (int side = 0; side < 2; ++side) {
    SkipRunModel& model = side == 0 ? params.src_skip_runs : params.tgt_skip_runs;
    model = SkipRunModel();
    if (runs[side] == 0) continue;
    // The skips beyond each run's first kMinSkipRun, geometric with parameter extend.
    const double beyond = skips[side] - kMinSkipRun * runs[side];
    const double extend = (beyond + kMaxRun) / (beyond + runs[side] + kMaxRun + 1);
    // The beads that could have opened a run: all but the runs' inner skips.
    const double chances = beads - (skips[side] - runs[side]) + pseudo_beads;
    model.log_open = std::log(runs[side] / chances * (1 - extend));
    model.log_extend = std::log(extend);
  }
}

LengthUnit BeadStatistics::most_stable_unit() const {
  LengthUnit best = LengthUnit::kGraphemes;
  double best_spread = INFINITY;
  std::vector<std::pair<double, double>> values;
  for (int u = 0; u < kLengthUnits; ++u) {
    values.clear();
    for (const Sample& x : samples_[u]) values.emplace_back(x.log_ratio, x.weight);
    if (values.empty()) continue;
    const double center = weighted_median(values);
    for (auto& [v, w] : values) v = std::fabs(v - center);
    const double spread = weighted_median(values);
    if (spread < best_spread) {  // ties: the earlier unit (graphemes, then bytes)
      best_spread = spread;
      best = static_cast<LengthUnit>(u);
    }
  }
  return best;
}

namespace {

// Neutral run-length distributions (the same for both sides): how many sentences one side of a
// pair bead holds. They only smooth the fitted ones.
constexpr std::array<double, kMaxRun + 1> kNeutralRun = {0, 0.8, 0.13, 0.04, 0.02, 0.007, 0.003};

// An extended shape is searched only where the document is long enough to hold one such bead
// by its fitted prior: in a short document the neutral run tail alone would switch it on.
constexpr double kMinExtendedBeads = 0.5;

}  // namespace

double BeadStatistics::update(ScoreParams& params, LengthUnit unit,
                              const FitOptions& options) const {
  // Priors are factored: a pair bead of shape a-b has prior (1 - skips) q(a) r(b) / Z, with q and
  // r the run-length distributions of the two sides, fitted from the expected counts. A free
  // prior per shape lets EM trade many small beads for a few big ones (a 2-4 bead in place of
  // two 1-2 beads explains the same lengths with one prior instead of two); factored, a big
  // shape is only as likely as both its runs are.
  const double alpha = options.prior_pseudo_beads;
  double total = 0;
  std::array<double, kMaxRun + 1> q{}, r{};
  for (size_t k = 0; k < kShapes.size(); ++k) {
    total += shape_count_[k];
    if (kShapes[k].src > 0 && kShapes[k].tgt > 0) {
      q[kShapes[k].src] += shape_count_[k];
      r[kShapes[k].tgt] += shape_count_[k];
    }
  }
  const int skip_src = shape_index(1, 0), skip_tgt = shape_index(0, 1);
  const int one_one = shape_index(1, 1);
  const double p_skip_src =
      (shape_count_[skip_src] + alpha * kNeutralPriors[skip_src]) / (total + alpha);
  const double p_skip_tgt =
      (shape_count_[skip_tgt] + alpha * kNeutralPriors[skip_tgt]) / (total + alpha);
  double q_total = 0, r_total = 0;
  for (int a = 1; a <= kMaxRun; ++a) {
    q[a] += alpha * kNeutralRun[a];
    r[a] += alpha * kNeutralRun[a];
    q_total += q[a];
    r_total += r[a];
  }
  std::array<double, kShapes.size()> prior{};
  double z = 0;
  for (size_t k = 0; k < kShapes.size(); ++k)
    if (kShapes[k].src > 0 && kShapes[k].tgt > 0) {
      prior[k] = (q[kShapes[k].src] / q_total) * (r[kShapes[k].tgt] / r_total);
      z += prior[k];
    }
  double change = 0;
  for (size_t k = 0; k < kShapes.size(); ++k) {
    double p = k == size_t(skip_src)   ? p_skip_src
               : k == size_t(skip_tgt) ? p_skip_tgt
                                       : (1 - p_skip_src - p_skip_tgt) * prior[k] / z;
    // Long shapes are searched only where the document shows them. So are the base shapes
    // beyond 1-1 and the skips: one that a long document does not show (under half a bead
    // expected, and a prior under the threshold once the counts outweigh the neutral ones) is
    // not searched, which also shortens the runs the lexical scores are summed over. The
    // expected count matters: a factored prior is small for a 2-2 bead even where there are some.
    if (k >= kBaseShapes && (p < options.extend_threshold || p * total < kMinExtendedBeads)) p = 0;
    if (k < kBaseShapes && k != size_t(one_one) && k != size_t(skip_src) &&
        k != size_t(skip_tgt) && p < options.extend_threshold &&
        shape_count_[k] < kMinExtendedBeads)
      p = 0;
    change = std::max(change, std::fabs(p - params.prior[k]));
    params.prior[k] = p;
  }

  if (options.fit_lambda && tokens_ > 0) {
    const double start = params.llr_lambda;
    params.llr_lambda = std::clamp(
        (explained_ + options.lambda_pseudo_tokens * start) / (tokens_ + options.lambda_pseudo_tokens),
        0.01, 0.9);
  }

  // Length: ratio of the weighted totals; variance from the weighted median of squared
  // standardised residuals (0.455 for a normal variable), robust to the wrong beads' share.
  const std::vector<Sample>& samples = samples_[static_cast<int>(unit)];
  double sum_s = 0, sum_t = 0, weight = 0;
  for (const Sample& x : samples) {
    sum_s += x.weight * x.src_len;
    sum_t += x.weight * x.tgt_len;
    weight += x.weight;
  }
  if (weight < 5 || sum_s <= 0 || sum_t <= 0) return change;
  const double c = sum_t / sum_s;
  std::vector<std::pair<double, double>> squared;
  squared.reserve(samples.size());
  for (const Sample& x : samples) {
    const double r = x.tgt_len - c * x.src_len;
    squared.emplace_back(2.0 * r * r / (x.src_len + x.tgt_len / c), x.weight);
  }
  const double variance = weighted_median(squared) / 0.455;
  params.length_ratio = c;
  params.length_variance = std::clamp(variance, 0.01, 100.0);
  return change;
}

}  // namespace talign
