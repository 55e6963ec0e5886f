#include "align/align/scorer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace talign {
namespace {

// The length ratio log((1 - eps) e^x + eps) is tabulated over x in [-kMixMax, kMixMax].
constexpr double kMixStep = 0.01;
constexpr double kMixMax = 30.0;

// Natural logarithm of a positive normal float to about 1e-6 relative error: the exponent from
// the bits, the mantissa's logarithm from the atanh series. The lexical score takes millions of
// logarithms; this is several times faster than std::log and gives the same result everywhere.
[[gnu::always_inline]] inline float fast_log(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const int exponent = static_cast<int>((bits >> 23) & 0xFF) - 127;
  bits = (bits & 0x7FFFFFu) | 0x3F800000u;
  float mantissa;
  std::memcpy(&mantissa, &bits, sizeof mantissa);
  const float t = (mantissa - 1.0f) / (mantissa + 1.0f);
  const float t2 = t * t;
  const float log_mantissa =
      2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9)))));
  return static_cast<float>(exponent) * 0.69314718f + log_mantissa;
}

// log((1 - eps) e^x + eps) on the grid of kMixStep over [-kMixMax, kMixMax] (and one point
// more). Made once per thread and eps: a small document's scorers (one per EM round and pass)
// would otherwise spend more time on its 6,002 exps and logs than on their rows.
const std::vector<float>& mix_table(double eps) {
  thread_local double made_for = -1;
  thread_local std::vector<float> table;
  if (eps != made_for) {
    const size_t steps = static_cast<size_t>(2 * kMixMax / kMixStep) + 2;
    table.resize(steps);
    for (size_t s = 0; s < steps; ++s)
      table[s] =
          static_cast<float>(std::log((1 - eps) * std::exp(double(s) * kMixStep - kMixMax) + eps));
    made_for = eps;
  }
  return table;
}

}  // namespace

void calibrate_scores(const ScoreParams& params, std::vector<Bead>& beads, const SideFeatures* src,
                      const SideFeatures* tgt) {
  if (beads.empty()) return;
  size_t complex = 0, counted = 0;
  const bool markers =
      src != nullptr && tgt != nullptr && (src->has_markers() || tgt->has_markers());
  for (const Bead& b : beads) {
    if (markers && is_marker_bead(b, *src, *tgt)) continue;
    complex += !(b.src_count == 1 && b.tgt_count == 1);
    ++counted;
  }
  const double share = counted ? double(complex) / double(counted) : 0.0;
  const double top = 1.0 - params.score_discount * share;
  for (Bead& b : beads)
    if (b.score >= 0)
      b.score = static_cast<float>(params.score_floor + (top - params.score_floor) * b.score);
}

LexicalModel::LexicalModel(const DocumentFeatures& f, const SideFeatures& src,
                           const SideFeatures& tgt, const TranslationTable* table, bool use_anchors,
                           bool postings)
    : src_(src),
      tgt_(tgt),
      table_(table != nullptr && !table->empty() ? table : nullptr),
      use_anchors_(use_anchors) {
  anchor_offset_ = table_ ? static_cast<int32_t>(f.tgt_words.size()) : 0;
  background_.assign(static_cast<size_t>(anchor_offset_) + (use_anchors_ ? f.anchors.size() : 0),
                     0.0f);
  // Which target tokens the source side can explain: words with an entry in the table, anchor
  // keys that occur in the source document.
  std::vector<uint8_t>& explainable = explainable_;
  explainable.assign(background_.size(), 0);
  if (table_ != nullptr) {
    const auto& matrix = table_->matrix();
    for (int32_t col = 0; col < matrix.outerSize(); ++col)
      for (TranslationTable::Matrix::InnerIterator it(matrix, col); it; ++it)
        explainable[static_cast<size_t>(it.row())] = 1;
  }
  if (use_anchors_)
    for (uint32_t id : src_.anchors.ids) explainable[static_cast<size_t>(anchor_offset_) + id] = 1;
  double total = 0;
  auto keep = [&](int32_t t) {
    background_[t] += 1.0f;
    total += 1;
    if (explainable[t]) empty_ = false;
  };
  for (uint32_t j = 0; j < tgt_.size(); ++j) {
    if (table_ != nullptr)
      for (uint32_t k = tgt_.words.begin[j]; k < tgt_.words.begin[j + 1]; ++k)
        keep(static_cast<int32_t>(tgt_.words.ids[k]));
    if (use_anchors_)
      for (uint32_t k = tgt_.anchors.begin[j]; k < tgt_.anchors.begin[j + 1]; ++k)
        keep(anchor_offset_ + static_cast<int32_t>(tgt_.anchors.ids[k]));
  }
  const double denominator = total + 0.5 * double(background_.size()) + 1.0;
  for (float& b : background_) b = static_cast<float>((b + 0.5) / denominator);

  // The same for the source side, explained by the target side: source words with an entry in
  // the table, anchor keys that occur in the target document.
  source_anchor_offset_ = table_ ? static_cast<int32_t>(f.src_words.size()) : 0;
  source_background_.assign(
      static_cast<size_t>(source_anchor_offset_) + (use_anchors_ ? f.anchors.size() : 0), 0.0f);
  std::vector<uint8_t>& source_explainable = source_explainable_;
  source_explainable.assign(source_background_.size(), 0);
  if (table_ != nullptr) {
    const auto& matrix = table_->matrix();
    for (int32_t col = 0; col < matrix.outerSize(); ++col)
      if (TranslationTable::Matrix::InnerIterator(matrix, col)) source_explainable[col] = 1;
  }
  if (use_anchors_)
    for (uint32_t id : tgt_.anchors.ids)
      source_explainable[static_cast<size_t>(source_anchor_offset_) + id] = 1;
  double source_total = 0;
  auto keep_source = [&](int32_t s) {
    source_background_[s] += 1.0f;
    source_total += 1;
  };
  for (uint32_t i = 0; i < src_.size(); ++i) {
    if (table_ != nullptr)
      for (uint32_t k = src_.words.begin[i]; k < src_.words.begin[i + 1]; ++k)
        keep_source(static_cast<int32_t>(src_.words.ids[k]));
    if (use_anchors_)
      for (uint32_t k = src_.anchors.begin[i]; k < src_.anchors.begin[i + 1]; ++k)
        keep_source(source_anchor_offset_ + static_cast<int32_t>(src_.anchors.ids[k]));
  }
  const double source_denominator =
      source_total + 0.5 * double(source_background_.size()) + 1.0;
  for (float& b : source_background_) b = static_cast<float>((b + 0.5) / source_denominator);

  if (!postings) return;
  // Counted, then filled: sentences in order within each token's list, one entry per sentence.
  const size_t tokens = background_.size();
  std::vector<uint32_t> last(tokens, UINT32_MAX);
  posting_begin_.assign(tokens + 1, 0);
  explainable_counts_.resize(tgt_.size());
  for (uint32_t j = 0; j < tgt_.size(); ++j)
    for_each_target_token(j, [&](int32_t token) {
      TokenCounts& counts = explainable_counts_[j];
      (token >= anchor_offset_ ? counts.anchors : counts.words) += 1;
      if (last[token] != j) {
        last[token] = j;
        ++posting_begin_[token + 1];
      }
    });
  for (size_t t = 0; t < tokens; ++t) posting_begin_[t + 1] += posting_begin_[t];
  postings_.resize(posting_begin_[tokens]);
  std::vector<uint32_t> next(posting_begin_.begin(), posting_begin_.end() - 1);
  std::fill(last.begin(), last.end(), UINT32_MAX);
  for (uint32_t j = 0; j < tgt_.size(); ++j)
    for_each_target_token(j, [&](int32_t token) {
      if (last[token] != j) {
        last[token] = j;
        postings_[next[token]++] = {j, 0};
      }
      ++postings_[next[token] - 1].count;
    });
}

