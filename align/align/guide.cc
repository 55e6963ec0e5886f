#include "align/align/guide.h"

#include <algorithm>

namespace talign {

std::vector<std::pair<uint32_t, uint32_t>> anchor_chain(const DocumentFeatures& f) {
  const size_t keys = f.anchors.size();
  // For each key: the sentence it occurs in on each side, or a marker for "none" / "several".
  constexpr uint32_t kNone = UINT32_MAX, kSeveral = UINT32_MAX - 1;
  std::vector<uint32_t> src_at(keys, kNone), tgt_at(keys, kNone);
  auto note = [](std::vector<uint32_t>& at, uint32_t key, uint32_t sentence) {
    at[key] = at[key] == kNone ? sentence : kSeveral;
  };
  for (uint32_t i = 0; i < f.src.size(); ++i)
    for (uint32_t k = f.src.anchors.begin[i]; k < f.src.anchors.begin[i + 1]; ++k)
      note(src_at, f.src.anchors.ids[k], i);
  for (uint32_t j = 0; j < f.tgt.size(); ++j)
    for (uint32_t k = f.tgt.anchors.begin[j]; k < f.tgt.anchors.begin[j + 1]; ++k)
      note(tgt_at, f.tgt.anchors.ids[k], j);
  std::vector<std::pair<uint32_t, uint32_t>> points;
  for (size_t key = 0; key < keys; ++key)
    if (src_at[key] < kSeveral && tgt_at[key] < kSeveral) points.emplace_back(src_at[key], tgt_at[key]);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());

  // Longest chain strictly increasing in both coordinates (patience sorting, O(k log k)).
  // Points are sorted by source; among equal sources the target order is reversed in the pass
  // so that two points of one source sentence cannot both join the chain.
  std::vector<size_t> order(points.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return points[a].first != points[b].first ? points[a].first < points[b].first
                                              : points[a].second > points[b].second;
  });
  std::vector<size_t> tails;                         // index into points, per chain length
  std::vector<size_t> previous(points.size(), SIZE_MAX);
  for (size_t idx : order) {
    const uint32_t t = points[idx].second;
    auto it = std::lower_bound(tails.begin(), tails.end(), t,
                               [&](size_t p, uint32_t value) { return points[p].second < value; });
    if (it != tails.begin()) previous[idx] = *std::prev(it);
    if (it == tails.end()) tails.push_back(idx);
    else *it = idx;
  }
  std::vector<std::pair<uint32_t, uint32_t>> chain;
  for (size_t p = tails.empty() ? SIZE_MAX : tails.back(); p != SIZE_MAX; p = previous[p])
    chain.push_back(points[p]);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<double> guide_from_anchors(const std::vector<std::pair<uint32_t, uint32_t>>& chain,
                                       size_t n, size_t m) {
  std::vector<std::pair<double, double>> knots;
  knots.emplace_back(0.0, 0.0);
  for (const auto& [s, t] : chain) knots.emplace_back(s + 0.5, t + 0.5);
  knots.emplace_back(double(n), double(m));
  std::vector<double> center(n + 1);
  size_t k = 0;
  for (size_t i = 0; i <= n; ++i) {
    while (k + 2 < knots.size() && knots[k + 1].first < double(i)) ++k;
    const auto [x0, y0] = knots[k];
    const auto [x1, y1] = knots[k + 1];
    center[i] = x1 > x0 ? y0 + (y1 - y0) * (double(i) - x0) / (x1 - x0) : y1;
  }
  return center;
}

std::vector<double> guide_from_beads(const std::vector<Bead>& beads, size_t n, size_t m) {
  std::vector<double> sum(n + 1, 0.0), count(n + 1, 0.0);
  sum[0] = 0;
  count[0] = 1;
  for (const Bead& b : beads) {
    sum[b.src_end()] += b.tgt_end();
    count[b.src_end()] += 1;
  }
  std::vector<double> center(n + 1);
  double last = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (count[i] > 0) last = sum[i] / count[i];
    center[i] = last;
  }
  center[n] = double(m);
  return center;
}

}  // namespace talign
