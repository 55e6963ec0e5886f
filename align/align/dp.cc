#include "align/align/dp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace talign {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr uint8_t kNoBead = 255;

// Accumulates log(sum(exp(x))) without overflow.
struct LogSum {
  double max = kNegInf;
  double sum = 0;
  void add(double x) {
    if (x == kNegInf) return;
    if (x <= max) {
      sum += std::exp(x - max);
    } else {
      sum = sum * std::exp(max - x) + 1.0;
      max = x;
    }
  }
  double value() const { return max == kNegInf ? kNegInf : max + std::log(sum); }
};

}  // namespace

DpResult run_dp(const Band& band, size_t m, BeadScorer& scorer, double temperature) {
  const size_t n = band.rows() - 1;
  const double inv_t = 1.0 / temperature;
  std::vector<size_t> offset(n + 2, 0);
  for (size_t i = 0; i <= n; ++i) offset[i + 1] = offset[i] + (band.hi[i] - band.lo[i] + 1);
  std::vector<uint8_t> back(offset[n + 1], kNoBead);
  // Forward log-sums, stored per row relative to the row's maximum (kept in double) so that
  // float storage keeps its precision on long documents.
  std::vector<float> forward(offset[n + 1], -std::numeric_limits<float>::infinity());
  std::vector<double> forward_shift(n + 1, 0.0);
  auto forward_at = [&](size_t i, uint32_t j) -> double {
    return double(forward[offset[i] + (j - band.lo[i])]) + forward_shift[i];
  };

  // Viterbi scores for the last kMaxRun + 1 rows.
  std::array<std::vector<double>, kMaxRun + 1> viterbi;
  std::vector<double> forward_row;
  for (size_t i = 0; i <= n; ++i) {
    const uint32_t lo = band.lo[i], hi = band.hi[i];
    std::vector<double>& vrow = viterbi[i % viterbi.size()];
    vrow.assign(hi - lo + 1, kNegInf);
    forward_row.assign(hi - lo + 1, kNegInf);
    for (uint32_t j = lo; j <= hi; ++j) {
      if (i == 0 && j == 0) {
        vrow[0] = 0;
        forward_row[0] = 0;
        continue;
      }
      double best = kNegInf;
      uint8_t best_k = kNoBead;
      LogSum sum;
      for (int k = 0; k < static_cast<int>(kShapes.size()); ++k) {
        const Shape shape = kShapes[k];
        if (i < shape.src || j < shape.tgt) continue;
        const size_t pi = i - shape.src;
        const uint32_t pj = j - shape.tgt;
        if (!band.contains(static_cast<uint32_t>(pi), pj)) continue;
        const double prev_v = shape.src == 0 ? vrow[pj - lo]
                                             : viterbi[pi % viterbi.size()][pj - band.lo[pi]];
        if (prev_v == kNegInf) continue;
        const double s = scorer.score(static_cast<uint32_t>(i), j, k);
        if (prev_v + s > best) {
          best = prev_v + s;
          best_k = static_cast<uint8_t>(k);
        }
        sum.add((shape.src == 0 ? forward_row[pj - lo] : forward_at(pi, pj)) + s * inv_t);
      }
      vrow[j - lo] = best;
      back[offset[i] + (j - lo)] = best_k;
      forward_row[j - lo] = sum.value();
    }
    const double shift = *std::max_element(forward_row.begin(), forward_row.end());
    forward_shift[i] = shift == kNegInf ? 0.0 : shift;
    for (uint32_t j = lo; j <= hi; ++j)
      forward[offset[i] + (j - lo)] = static_cast<float>(forward_row[j - lo] - forward_shift[i]);
  }

  DpResult result;
  result.best_score = viterbi[n % viterbi.size()][m - band.lo[n]];
  // Backtrack from (n, m).
  {
    size_t i = n;
    uint32_t j = static_cast<uint32_t>(m);
    while (i > 0 || j > 0) {
      const uint8_t k = back[offset[i] + (j - band.lo[i])];
      if (k == kNoBead) break;  // cannot happen with a connected band; keeps garbage out
      const Shape shape = kShapes[k];
      Bead bead;
      bead.src_begin = static_cast<uint32_t>(i - shape.src);
      bead.src_count = shape.src;
      bead.tgt_begin = j - shape.tgt;
      bead.tgt_count = shape.tgt;
      result.beads.push_back(bead);
      const bool inner = !(i == n && j == m);
      if (inner && ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m)))
        result.touches_edge = true;
      i -= shape.src;
      j -= shape.tgt;
    }
    std::reverse(result.beads.begin(), result.beads.end());
  }

  // Backward pass; the posterior of each path bead is computed at its start cell.
  const double log_z = forward_at(n, static_cast<uint32_t>(m));
  std::array<std::vector<double>, kMaxRun + 1> backward;
  size_t next_bead = result.beads.size();  // beads are visited from the last one
  for (size_t i = n + 1; i-- > 0;) {
    const uint32_t lo = band.lo[i], hi = band.hi[i];
    std::vector<double>& brow = backward[i % backward.size()];
    brow.assign(hi - lo + 1, kNegInf);
    for (uint32_t j = hi + 1; j-- > lo;) {
      if (i == n && j == m) {
        brow[j - lo] = 0;
        continue;
      }
      const bool path_start = next_bead > 0 && result.beads[next_bead - 1].src_begin == i &&
                              result.beads[next_bead - 1].tgt_begin == j;
      LogSum sum;
      for (int k = 0; k < static_cast<int>(kShapes.size()); ++k) {
        const Shape shape = kShapes[k];
        const size_t ni = i + shape.src;
        const uint32_t nj = j + shape.tgt;
        if (ni > n || nj > m || !band.contains(static_cast<uint32_t>(ni), nj)) continue;
        const double next_b = shape.src == 0 ? brow[nj - lo]
                                             : backward[ni % backward.size()][nj - band.lo[ni]];
        if (next_b == kNegInf) continue;
        const double s = scorer.score(static_cast<uint32_t>(ni), nj, k) * inv_t;
        sum.add(s + next_b);
        if (path_start && result.beads[next_bead - 1].src_count == shape.src &&
            result.beads[next_bead - 1].tgt_count == shape.tgt) {
          const double posterior = std::exp(forward_at(i, j) + s + next_b - log_z);
          result.beads[next_bead - 1].score =
              static_cast<float>(std::clamp(posterior, 0.0, 1.0));
        }
      }
      if (path_start) --next_bead;
      brow[j - lo] = sum.value();
    }
  }
  return result;
}

}  // namespace talign