const LexicalModel::Posting* LexicalModel::postings_from(int32_t token, uint32_t sentence) const {
  return std::lower_bound(postings_begin(token), postings_end(token), sentence,
                          [](const Posting& p, uint32_t t) { return p.sentence < t; });
}

LexicalModel::TokenCounts LexicalModel::project_source(uint32_t i, Eigen::VectorXf& dense,
                                                       std::vector<int32_t>& touched) const {
  touched.clear();
  TokenCounts tokens;
  auto add = [&](int32_t index, float value) {
    if (dense[index] == 0.0f) touched.push_back(index);
    dense[index] += value;
  };
  if (table_ != nullptr) {
    const auto& matrix = table_->matrix();
    for (uint32_t k = src_.words.begin[i]; k < src_.words.begin[i + 1]; ++k) {
      // Column s of the table is t(.|s): the sparse product table * term vector, one term at
      // a time.
      const auto s = static_cast<int32_t>(src_.words.ids[k]);
      for (TranslationTable::Matrix::InnerIterator it(matrix, s); it; ++it)
        add(it.row(), it.value());
      tokens.words += 1;
    }
  }
  if (use_anchors_)
    for (uint32_t k = src_.anchors.begin[i]; k < src_.anchors.begin[i + 1]; ++k) {
      add(anchor_offset_ + static_cast<int32_t>(src_.anchors.ids[k]), 1.0f);
      tokens.anchors += 1;
    }
  return tokens;
}

size_t Band::cells() const {
  size_t total = 0;
  for (size_t i = 0; i < lo.size(); ++i) total += hi[i] - lo[i] + 1;
  return total;
}

Band Band::full(size_t n, size_t m) {
  Band band;
  band.lo.assign(n + 1, 0);
  band.hi.assign(n + 1, static_cast<uint32_t>(m));
  return band;
}

Band Band::around(const std::vector<double>& center, size_t m, size_t half_width) {
  return around(center, m, std::vector<size_t>(center.size(), half_width));
}

Band Band::around(const std::vector<double>& center, size_t m,
                  const std::vector<size_t>& half_widths) {
  const size_t rows = center.size();
  Band band;
  band.lo.resize(rows);
  band.hi.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    const double c = std::clamp(center[i], 0.0, double(m));
    const double half_width = double(half_widths[i]);
    band.lo[i] = static_cast<uint32_t>(std::max(0.0, std::floor(c) - half_width));
    band.hi[i] = static_cast<uint32_t>(std::min(double(m), std::ceil(c) + half_width));
  }
  // Monotone by lowering the rows above a wider one (connect() would raise the wider row's lo
  // to theirs, and where the centre stays flat a widened row would gain nothing on its left).
  for (size_t i = rows; i-- > 1;) band.lo[i - 1] = std::min(band.lo[i - 1], band.lo[i]);
  band.connect(m);
  return band;
}

Band Band::from_groups(const std::vector<Bead>& groups, size_t n, size_t m) {
  Band band;
  band.lo.assign(n + 1, static_cast<uint32_t>(m));
  band.hi.assign(n + 1, 0);
  for (const Bead& g : groups)
    for (uint32_t i = g.src_begin; i <= g.src_end(); ++i) {
      band.lo[i] = std::min(band.lo[i], g.tgt_begin);
      band.hi[i] = std::max(band.hi[i], g.tgt_end());
    }
  band.connect(m);
  return band;
}

size_t Band::add_corridor(uint32_t src_begin, uint32_t src_end, uint32_t tgt_begin,
                          uint32_t tgt_end, size_t max_width) {
  const size_t before = cells();
  const uint32_t m = hi.back();
  src_end = std::min<uint32_t>(src_end, static_cast<uint32_t>(rows() - 1));
  tgt_end = std::min(tgt_end, m);
  if (src_begin > src_end || tgt_begin > tgt_end) return 0;
  const uint32_t span = tgt_end - tgt_begin;
  const double half = double(max_width) / 2;
  for (uint32_t i = src_begin; i <= src_end; ++i) {
    uint32_t first = tgt_begin, last = tgt_end;
    if (span + 1 > max_width) {
      const double c = src_end == src_begin
                           ? double(tgt_begin)
                           : double(tgt_begin) + double(span) * double(i - src_begin) /
                                                     double(src_end - src_begin);
      first = static_cast<uint32_t>(std::max(double(tgt_begin), std::floor(c - half)));
      last = static_cast<uint32_t>(std::min(double(tgt_end), std::ceil(c + half)));
    }
    // One interval per row: the union with the row's cells is the span of both.
    lo[i] = std::min(lo[i], first);
    hi[i] = std::max(hi[i], last);
  }
  // Monotone again by adding cells, never removing them (connect() raises lo to make rows
  // monotone, which would cut into a corridor that starts left of the rows above it).
  for (size_t i = src_end; i-- > 0;) lo[i] = std::min(lo[i], lo[i + 1]);
  for (size_t i = src_begin + 1; i < rows(); ++i) hi[i] = std::max(hi[i], hi[i - 1]);
  connect(m);
  return cells() - before;
}

