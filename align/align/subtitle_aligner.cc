#include "align/align/subtitle_aligner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "align/common/error.h"

namespace talign {
namespace {

// --- The time mapping -------------------------------------------------------------------------

constexpr double kBinMs = 100;          // offset histogram resolution
constexpr int kKernelBins = 3;          // triangular smoothing: +-0.3 s
constexpr double kMaxRangeMs = 600'000; // offsets searched within 10 minutes of each centre
constexpr double kMatchMs = 500;        // boundaries this close under a mapping agree
constexpr double kLineMs = 700;         // a window offset this close to a line agrees with it
constexpr double kMaxSpeedFix = 0.01;   // speed correction a line through window offsets may make
constexpr size_t kMaxWindows = 200;     // windows of source cues per base speed (line fit is cubic)
// Offsets by which a right mapping is wrong, to count the boundaries that agree by chance.
constexpr double kShamShiftsMs[] = {-9'300, -5'700, -3'100, 3'700, 6'100, 11'300};

// Starts and ends of one side's cues, each sorted: a cue start is compared with cue starts and
// an end with ends, which halves the chance agreements of a vote.
struct Boundaries {
  std::vector<double> starts, ends;
};

Boundaries boundaries_of(std::span<const Cue> cues) {
  Boundaries b;
  for (const Cue& c : cues) {
    b.starts.push_back(static_cast<double>(c.start_ms));
    b.ends.push_back(static_cast<double>(c.end_ms));
  }
  std::sort(b.starts.begin(), b.starts.end());
  std::sort(b.ends.begin(), b.ends.end());
  return b;
}

// The value in sorted `values` nearest to `x` (values not empty).
double nearest(const std::vector<double>& values, double x) {
  auto it = std::lower_bound(values.begin(), values.end(), x);
  if (it == values.end()) return values.back();
  if (it == values.begin()) return *it;
  return (*it - x) < (x - *(it - 1)) ? *it : *(it - 1);
}

struct WindowOffset {
  double t;       // mean source time of the window's cue starts
  double offset;  // target time - base speed x source time that most boundaries agree on
  double weight;  // about how many boundaries agree
};

// For windows of consecutive source cues (by start), the offset (target - a0 x source) in
// [centre - range, centre + range] on which most boundaries agree.
std::vector<WindowOffset> window_offsets(const std::vector<Cue>& src_sorted,
                                         const Boundaries& tgt, double a0, double centre,
                                         double range) {
  const size_t n = src_sorted.size();
  const size_t bins = static_cast<size_t>(2 * range / kBinMs) + 1;
  const size_t window = std::max<size_t>(24, (n + kMaxWindows - 1) / kMaxWindows);
  std::vector<double> votes(bins), smooth(bins);
  std::vector<WindowOffset> out;
  for (size_t first = 0; first < n; first += window) {
    size_t last = std::min(n, first + window);
    if (n - last < window / 2) last = n;  // a short tail joins the last window
    std::fill(votes.begin(), votes.end(), 0.0);
    double t_sum = 0;
    auto vote = [&](double x, const std::vector<double>& targets) {
      const double low = a0 * x + centre - range;
      auto it = std::lower_bound(targets.begin(), targets.end(), low);
      for (; it != targets.end() && *it <= a0 * x + centre + range; ++it) {
        const double bin = (*it - low) / kBinMs;
        votes[std::min(bins - 1, static_cast<size_t>(bin + 0.5))] += 1.0;
      }
    };
    for (size_t i = first; i < last; ++i) {
      vote(static_cast<double>(src_sorted[i].start_ms), tgt.starts);
      vote(static_cast<double>(src_sorted[i].end_ms), tgt.ends);
      t_sum += static_cast<double>(src_sorted[i].start_ms);
    }
    size_t best = 0;
    for (size_t b = 0; b < bins; ++b) {
      double s = 0;
      for (int d = -kKernelBins; d <= kKernelBins; ++d) {
        const auto k = static_cast<ptrdiff_t>(b) + d;
        if (k >= 0 && k < static_cast<ptrdiff_t>(bins))
          s += (kKernelBins + 1 - std::abs(d)) * votes[static_cast<size_t>(k)];
      }
      smooth[b] = s;
      if (s > smooth[best]) best = b;
    }
    // The vote-weighted mean around the peak: finer than a bin.
    double mass = 0, moment = 0;
    for (int d = -kKernelBins; d <= kKernelBins; ++d) {
      const auto k = static_cast<ptrdiff_t>(best) + d;
      if (k < 0 || k >= static_cast<ptrdiff_t>(bins)) continue;
      mass += votes[static_cast<size_t>(k)];
      moment += votes[static_cast<size_t>(k)] * static_cast<double>(k);
    }
    const double peak = mass > 0 ? moment / mass : static_cast<double>(best);
    out.push_back({t_sum / static_cast<double>(last - first), centre - range + peak * kBinMs,
                   smooth[best] / (kKernelBins + 1)});
    if (last == n) break;
    first = last - window;  // the loop adds window back
  }
  return out;
}

// The line offset = c + d x t (|d| <= kMaxSpeedFix) that most window weight agrees with, then
// refined by weighted least squares on the windows that agree. Returns {c, d}.
std::pair<double, double> robust_line(const std::vector<WindowOffset>& points) {
  double best_weight = -1, best_c = 0, best_d = 0;
  auto consider = [&](double c, double d) {
    double w = 0;
    for (const WindowOffset& p : points)
      if (std::abs(p.offset - (c + d * p.t)) < kLineMs) w += p.weight;
    if (w > best_weight) {
      best_weight = w;
      best_c = c;
      best_d = d;
    }
  };
  for (size_t k = 0; k < points.size(); ++k) {
    consider(points[k].offset, 0.0);
    for (size_t l = k + 1; l < points.size(); ++l) {
      const double dt = points[l].t - points[k].t;
      if (std::abs(dt) < 1.0) continue;
      const double d = (points[l].offset - points[k].offset) / dt;
      if (std::abs(d) <= kMaxSpeedFix) consider(points[k].offset - d * points[k].t, d);
    }
  }
  double sw = 0, st = 0, so = 0, stt = 0, sto = 0;
  for (const WindowOffset& p : points) {
    if (std::abs(p.offset - (best_c + best_d * p.t)) >= kLineMs) continue;
    sw += p.weight;
    st += p.weight * p.t;
    so += p.weight * p.offset;
  }
  if (sw <= 0) return {best_c, best_d};
  const double mt = st / sw, mo = so / sw;
  for (const WindowOffset& p : points) {
    if (std::abs(p.offset - (best_c + best_d * p.t)) >= kLineMs) continue;
    stt += p.weight * (p.t - mt) * (p.t - mt);
    sto += p.weight * (p.t - mt) * (p.offset - mo);
  }
  double d = best_d;
  if (stt > 1e6) d = std::clamp(sto / stt, -kMaxSpeedFix, kMaxSpeedFix);  // windows > 1 s apart
  return {mo - d * mt, d};
}

// Boundaries of `src` that meet a target boundary of the same kind within `tolerance` under
// `map`, and (with `fit`) the least-squares line through those pairs.
size_t match_boundaries(const Boundaries& src, const Boundaries& tgt, TimeMap& map,
                        double tolerance, bool fit) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  auto match = [&](const std::vector<double>& from, const std::vector<double>& to) {
    for (double x : from) {
      const double y = nearest(to, map.map(x));
      if (std::abs(y - map.map(x)) >= tolerance) continue;
      n += 1;
      sx += x;
      sy += y;
    }
  };
  match(src.starts, tgt.starts);
  match(src.ends, tgt.ends);
  const size_t matched = static_cast<size_t>(n);
  if (!fit || matched < 2) return matched;
  const double mx = sx / n, my = sy / n;
  auto moments = [&](const std::vector<double>& from, const std::vector<double>& to) {
    for (double x : from) {
      const double y = nearest(to, map.map(x));
      if (std::abs(y - map.map(x)) >= tolerance) continue;
      sxx += (x - mx) * (x - mx);
      sxy += (x - mx) * (y - my);
    }
  };
  moments(src.starts, tgt.starts);
  moments(src.ends, tgt.ends);
  // The speed needs boundaries spread over time (more than ten seconds): else keep it.
  if (sxx > n * 1e8) map.speed = sxy / sxx;
  map.offset_ms = my - map.speed * mx;
  return matched;
}

// --- The alignment ----------------------------------------------------------------------------

struct CueShape {
  uint32_t ds, dt;
  double log_prior;
};

// Bead shapes and their priors: subtitles of one film are mostly cue for cue; a cue merged or
// split differently is common; a cue with no counterpart (a sign, a song, a credit) is rarer.
const std::array<CueShape, 8> kCueShapes = {{{1, 1, std::log(0.85)},
                                             {1, 0, std::log(0.02)},
                                             {0, 1, std::log(0.02)},
                                             {2, 1, std::log(0.045)},
                                             {1, 2, std::log(0.045)},
                                             {2, 2, std::log(0.01)},
                                             {3, 1, std::log(0.005)},
                                             {1, 3, std::log(0.005)}}};

constexpr double kBoundaryScaleMs = 250;  // Laplace scale of a bead's start and end mismatch
constexpr double kSkipTimeCost = 3.0;     // a skip's time term: like 0.75 s of mismatch
constexpr double kLengthWeight = 0.5;     // the length model only breaks near ties of time
constexpr double kLengthVariance = 6.8;   // Gale and Church's, per character
constexpr uint32_t kInitialHalfWidth = 8;
constexpr int kMaxWidenings = 3;

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

double log_add(double a, double b) {
  if (a == -std::numeric_limits<double>::infinity()) return b;
  if (b == -std::numeric_limits<double>::infinity()) return a;
  return a > b ? a + std::log1p(std::exp(b - a)) : b + std::log1p(std::exp(a - b));
}

// The flat per-cue arrays a bead score reads: mapped times and lengths.
struct CueData {
  std::vector<double> src_start, src_end, src_len;  // source times already mapped
  std::vector<double> tgt_start, tgt_end, tgt_len;
  double ratio = 1.0;  // target characters per source character