void Band::add_rows(const Band& other, const std::vector<std::pair<size_t, size_t>>& ranges) {
  if (ranges.empty()) return;
  for (const auto& [first, last] : ranges)
    for (size_t i = first; i < std::min(last, rows()); ++i) {
      lo[i] = std::min(lo[i], other.lo[i]);
      hi[i] = std::max(hi[i], other.hi[i]);
    }
  // As add_corridor: monotone again by adding cells.
  for (size_t i = rows() - 1; i-- > 0;) lo[i] = std::min(lo[i], lo[i + 1]);
  for (size_t i = 1; i < rows(); ++i) hi[i] = std::max(hi[i], hi[i - 1]);
  connect(hi.back());
}

void Band::connect(size_t m) {
  const size_t rows = lo.size();
  lo[0] = 0;
  hi[rows - 1] = static_cast<uint32_t>(m);
  // Every row reachable from the previous one, and (n, m) from every row.
  for (size_t i = 1; i < rows; ++i) {
    lo[i] = std::max(lo[i], lo[i - 1]);
    hi[i] = std::max(hi[i], hi[i - 1]);
    lo[i] = std::min(lo[i], hi[i - 1]);
  }
  for (size_t i = rows - 1; i-- > 0;) hi[i] = std::max(hi[i], lo[i + 1]);
  for (size_t i = 0; i < rows; ++i) lo[i] = std::min(lo[i], hi[i]);
}

BeadScorer::BeadScorer(const ScoreParams& params, const SideFeatures& src,
                       const SideFeatures& tgt, const LexicalModel* lexical, const Band& band)
    : params_(params),
      tgt_(tgt),
      src_markers_(src.has_markers() ? src.marker_prefix.data() : nullptr),
      tgt_markers_(tgt.has_markers() ? tgt.marker_prefix.data() : nullptr),
      lexical_(lexical != nullptr && !lexical->empty() && params.use_lexical ? lexical : nullptr),
      band_(band) {
  for (size_t k = 0; k < kShapes.size(); ++k) {
    active_[k] = params.prior[k] > 0;
    log_prior_[k] = active_[k] ? std::log(params.prior[k]) : -INFINITY;
    if (active_[k]) max_src_run_ = std::max<uint32_t>(max_src_run_, kShapes[k].src);
  }
  src_prefix_.assign(src.size() + 1, 0.0);
  for (size_t s = 0; s < src.size(); ++s) src_prefix_[s + 1] = src_prefix_[s] + src.length[s];
  tgt_prefix_.assign(tgt.size() + 1, 0.0);
  for (size_t t = 0; t < tgt.size(); ++t) tgt_prefix_[t + 1] = tgt_prefix_[t] + tgt.length[t];
  inv_variance_ = 2.0 / params.length_variance;
  inv_ratio_ = 1.0 / params.length_ratio;
  ratio_spread2_ = params.length_ratio_spread * params.length_ratio *
                   params.length_ratio_spread * params.length_ratio;
  log_variance_ = std::log(params.length_variance * M_PI);  // log(2 pi v / 2): the normal's
                                                           // variance is v * spread / 2
  // Target sentence lengths as a gamma distribution (moments), so that a run of b sentences
  // has the gamma of b times the shape: the background a bead's length is compared with.
  double sum = 0, sum2 = 0;
  for (size_t t = 0; t < tgt.size(); ++t) {
    if (tgt_markers_ != nullptr && tgt.is_marker(static_cast<uint32_t>(t))) continue;  // no text
    const double l = tgt.length[t];
    sum += l;
    sum2 += l * l;
  }
  const double count = std::max<double>(1.0, double(tgt.size() - tgt.markers_in(0, tgt.size())));
  const double mean = std::max(sum / count, 1.0);
  const double variance = std::max(sum2 / count - mean * mean, 0.25 * mean);
  gamma_scale_ = variance / mean;
  const double shape = mean / gamma_scale_;
  for (int b = 1; b <= kMaxRun; ++b) {
    gamma_shape_minus_one_[b] = b * shape - 1.0;
    gamma_log_norm_[b] = std::lgamma(b * shape) + b * shape * std::log(gamma_scale_);
  }
  for (size_t k = 0; k < kShapes.size(); ++k)
    if (active_[k]) max_tgt_run_ = std::max<uint32_t>(max_tgt_run_, kShapes[k].tgt);
  if (params.use_length) {
    // Only the target runs of the searched shapes: on a long document this table is one of the
    // scorer's largest.
    log_gamma_.assign((tgt.size() + 1) * max_tgt_run_, 0.0f);
    for (size_t j = 1; j <= tgt.size(); ++j)
      for (size_t b = 1; b <= max_tgt_run_ && b <= j; ++b) {
        const double lt = tgt_prefix_[j] - tgt_prefix_[j - b];
        log_gamma_[j * max_tgt_run_ + b - 1] = static_cast<float>(
            gamma_shape_minus_one_[b] * std::log(lt) - lt / gamma_scale_ - gamma_log_norm_[b]);
      }
  }
  const double eps = std::clamp(params.length_outlier, 1e-6, 0.999);
  mix_table_ = mix_table(eps);
  mix_log_keep_ = static_cast<float>(std::log(1 - eps));
  if (lexical_ != nullptr)
    for (SourceRow& row : source_rows_) row.expected = Eigen::VectorXf::Zero(lexical_->dimension());
  if (lexical_ != nullptr && params.backward_weight != 0) {
    slot_of_.assign(lexical_->source_background().size(), -1);
    link_head_.assign(static_cast<size_t>(lexical_->dimension()), -1);
  }
}

// log((1 - eps) N(lt; c ls, v (ls + lt / c) / 2) / G_b(lt) + eps): how much better the source
// explains the target length than target sentences' lengths in general do (G_b: the gamma of
// b sentences), with eps for translations whose length is off (paraphrase, notes), so that a
// length far from the expected one costs at most log(eps).
struct BeadScorer::LengthCost {
  double inv_ratio, ratio;
  float inv_variance, log_variance, mix_log_keep;
  double variance, ratio_spread2;  // ScoreParams::length_variance, (spread * ratio)^2
  const float* mix;        // mix_table_
  const float* log_gamma;  // log_gamma_ at b - 1: column j's at j * stride
  size_t stride;

  // Adds the term to row[x] for the beads of source length `ls` ending at columns first + x,
  // x < count, with b target sentences (tgt_prefix: length sums). In two loops, the first of
  // plain arithmetic (which the compiler vectorises) into `normal`, the second of lookups.
  void add_row(double ls, const double* tgt_prefix, uint32_t first, uint32_t count, uint32_t b,
               double* row, float* normal) const {
    if (ratio_spread2 > 0) {
      // Variance v L + (s c L)^2, L = (ls + lt / c) / 2: not the vectorised loop below (blocks).
      for (uint32_t x = 0; x < count; ++x) {
        const double lt = tgt_prefix[first + x] - tgt_prefix[first + x - b];
        const double units = (ls + lt * inv_ratio) / 2;
        const double var = variance * units + ratio_spread2 * units * units;
        const double r = lt - ratio * ls;
        normal[x] = static_cast<float>(-0.5 * (r * r / var + std::log(2 * M_PI * var)));
      }
    } else {
      for (uint32_t x = 0; x < count; ++x) {
        const double lt = tgt_prefix[first + x] - tgt_prefix[first + x - b];
        const float spread = static_cast<float>(ls + lt * inv_ratio);
        const float r = static_cast<float>(lt - ratio * ls);
        const float delta2 = r * r * inv_variance / spread;
        normal[x] = -0.5f * (delta2 + log_variance + fast_log(spread));
      }
    }
    const float max = static_cast<float>(kMixMax);
    const float per_step = static_cast<float>(1.0 / kMixStep);
    for (uint32_t x = 0; x < count; ++x) {
      const float v = normal[x] - log_gamma[size_t(first + x) * stride];
      // Below the grid, position 0 gives mix[0] exactly; above it, the line v + log(1 - eps).
      const float on_grid = std::min(std::max(v, -max), max);
      const float pos = (on_grid + max) * per_step;
      const int32_t k = static_cast<int32_t>(pos);  // the grid has 6,002 points
      const float frac = pos - static_cast<float>(k);
      const float inside = mix[k] + frac * (mix[k + 1] - mix[k]);
      row[x] += v >= max ? v + mix_log_keep : inside;
    }
  }
};

BeadScorer::LengthCost BeadScorer::length_cost(int tgt_count) const {
  return {inv_ratio_,
          params_.length_ratio,
          static_cast<float>(inv_variance_),
          static_cast<float>(log_variance_),
          mix_log_keep_,
          params_.length_variance,
          ratio_spread2_,
          mix_table_.data(),
          log_gamma_.data() + (tgt_count - 1),
          max_tgt_run_};
}

BeadScorer::SourceRow& BeadScorer::source_row(uint32_t s) {
  SourceRow& row = source_rows_[s % source_rows_.size()];
  if (row.sentence == static_cast<int64_t>(s)) return row;
  for (int32_t index : row.touched) row.expected[index] = 0;
  row.tokens = lexical_->project_source(s, row.expected, row.touched);
  row.sentence = s;
  return row;
}

// For each target token: log(lambda * E / (n * p) + 1 - lambda), with E its expected count given
// the source run, n the run's token count and p its background probability. A token the source
// explains counts for the bead; one it does not counts a little against it (log(1 - lambda)).
const BeadScorer::RatioRow& BeadScorer::ratio_row(uint32_t i, uint32_t lo, uint32_t hi,
                                                  bool whole) {
  RatioRow& row = ratio_rows_[i % ratio_rows_.size()];
  if (row.row == static_cast<int64_t>(i) && row.col_lo <= lo && hi <= row.col_hi) return row;
  row.row = i;
  row.col_lo = lo;
  row.col_hi = hi;
  const uint32_t runs = std::min<uint32_t>(i, max_src_run_);
  std::array<SourceRow*, kMaxRun> sources{};
  std::array<double, kMaxRun> run_words{}, run_anchors{};
  double words = 0, anchors = 0;
  for (uint32_t a = 0; a < runs; ++a) {
    sources[a] = &source_row(i - 1 - a);  // the run of length a+1 adds sentence i-1-a
    words += sources[a]->tokens.words;
    anchors += sources[a]->tokens.anchors;
    run_words[a] = std::max(words, 1.0);
    run_anchors[a] = std::max(anchors, 1.0);
  }
  const int32_t anchor_offset = lexical_->anchor_offset();
  const float lambda = static_cast<float>(params_.llr_lambda);
  const float unexplained = std::log(1.0f - lambda);
  const std::vector<float>& background = lexical_->background();
  std::array<float, kMaxRun> inv_words{}, inv_anchors{};
  for (uint32_t a = 0; a < runs; ++a) {
    inv_words[a] = static_cast<float>(1.0 / run_words[a]);
    inv_anchors[a] = static_cast<float>(1.0 / run_anchors[a]);
  }
  for (uint32_t a = 0; a < max_src_run_; ++a) row.by_run[a].assign(hi > lo ? hi - lo : 0, 0.0f);
  if (sparse_rows_) {
    sparse_ratio_row(row, sources, runs, inv_words, inv_anchors);
    return row;
  }
  // The tokens the run's sentences explain, as bits: most of a row's target tokens are not
  // among them and take log(1 - lambda) for every run without reading the expected counts
  // (vocabulary-sized arrays, one per run, mostly out of cache).
  const size_t words_of_bits = static_cast<size_t>(lexical_->dimension()) / 64 + 1;
  if (run_token_bits_.size() < words_of_bits) run_token_bits_.assign(words_of_bits, 0);
  for (uint32_t a = 0; a < runs; ++a)
    for (int32_t token : sources[a]->touched)
      run_token_bits_[size_t(token) >> 6] |= uint64_t(1) << (token & 63);
  const uint64_t* bits = run_token_bits_.data();
  const float anchor_weight = static_cast<float>(params_.anchor_weight);
  // The sums for a run count fixed at compile time, so that they stay in registers.
  auto compute_runs = [&](auto run_count, uint32_t from, uint32_t to) {
    constexpr uint32_t kRuns = decltype(run_count)::value;
    for (uint32_t t = from; t < to; ++t) {
      std::array<float, kRuns> sum{};
      lexical_->for_each_target_token(t, [&](int32_t token) {
        if (!(bits[size_t(token) >> 6] >> (token & 63) & 1)) {
          const float unexplained_weighted =
              (token >= anchor_offset ? anchor_weight : 1.0f) * unexplained;
          for (uint32_t a = 0; a < kRuns; ++a) sum[a] += unexplained_weighted;
          return;
        }
        float expected = 0;
        const float scale = lambda / background[token];
        const bool is_anchor = token >= anchor_offset;
        const auto& inverse = is_anchor ? inv_anchors : inv_words;
        const float weight = is_anchor ? anchor_weight : 1.0f;
        for (uint32_t a = 0; a < kRuns; ++a) {
          expected += sources[a]->expected[token];
          sum[a] += weight * (expected > 0 ? fast_log(scale * expected * inverse[a] + 1.0f - lambda)
                                           : unexplained);
        }
      });
      for (uint32_t a = 0; a < kRuns; ++a) row.by_run[a][t - lo] = sum[a];
    }
  };
  auto compute = [&](uint32_t from, uint32_t to) {
    static_assert(kMaxRun == 6);
    switch (runs) {
      case 1:
        compute_runs(std::integral_constant<uint32_t, 1>{}, from, to);
        break;
      case 2:
        compute_runs(std::integral_constant<uint32_t, 2>{}, from, to);
        break;
      case 3:
        compute_runs(std::integral_constant<uint32_t, 3>{}, from, to);
        break;
      case 4:
        compute_runs(std::integral_constant<uint32_t, 4>{}, from, to);
        break;
      case 5:
        compute_runs(std::integral_constant<uint32_t, 5>{}, from, to);
        break;
      case 6:
        compute_runs(std::integral_constant<uint32_t, 6>{}, from, to);
        break;
      default:
        break;  // row 0: no run
    }
  };
  // A column's values do not depend on the others: those an earlier pass kept are copied.
  const LexicalRows::Line* kept = whole ? reusable_line(true, i, lo, hi, runs) : nullptr;
  if (kept == nullptr) {
    compute(lo, hi);
  } else {
    const uint32_t from = std::max(lo, kept->lo), to = std::min(hi, kept->hi);
    compute(lo, from);
    kept->copy_into(row.by_run, runs, lo, from, to);
    compute(to, hi);
  }
  for (uint32_t a = 0; a < runs; ++a)
    for (int32_t token : sources[a]->touched) run_token_bits_[size_t(token) >> 6] = 0;
  if (whole && rows_into_ != nullptr)
    rows_into_->keep(rows_into_->ratio_, i, lo, hi, runs, row.by_run);
  return row;
}