  // Log-score of the bead of shape `s` ending at DP cell (i, j).
  double score(uint32_t i, uint32_t j, const CueShape& s) const {
    if (s.ds == 0 || s.dt == 0) return s.log_prior - kSkipTimeCost;
    double a0 = src_start[i - s.ds], a1 = src_end[i - s.ds], ls = 0;
    for (uint32_t k = i - s.ds; k < i; ++k) {
      a0 = std::min(a0, src_start[k]);
      a1 = std::max(a1, src_end[k]);
      ls += src_len[k];
    }
    double b0 = tgt_start[j - s.dt], b1 = tgt_end[j - s.dt], lt = 0;
    for (uint32_t k = j - s.dt; k < j; ++k) {
      b0 = std::min(b0, tgt_start[k]);
      b1 = std::max(b1, tgt_end[k]);
      lt += tgt_len[k];
    }
    const double time = -(std::abs(b0 - a0) + std::abs(b1 - a1)) / kBoundaryScaleMs;
    // Gale and Church's length term: log of the two-sided tail of the normalised difference.
    double length = 0;
    const double mean = (ls + lt / ratio) / 2;
    if (mean > 0) {
      const double delta = (lt - ratio * ls) / std::sqrt(kLengthVariance * mean);
      length = std::log(std::max(std::erfc(std::abs(delta) / std::sqrt(2.0)), 1e-12));
    }
    return s.log_prior + time + kLengthWeight * length;
  }
};

// The band: for DP row i (i source cues consumed), target columns lo[i]..hi[i]; cell (i, j) is
// at row_offset[i] + j - lo[i] in the flat arrays.
struct CueBand {
  std::vector<uint32_t> lo, hi;
  std::vector<size_t> row_offset;
  size_t cells = 0;