// ratio_row's sums as (every explainable token unexplained) + (the difference each token the
// source run explains makes), the second visiting only the sentences of the row where the run's
// tokens occur.
void BeadScorer::sparse_ratio_row(RatioRow& row, const std::array<SourceRow*, kMaxRun>& sources,
                                  uint32_t runs, const std::array<float, kMaxRun>& inv_words,
                                  const std::array<float, kMaxRun>& inv_anchors) {
  const uint32_t lo = row.col_lo, hi = row.col_hi;
  const float lambda = static_cast<float>(params_.llr_lambda);
  const float unexplained = std::log(1.0f - lambda);
  const float anchor_weight = static_cast<float>(params_.anchor_weight);
  for (uint32_t t = lo; t < hi; ++t) {
    const LexicalModel::TokenCounts counts = lexical_->explainable_counts(t);
    const float base = (counts.words + anchor_weight * counts.anchors) * unexplained;
    for (uint32_t a = 0; a < runs; ++a) row.by_run[a][t - lo] = base;
  }
  token_seen_.resize(static_cast<size_t>(lexical_->dimension()), 0);
  run_tokens_.clear();
  for (uint32_t a = 0; a < runs; ++a)
    for (int32_t token : sources[a]->touched)
      if (!token_seen_[token]) {
        token_seen_[token] = 1;
        run_tokens_.push_back(token);
      }
  const std::vector<float>& background = lexical_->background();
  const int32_t anchor_offset = lexical_->anchor_offset();
  for (int32_t token : run_tokens_) {
    token_seen_[token] = 0;
    const bool is_anchor = token >= anchor_offset;
    const float scale = lambda / background[token];
    const auto& inverse = is_anchor ? inv_anchors : inv_words;
    const float weight = is_anchor ? anchor_weight : 1.0f;
    std::array<float, kMaxRun> gain{};
    float expected = 0;
    for (uint32_t a = 0; a < runs; ++a) {
      expected += sources[a]->expected[token];
      gain[a] = expected > 0
                    ? weight * (fast_log(scale * expected * inverse[a] + 1.0f - lambda) - unexplained)
                    : 0.0f;
    }
    const LexicalModel::Posting* first = lexical_->postings_from(token, lo);
    const LexicalModel::Posting* last = lexical_->postings_end(token);
    for (; first != last && first->sentence < hi; ++first) {
      const float count = static_cast<float>(first->count);
      for (uint32_t a = 0; a < runs; ++a) row.by_run[a][first->sentence - lo] += count * gain[a];
    }
  }
}

BeadScorer::Explained BeadScorer::explained_tokens(uint32_t i, uint32_t j, int k) {
  Explained out;
  const Shape shape = kShapes[k];
  if (lexical_ == nullptr || shape.src == 0 || shape.tgt == 0) return out;
  std::array<const SourceRow*, kMaxRun> sources{};
  double words = 0, anchors = 0;
  for (uint32_t a = 0; a < shape.src; ++a) {
    sources[a] = &source_row(i - 1 - a);
    words += sources[a]->tokens.words;
    anchors += sources[a]->tokens.anchors;
  }
  const float inv_words = static_cast<float>(1.0 / std::max(words, 1.0));
  const float inv_anchors = static_cast<float>(1.0 / std::max(anchors, 1.0));
  const float lambda = static_cast<float>(params_.llr_lambda);
  const std::vector<float>& background = lexical_->background();
  const int32_t anchor_offset = lexical_->anchor_offset();
  for (uint32_t t = j - shape.tgt; t < j; ++t)
    lexical_->for_each_target_token(t, [&](int32_t token) {
      float expected = 0;
      for (uint32_t a = 0; a < shape.src; ++a) expected += sources[a]->expected[token];
      const float x = lambda / background[token] * expected *
                      (token >= anchor_offset ? inv_anchors : inv_words);
      out.explained += x / (x + 1.0f - lambda);
      out.tokens += 1;
    });
  return out;
}