  bool has(uint32_t i, uint32_t j) const { return j >= lo[i] && j <= hi[i]; }
  size_t at(uint32_t i, uint32_t j) const { return row_offset[i] + j - lo[i]; }
};

// Around the column the mapped times expect at each row: the target cues that start before the
// row's next source cue does. Rows connect (lo[i] <= hi[i - 1]), so (0, 0) reaches (n, m).
CueBand make_band(const CueData& d, uint32_t half_width) {
  const size_t n = d.src_start.size(), m = d.tgt_start.size();
  // Target starts as a running maximum: monotone even if a file's cues are out of order.
  std::vector<double> key(d.tgt_start);
  for (size_t j = 1; j < m; ++j) key[j] = std::max(key[j], key[j - 1]);
  CueBand band;
  band.lo.resize(n + 1);
  band.hi.resize(n + 1);
  band.row_offset.resize(n + 1);
  double running = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i <= n; ++i) {
    size_t col = m;
    if (i < n) {
      running = std::max(running, d.src_start[i]);
      col = static_cast<size_t>(std::lower_bound(key.begin(), key.end(), running) - key.begin());
    }
    size_t lo = col > half_width ? col - half_width : 0;
    size_t hi = std::min(m, col + half_width);
    if (i == 0) lo = 0;
    if (i == n) hi = m;
    if (i > 0) {
      lo = std::max<size_t>(lo, band.lo[i - 1]);
      lo = std::min<size_t>(lo, band.hi[i - 1]);
      hi = std::max<size_t>(hi, band.hi[i - 1]);
    }
    band.lo[i] = static_cast<uint32_t>(lo);
    band.hi[i] = static_cast<uint32_t>(std::max(lo, hi));
    band.row_offset[i] = band.cells;
    band.cells += band.hi[i] - band.lo[i] + 1;
  }
  return band;
}