// For each source token w of sentence s: log(lambda * E / (n * p) + 1 - lambda), with E its
// expected count given the target run, n the run's token count of w's kind and p w's
// background probability: ratio_row's measure with the sides swapped. Target tokens are
// linked to the slots of s's tokens they translate, so a run only visits the tokens it
// explains; the others add log(1 - lambda) each.
const BeadScorer::BackwardLine& BeadScorer::backward_line(uint32_t s, uint32_t col_lo,
                                                          uint32_t col_hi, bool whole) {
  BackwardLine& line = backward_lines_[s % backward_lines_.size()];
  if (line.sentence == static_cast<int64_t>(s) && line.col_lo <= col_lo && col_hi <= line.col_hi)
    return line;
  line.sentence = s;
  line.col_lo = col_lo;
  line.col_hi = col_hi;
  for (uint32_t b = 0; b < max_tgt_run_; ++b) line.by_run[b].assign(col_hi - col_lo + 1, 0.0f);
  const LexicalRows::Line* kept =
      whole ? reusable_line(false, s, col_lo, col_hi + 1, max_tgt_run_) : nullptr;
  if (kept != nullptr) {
    kept->copy_into(line.by_run, max_tgt_run_, col_lo, std::max(col_lo, kept->lo),
                    std::min(col_hi + 1, kept->hi));
  }
  auto keep_line = [&]() -> const BackwardLine& {
    if (whole && rows_into_ != nullptr)
      rows_into_->keep(rows_into_->backward_, s, col_lo, col_hi + 1, max_tgt_run_, line.by_run);
    return line;
  };
  // Every column kept: the slots are not needed.
  if (kept != nullptr && kept->lo <= col_lo && col_hi < kept->hi) return keep_line();

  const float lambda = static_cast<float>(params_.llr_lambda);
  const float unexplained = std::log(1.0f - lambda);
  const std::vector<float>& background = lexical_->source_background();
  const int32_t source_anchor_offset = lexical_->source_anchor_offset();
  slots_.clear();
  std::vector<int32_t>& tokens = slot_tokens_;
  tokens.clear();
  lexical_->for_each_source_token(s, [&](int32_t token) {
    if (slot_of_[token] < 0) {
      slot_of_[token] = static_cast<int32_t>(slots_.size());
      const bool anchor = token >= source_anchor_offset;
      slots_.push_back({0.0f, lambda / background[token], anchor});
      tokens.push_back(token);
    }
    Slot& slot = slots_[slot_of_[token]];
    slot.weight += slot.anchor ? static_cast<float>(params_.anchor_weight) : 1.0f;
  });
  if (slots_.empty()) return keep_line();
  float base = 0;
  for (const Slot& slot : slots_) base += slot.weight * unexplained;
  links_.clear();
  for (size_t k = 0; k < tokens.size(); ++k) {
    const int32_t slot = static_cast<int32_t>(k);
    lexical_->for_each_translation(tokens[k], [&](int32_t target, float value) {
      if (link_head_[target] < 0) linked_.push_back(target);
      links_.push_back({slot, value, link_head_[target]});
      link_head_[target] = static_cast<int32_t>(links_.size() - 1);
    });
    slot_of_[tokens[k]] = -1;
  }
  // The columns j_from..j_to (inclusive): each target sentence's contributions to the slots,
  // once for all runs that contain it, then the runs' values.
  auto fill = [&](uint32_t j_from, uint32_t j_to) {
    const uint32_t t_lo = j_from >= max_tgt_run_ ? j_from - max_tgt_run_ : 0;
    entry_begin_.clear();
    entries_.clear();
    if (sparse_rows_) {
      // From the postings of the linked target tokens, bucketed by sentence: counted, then filled.
      entry_begin_.assign(j_to - t_lo + 1, 0);
      auto each_posting = [&](auto&& f) {
        for (int32_t target : linked_) {
          const LexicalModel::Posting* first = lexical_->postings_from(target, t_lo);
          const LexicalModel::Posting* last = lexical_->postings_end(target);
          for (; first != last && first->sentence < j_to; ++first)
            for (int32_t l = link_head_[target]; l >= 0; l = links_[l].next) f(*first, links_[l]);
        }
      };
      each_posting([&](const LexicalModel::Posting& p, const SlotLink&) {
        ++entry_begin_[p.sentence - t_lo + 1];
      });
      for (size_t k = 1; k < entry_begin_.size(); ++k) entry_begin_[k] += entry_begin_[k - 1];
      entries_.resize(entry_begin_.back());
      std::vector<uint32_t>& next = sparse_next_;
      next.assign(entry_begin_.begin(), entry_begin_.end() - 1);
      each_posting([&](const LexicalModel::Posting& p, const SlotLink& link) {
        entries_[next[p.sentence - t_lo]++] = {link.slot, link.value * float(p.count)};
      });
    } else {
      for (uint32_t t = t_lo; t < j_to; ++t) {
        entry_begin_.push_back(static_cast<uint32_t>(entries_.size()));
        lexical_->for_each_target_token(t, [&](int32_t token) {
          for (int32_t l = link_head_[token]; l >= 0; l = links_[l].next)
            entries_.emplace_back(links_[l].slot, links_[l].value);
        });
      }
      entry_begin_.push_back(static_cast<uint32_t>(entries_.size()));
    }

    slot_sum_.assign(slots_.size(), 0.0f);
    for (uint32_t j = std::max<uint32_t>(j_from, 1); j <= j_to; ++j) {
      float words = 0, anchors = 0;
      run_slots_.clear();
      for (uint32_t b = 1; b <= max_tgt_run_ && b <= j; ++b) {
        const uint32_t t = j - b;
        const LexicalModel::TokenCounts counts = lexical_->target_counts(t);
        words += counts.words;
        anchors += counts.anchors;
        if (t >= t_lo)
          for (uint32_t e = entry_begin_[t - t_lo]; e < entry_begin_[t - t_lo + 1]; ++e) {
            const auto [slot, value] = entries_[e];
            if (slot_sum_[slot] == 0.0f) run_slots_.push_back(slot);
            slot_sum_[slot] += value;
          }
        const float inv_words = 1.0f / std::max(words, 1.0f);
        const float inv_anchors = 1.0f / std::max(anchors, 1.0f);
        float value = base;
        for (int32_t slot : run_slots_) {
          const Slot& x = slots_[slot];
          value += x.weight *
                   (fast_log(x.scale * slot_sum_[slot] * (x.anchor ? inv_anchors : inv_words) +
                             1.0f - lambda) -
                    unexplained);
        }
        line.by_run[b - 1][j - col_lo] = value;
      }
      for (int32_t slot : run_slots_) slot_sum_[slot] = 0.0f;
    }
  };
  // A column's values do not depend on the others: those an earlier pass kept are copied.
  if (kept == nullptr) {
    fill(col_lo, col_hi);
  } else {
    const uint32_t from = std::max(col_lo, kept->lo), to = std::min(col_hi + 1, kept->hi);
    if (from > col_lo) fill(col_lo, from - 1);
    if (to <= col_hi) fill(to, col_hi);
  }
  for (int32_t target : linked_) link_head_[target] = -1;
  linked_.clear();
  return keep_line();
}