struct CuePath {
  std::vector<Bead> beads;
  bool touches_edge = false;
};

// Viterbi for the best path, forward-backward for each of its beads' posterior.
CuePath search(const CueData& d, const CueBand& band) {
  const auto n = static_cast<uint32_t>(d.src_start.size());
  const auto m = static_cast<uint32_t>(d.tgt_start.size());
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  std::vector<double> best(band.cells, kNone), forward(band.cells, kNone),
      backward(band.cells, kNone);
  std::vector<int8_t> from(band.cells, -1);
  best[0] = forward[0] = 0;
  for (uint32_t i = 0; i <= n; ++i)
    for (uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      if (i == 0 && j == 0) continue;
      const size_t cell = band.at(i, j);
      for (size_t k = 0; k < kCueShapes.size(); ++k) {
        const CueShape& s = kCueShapes[k];
        if (s.ds > i || s.dt > j || !band.has(i - s.ds, j - s.dt)) continue;
        const size_t prev = band.at(i - s.ds, j - s.dt);
        if (forward[prev] == kNone) continue;
        const double sc = d.score(i, j, s);
        forward[cell] = log_add(forward[cell], forward[prev] + sc);
        if (best[prev] + sc > best[cell]) {
          best[cell] = best[prev] + sc;
          from[cell] = static_cast<int8_t>(k);
        }
      }
    }
  backward[band.at(n, m)] = 0;
  for (uint32_t i = n + 1; i-- > 0;)
    for (uint32_t j = band.hi[i] + 1; j-- > band.lo[i];) {
      const size_t cell = band.at(i, j);
      if (backward[cell] == kNone) continue;
      for (const CueShape& s : kCueShapes) {
        if (s.ds > i || s.dt > j || !band.has(i - s.ds, j - s.dt)) continue;
        const size_t prev = band.at(i - s.ds, j - s.dt);
        backward[prev] = log_add(backward[prev], backward[cell] + d.score(i, j, s));
      }
    }
  const double total = forward[band.at(n, m)];
  CuePath path;
  uint32_t i = n, j = m;
  while (i > 0 || j > 0) {
    const size_t cell = band.at(i, j);
    const CueShape& s = kCueShapes[static_cast<size_t>(from[cell])];
    const size_t prev = band.at(i - s.ds, j - s.dt);
    const double posterior = std::exp(forward[prev] + d.score(i, j, s) + backward[cell] - total);
    Bead b;
    b.src_begin = i - s.ds;
    b.src_count = s.ds;
    b.tgt_begin = j - s.dt;
    b.tgt_count = s.dt;
    b.score = static_cast<float>(std::clamp(posterior, 0.0, 1.0));
    path.beads.push_back(b);
    // A path along an edge the band could have moved: a wider band might find better.
    if ((j == band.lo[i] && j > 0 && i < n) || (j == band.hi[i] && j < m && i > 0))
      path.touches_edge = true;
    i -= s.ds;
    j -= s.dt;
  }
  std::reverse(path.beads.begin(), path.beads.end());
  return path;
}

}  // namespace

TimeMap estimate_time_map(std::span<const Cue> src, std::span<const Cue> tgt) {
  TimeMap result;
  if (src.empty() || tgt.empty()) return result;
  const Boundaries src_b = boundaries_of(src), tgt_b = boundaries_of(tgt);
  std::vector<Cue> src_sorted(src.begin(), src.end());
  std::stable_sort(src_sorted.begin(), src_sorted.end(),
                   [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
  // No offset beyond both files' spans can be right, unless it is about the difference of their
  // first cues (broadcast time codes starting at 10:00:00): short files search little.
  const double span = std::max(src_b.ends.back() - src_b.starts.front(),
                               tgt_b.ends.back() - tgt_b.starts.front());
  const double range = std::min(kMaxRangeMs, span + 10'000);
  const double bases[] = {1.0, 25.0 / 23.976, 23.976 / 25.0};
  bool first = true;
  for (double a0 : bases) {
    std::vector<double> centres = {0.0};
    const double start_difference = tgt_b.starts.front() - a0 * src_b.starts.front();
    if (std::abs(start_difference) > range / 2) centres.push_back(start_difference);
    for (double centre : centres) {
      const std::vector<WindowOffset> points =
          window_offsets(src_sorted, tgt_b, a0, centre, range);
      const auto [c, d] = robust_line(points);
      TimeMap map;
      map.speed = a0 + d;
      map.offset_ms = c;
      for (double tolerance : {kMatchMs, kMatchMs, kMatchMs * 0.8})
        match_boundaries(src_b, tgt_b, map, tolerance, true);
      map.matched_boundaries = match_boundaries(src_b, tgt_b, map, kMatchMs, false);
      if (first || map.matched_boundaries > result.matched_boundaries) result = map;
      first = false;
    }
  }
  // Trusted when the boundaries agree far more than they do by chance, which is measured by
  // moving the mapping by offsets no cue timing is near (a few seconds either way): dense
  // dialogue matches some boundaries under any mapping.
  double chance = 0;
  for (double shift : kShamShiftsMs) {
    TimeMap sham = result;
    sham.offset_ms += shift;
    chance += static_cast<double>(match_boundaries(src_b, tgt_b, sham, kMatchMs, false));
  }
  chance /= static_cast<double>(std::size(kShamShiftsMs));
  const double matched = static_cast<double>(result.matched_boundaries);
  const double fewer = 2.0 * static_cast<double>(std::min(src.size(), tgt.size()));
  result.chance_boundaries = chance;
  result.found = matched - chance >= std::max(3.0, 0.2 * fewer) && matched >= 1.8 * chance;
  return result;
}

Alignment align_subtitles(const SentenceList& src, std::span<const Cue> src_cues,
                          const SentenceList& tgt, std::span<const Cue> tgt_cues,
                          const TimeMap& map) {
  const auto started = std::chrono::steady_clock::now();
  if (src.size() != src_cues.size() || tgt.size() != tgt_cues.size())
    throw Error(ErrorKind::kData, "", "internal error: subtitle units and cues differ in number");
  CueData d;
  double src_chars = 0, tgt_chars = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    d.src_start.push_back(map.map(static_cast<double>(src_cues[i].start_ms)));
    d.src_end.push_back(map.map(static_cast<double>(src_cues[i].end_ms)));
    d.src_len.push_back(static_cast<double>(code_points(src.text(i))));
    src_chars += d.src_len.back();
  }
  for (size_t j = 0; j < tgt.size(); ++j) {
    d.tgt_start.push_back(static_cast<double>(tgt_cues[j].start_ms));
    d.tgt_end.push_back(static_cast<double>(tgt_cues[j].end_ms));
    d.tgt_len.push_back(static_cast<double>(code_points(tgt.text(j))));
    tgt_chars += d.tgt_len.back();
  }
  d.ratio = src_chars > 0 && tgt_chars > 0 ? tgt_chars / src_chars : 1.0;

  Alignment alignment;
  AlignmentStats& stats = alignment.stats;
  uint32_t half_width = kInitialHalfWidth;
  CuePath path;
  for (int round = 0;; ++round) {
    path = search(d, make_band(d, half_width));
    const size_t widest = std::max(src.size(), tgt.size());
    if (!path.touches_edge || round == kMaxWidenings || half_width >= widest) break;
    half_width *= 2;
    ++stats.band_retries;
  }
  alignment.beads = std::move(path.beads);
  stats.by_time = true;
  stats.time_speed = map.speed;
  stats.time_offset_ms = map.offset_ms;
  stats.time_boundaries = map.matched_boundaries;
  stats.time_chance_boundaries = map.chance_boundaries;
  stats.length_ratio = d.ratio;
  stats.length_unit = "characters";
  stats.band_width = half_width;
  set_score_stats(alignment.beads, src.size(), tgt.size(), stats);
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return alignment;
}

std::string cue_time_summary(const AlignmentStats& stats) {
  char mapping[96];
  std::snprintf(mapping, sizeof mapping, "target = %.6f x source %c %.3f s", stats.time_speed,
                stats.time_offset_ms < 0 ? '-' : '+', std::abs(stats.time_offset_ms) / 1000.0);
  char agree[96];
  std::snprintf(agree, sizeof agree, "%zu cue boundaries agree, %.1f by chance",
                stats.time_boundaries, stats.time_chance_boundaries);
  if (stats.by_time) return std::string("aligned by cue times: ") + mapping + " (" + agree + ")";
  return "cue times do not agree (best mapping " + std::string(mapping) + ", only " + std::string(agree) +
         "): cues aligned by text";
}

}  // namespace talign