const BeadScorer::BackwardRow& BeadScorer::backward_row(uint32_t i, uint32_t lo, uint32_t hi,
                                                        bool whole) {
  BackwardRow& row = backward_rows_[i % backward_rows_.size()];
  if (row.row == static_cast<int64_t>(i) &&
      (row.whole || (!whole && row.col_lo <= lo && hi < row.col_lo + row.width)))
    return row;
  row.row = i;
  row.whole = whole;
  row.col_lo = lo;
  row.width = hi - lo + 1;
  const uint32_t runs = std::min<uint32_t>(i, max_src_run_);
  row.sums.assign(size_t(runs) * kMaxRun * row.width, 0.0f);
  const uint32_t n = static_cast<uint32_t>(band_.rows() - 1);
  for (uint32_t a = 1; a <= runs; ++a) {
    // The run of length a adds sentence s = i - a.
    const uint32_t s = i - a;
    const BackwardLine& line =
        whole ? backward_line(s, band_.lo[s + 1], band_.hi[std::min(n, s + max_src_run_)], true)
              : backward_line(s, lo, hi);
    for (uint32_t b = 1; b <= max_tgt_run_; ++b) {
      float* sum = &row.sums[(size_t(a - 1) * kMaxRun + (b - 1)) * row.width];
      const float* previous = a > 1 ? sum - size_t(kMaxRun) * row.width : nullptr;
      const float* value = line.by_run[b - 1].data() + (row.col_lo - line.col_lo);
      for (uint32_t x = 0; x < row.width; ++x)
        sum[x] = (previous != nullptr ? previous[x] : 0.0f) + value[x];
    }
  }
  return row;
}

void BeadScorer::score_row(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out) {
  score_cells(i, lo, hi, k, out, /*whole=*/true);
}

void BeadScorer::score_cells(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out,
                             bool whole) {
  score_text_row(i, lo, hi, k, out, whole);
  if (src_markers_ != nullptr || tgt_markers_ != nullptr) apply_markers(i, lo, hi, k, out);
}

// A lone marker's 1-0 / 0-1 bead already scores as a skip; a pair bead holding a marker is
// either two markers or impossible.
void BeadScorer::apply_markers(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out) const {
  const Shape shape = kShapes[k];
  if (shape.src == 0 || shape.tgt == 0) return;
  const uint32_t src_markers =
      src_markers_ != nullptr ? src_markers_[i] - src_markers_[i - shape.src] : 0;
  const bool pair_shape = shape.src == 1 && shape.tgt == 1;
  for (uint32_t j = std::max<uint32_t>(lo, shape.tgt); j <= hi; ++j) {
    const uint32_t tgt_markers =
        tgt_markers_ != nullptr ? tgt_markers_[j] - tgt_markers_[j - shape.tgt] : 0;
    if (src_markers == 0 && tgt_markers == 0) continue;
    out[j - lo] = pair_shape && src_markers == 1 && tgt_markers == 1 ? kMarkerPairScore : -INFINITY;
  }
}

void BeadScorer::score_text_row(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out,
                                bool whole) {
  const Shape shape = kShapes[k];
  const uint32_t first = std::max<uint32_t>(lo, shape.tgt);
  for (uint32_t j = lo; j < first && j <= hi; ++j) out[j - lo] = -INFINITY;
  if (first > hi) return;
  double* row = out + (first - lo);
  const uint32_t count = hi - first + 1;
  if (!active_[k]) {  // not searched: its runs may be longer than the tables hold
    std::fill(row, row + count, -INFINITY);
    return;
  }
  if (shape.src == 0 || shape.tgt == 0) {
    std::fill(row, row + count, log_prior_[k] + params_.skip_bonus);
    return;
  }
  std::fill(row, row + count, log_prior_[k]);
  if (params_.use_length) {
    length_scratch_.resize(count);
    length_cost(shape.tgt).add_row(src_prefix_[i] - src_prefix_[i - shape.src], tgt_prefix_.data(),
                                   first, count, shape.tgt, row, length_scratch_.data());
  }
  if (lexical_ == nullptr) return;
  const double* forward;
  const float* backward = nullptr;
  if (table_ != nullptr && table_->slot_[k] >= 0 && lo >= table_->lo_[i] &&
      hi <= table_->hi_[i]) {
    const size_t cell = size_t(table_->slot_[k]) * table_->cells_ + table_->row_offset_[i] +
                        (first - table_->lo_[i]);
    forward = table_->forward_.data() + cell;
    if (params_.backward_weight != 0) backward = table_->backward_.data() + cell;
  } else {
    lexical_scratch_.resize(count);
    lexical_parts(i, lo, hi, first, count, k, whole, lexical_scratch_.data(), &backward);
    forward = lexical_scratch_.data();
  }
  const double weight = params_.llr_weight;
  for (uint32_t x = 0; x < count; ++x) row[x] += weight * forward[x];
  if (backward == nullptr) return;
  const double backward_weight = params_.llr_weight * params_.backward_weight;
  for (uint32_t x = 0; x < count; ++x) row[x] += backward_weight * backward[x];
}

void BeadScorer::lexical_parts(uint32_t i, uint32_t lo, uint32_t hi, uint32_t first,
                               uint32_t count, int k, bool whole, double* forward,
                               const float** backward) {
  const Shape shape = kShapes[k];
  // Target sentences [j - b, j) for every column j and shape: a row's are the same for all shapes.
  const uint32_t t_from = whole ? band_.lo[i] : lo;
  const RatioRow& ratios_row = ratio_row(
      i, t_from >= max_tgt_run_ ? t_from - max_tgt_run_ : 0,
      std::min<uint32_t>(whole ? band_.hi[i] : hi, static_cast<uint32_t>(tgt_.size())), whole);
  const float* ratios = ratios_row.by_run[shape.src - 1].data();
  for (uint32_t x = 0; x < count; ++x) {
    const uint32_t j = first + x;
    double lexical = 0;
    for (uint32_t t = j - shape.tgt; t < j; ++t) lexical += ratios[t - ratios_row.col_lo];
    forward[x] = lexical;
  }
  *backward = nullptr;
  if (params_.backward_weight == 0) return;
  const BackwardRow& other =
      whole ? backward_row(i, band_.lo[i], band_.hi[i], true) : backward_row(i, lo, hi, false);
  *backward = &other.sums[(size_t(shape.src - 1) * kMaxRun + (shape.tgt - 1)) * other.width +
                          (first - other.col_lo)];
}

size_t LexicalTable::bytes(const Band& band, const ScoreParams& params) {
  size_t shapes = 0;
  for (size_t k = 0; k < kShapes.size(); ++k)
    shapes += params.prior[k] > 0 && kShapes[k].src > 0 && kShapes[k].tgt > 0;
  const size_t per_cell = sizeof(double) + (params.backward_weight != 0 ? sizeof(float) : 0);
  return band.cells() * shapes * per_cell + band.rows() * sizeof(size_t);
}

LexicalTable BeadScorer::tabulate_lexical() {
  LexicalTable table;
  table.llr_lambda_ = params_.llr_lambda;
  table.anchor_weight_ = params_.anchor_weight;
  table.slot_.fill(-1);
  if (lexical_ == nullptr) return table;
  const size_t rows = band_.rows();
  table.lo_ = band_.lo;
  table.hi_ = band_.hi;
  table.row_offset_.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    table.row_offset_[i] = table.cells_;
    table.cells_ += band_.hi[i] - band_.lo[i] + 1;
  }
  int32_t slots = 0;
  for (size_t k = 0; k < kShapes.size(); ++k)
    if (active_[k] && kShapes[k].src > 0 && kShapes[k].tgt > 0) table.slot_[k] = slots++;
  const bool backward = params_.backward_weight != 0;
  table.forward_.assign(size_t(slots) * table.cells_, 0.0);
  if (backward) table.backward_.assign(size_t(slots) * table.cells_, 0.0f);
  for (uint32_t i = 0; i < rows; ++i) {
    const uint32_t lo = band_.lo[i], hi = band_.hi[i];
    for (int k = 0; k < static_cast<int>(kShapes.size()); ++k) {
      const Shape shape = kShapes[k];
      if (table.slot_[k] < 0 || shape.src > i) continue;
      const uint32_t first = std::max<uint32_t>(lo, shape.tgt);
      if (first > hi) continue;
      const uint32_t count = hi - first + 1;
      const size_t cell =
          size_t(table.slot_[k]) * table.cells_ + table.row_offset_[i] + (first - lo);
      const float* sums = nullptr;
      lexical_parts(i, lo, hi, first, count, k, /*whole=*/true, &table.forward_[cell], &sums);
      if (sums != nullptr) std::copy(sums, sums + count, &table.backward_[cell]);
    }
  }
  return table;
}

void LexicalRows::clear() {
  ratio_.clear();
  backward_.clear();
  bytes_ = 0;
  set_ = false;
}

void LexicalRows::keep(std::vector<Line>& lines, size_t key, uint32_t lo, uint32_t hi,
                       uint32_t runs, const std::array<std::vector<float>, kMaxRun>& by_run) {
  // The lines' slots count too (a banded search of 100k rows: about 3 MB each kind).
  const size_t kept_width = key < lines.size() ? lines[key].hi - lines[key].lo : 0;
  const size_t width = hi - lo;
  if (width <= kept_width) return;
  const size_t slots = key < lines.size() ? 0 : (key + 1 - lines.size()) * sizeof(Line);
  const size_t added = (width - kept_width) * runs * sizeof(float) + slots;
  if (bytes_ + added > max_bytes_) return;
  bytes_ += added;
  if (key >= lines.size()) lines.resize(key + 1);
  Line& line = lines[key];
  line.lo = lo;
  line.hi = hi;
  line.values.resize(width * runs);
  for (uint32_t a = 0; a < runs; ++a)
    std::copy_n(by_run[a].data(), width, line.values.data() + a * width);
}

const LexicalRows::Line* BeadScorer::reusable(const std::vector<LexicalRows::Line>& lines,
                                              size_t key, uint32_t lo, uint32_t hi,
                                              uint32_t runs) const {
  if (key >= lines.size()) return nullptr;
  const LexicalRows::Line& line = lines[key];
  if (line.hi <= lo || hi <= line.lo || line.values.size() != size_t(line.hi - line.lo) * runs)
    return nullptr;
  return &line;
}

const LexicalRows::Line* BeadScorer::reusable_line(bool ratio, size_t key, uint32_t lo, uint32_t hi,
                                                   uint32_t runs) const {
  // Its own rows first: a pass without a second thread reads them again backwards.
  if (rows_into_ != nullptr) {
    const LexicalRows::Line* own =
        reusable(ratio ? rows_into_->ratio_ : rows_into_->backward_, key, lo, hi, runs);
    if (own != nullptr && own->lo <= lo && hi <= own->hi) return own;
  }
  if (rows_from_ == nullptr) return nullptr;
  return reusable(ratio ? rows_from_->ratio_ : rows_from_->backward_, key, lo, hi, runs);
}

void BeadScorer::use_rows(const LexicalRows* from, LexicalRows* into) {
  auto fits = [&](const LexicalRows* rows) {
    return rows != nullptr && !sparse_rows_ && lexical_ != nullptr &&
           (!rows->set_ || (rows->lexical_ == lexical_ && rows->llr_lambda_ == params_.llr_lambda &&
                            rows->anchor_weight_ == params_.anchor_weight));
  };
  rows_from_ = fits(from) && from->set_ ? from : nullptr;
  rows_into_ = fits(into) ? into : nullptr;
  if (rows_into_ != nullptr && !rows_into_->set_) {
    rows_into_->set_ = true;
    rows_into_->lexical_ = lexical_;
    rows_into_->llr_lambda_ = params_.llr_lambda;
    rows_into_->anchor_weight_ = params_.anchor_weight;
  }
}

void BeadScorer::use_table(const LexicalTable* table) {
  table_ = table != nullptr && table->llr_lambda_ == params_.llr_lambda &&
                   table->anchor_weight_ == params_.anchor_weight &&
                   table->row_offset_.size() == band_.rows() &&
                   (params_.backward_weight == 0 || !table->backward_.empty())
               ? table
               : nullptr;
}

// One cell: the same sum as a row's, so that the two cannot drift apart.
double BeadScorer::score(uint32_t i, uint32_t j, int k) {
  double value = 0;
  score_cells(i, j, j, k, &value, /*whole=*/false);
  return value;
}

}  // namespace talign
