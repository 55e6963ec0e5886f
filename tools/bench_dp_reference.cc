// talign-dp-ref: the floor of talign's length-only search, for scripts/bench-align. A bare banded
// dynamic programme over two files of sentence lengths: the band talign's length-only path
// searches (half-width AlignOptions::min_half_width = 24, at least 3 x the columns per row, as
// search() widens it; whole matrix up to full_matrix_cells = 4M cells), placed around the
// diagonal (talign places it around a guide path: the same number of cells), the 12 base bead
// shapes of kShapes with the neutral priors of kNeutralPriors, and the Gale-Church length cost
// only: -delta^2 / 2, delta the length difference Lt - c Ls standardised by its deviation
// sqrt(v (Ls + Lt / c)) as in BeadScorer::length_log_prob (c from the totals, v = 6.8), without
// length_log_prob's normalising log, gamma background and outlier mixture (with the log term and
// no background the path prefers few long beads: Text+Berg dev, whole matrix, strict F1 0.19,
// without it 0.65), plus the log prior. Max-plus forward pass and a backtrace over flat arrays
// allocated before the loop; nothing is allocated inside it.
//
// Usage: talign-dp-ref [--lengths] [--half-width N] [--full-matrix-cells N] [--variance V]
//                      [-o BEADS] SOURCE TARGET
// SOURCE and TARGET hold one sentence per line (lengths: code points that are not white space
// or combining marks, at least 1; empty lines skipped) or, with --lengths, one length per line.
// Prints one line of key=value figures: rows, cols, half_width, cells (band cells), dp_cells
// (cells x 12 shapes), transitions (cell-shape pairs whose predecessor lies in the band),
// seconds and cpu_seconds (the loop: forward pass and backtrace), dp_cells_per_second (by CPU
// time), beads. -o writes the path as beads ([i, j]:[k] lines) to check it.
// Not installed, not linked into the library: a measuring stick only.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

namespace {

struct Shape {
  int src, tgt;
};
// kShapes[0..11] and kNeutralPriors[0..11] of align/align/scorer.h, in the same tie-break order.
constexpr std::array<Shape, 12> kShapes = {{{1, 1},
                                            {1, 0},
                                            {0, 1},
                                            {2, 1},
                                            {1, 2},
                                            {2, 2},
                                            {3, 1},
                                            {1, 3},
                                            {3, 2},
                                            {2, 3},
                                            {4, 1},
                                            {1, 4}}};
constexpr std::array<double, 12> kPriors = {0.75,  0.02,  0.02,  0.06,  0.06,  0.02,
                                            0.015, 0.015, 0.006, 0.006, 0.004, 0.004};
constexpr int kMaxSrcRun = 4;

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "talign-dp-ref: " << why
            << "\nusage: talign-dp-ref [--lengths] [--half-width N] [--full-matrix-cells N] "
               "[--variance V] [-o BEADS] SOURCE TARGET\n";
  std::exit(2);
}

// Code points of a UTF-8 line that are not white space or combining marks (U+0300-036F,
// U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F): grapheme clusters, near enough for
// timing.
uint32_t grapheme_count(const std::string& line) {
  uint32_t count = 0;
  for (size_t k = 0; k < line.size();) {
    const auto c = static_cast<unsigned char>(line[k]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07u;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1Fu;
      len = 2;
    }
    for (size_t t = 1; t < len && k + t < line.size(); ++t)
      cp = (cp << 6) | (static_cast<unsigned char>(line[k + t]) & 0x3Fu);
    k += len;
    const bool space = cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
    const bool combining = (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
                           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
                           (cp >= 0xFE20 && cp <= 0xFE2F);
    if (!space && !combining) ++count;
  }
  return std::max<uint32_t>(count, 1);
}

std::vector<float> read_lengths(const char* path, bool lengths) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "talign-dp-ref: " << path << ": cannot open\n";
    std::exit(1);
  }
  std::vector<float> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (lengths) {
      char* end = nullptr;
      const double value = std::strtod(line.c_str(), &end);
      if (end == line.c_str() || !(value > 0)) {
        std::cerr << "talign-dp-ref: " << path << ": not a positive length: " << line << '\n';
        std::exit(1);
      }
      out.push_back(static_cast<float>(value));
    } else {
      out.push_back(static_cast<float>(grapheme_count(line)));
    }
  }
  return out;
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  bool lengths = false;
  size_t half_width = 24;
  double full_matrix_cells = 4'000'000;
  double variance = 6.8;  // ScoreParams::length_variance
  const char* out_path = nullptr;
  std::vector<const char*> files;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    auto value = [&]() -> const char* {
      if (k + 1 >= argc) usage(arg + " needs a value");
      return argv[++k];
    };
    if (arg == "--lengths") {
      lengths = true;
    } else if (arg == "--half-width") {
      half_width = std::strtoul(value(), nullptr, 10);
    } else if (arg == "--full-matrix-cells") {
      full_matrix_cells = std::strtod(value(), nullptr);
    } else if (arg == "--variance") {
      variance = std::strtod(value(), nullptr);
      if (!(variance > 0)) usage("--variance must be positive");
    } else if (arg == "-o") {
      out_path = value();
    } else if (arg == "-h" || arg == "--help") {
      usage("the floor of talign's length-only search");
    } else if (!arg.empty() && arg[0] == '-') {
      usage("unknown option " + arg);
    } else {
      files.push_back(argv[k]);
    }
  }
  if (files.size() != 2) usage("two files expected");
  const std::vector<float> src = read_lengths(files[0], lengths);
  const std::vector<float> tgt = read_lengths(files[1], lengths);
  const size_t n = src.size(), m = tgt.size();
  if (n == 0 || m == 0) usage("a side has no sentences");

  // Length prefix sums; the ratio c from the totals (talign's start without anchors).
  std::vector<double> src_prefix(n + 1, 0.0), tgt_prefix(m + 1, 0.0);
  for (size_t i = 0; i < n; ++i) src_prefix[i + 1] = src_prefix[i] + src[i];
  for (size_t j = 0; j < m; ++j) tgt_prefix[j + 1] = tgt_prefix[j] + tgt[j];
  const float ratio = static_cast<float>(tgt_prefix[m] / src_prefix[n]);
  const float inv_ratio = 1.0f / ratio;
  const float inv_variance = static_cast<float>(1.0 / variance);
  std::array<float, kShapes.size()> log_prior{};
  for (size_t k = 0; k < kShapes.size(); ++k)
    log_prior[k] = static_cast<float>(std::log(kPriors[k]));

  // The band: rows 0..n, row i holding columns lo[i]..hi[i] (Band::around + Band::connect).
  half_width = std::max<size_t>(half_width, 3 * size_t(std::ceil(double(m + 1) / double(n + 1))));
  const bool whole =
      double(n + 1) * double(m + 1) <= full_matrix_cells || 2 * half_width + 1 >= m + 1;
  std::vector<uint32_t> lo(n + 1), hi(n + 1);
  for (size_t i = 0; i <= n; ++i) {
    const double c = double(i) * double(m) / double(n);
    lo[i] = whole ? 0 : uint32_t(std::max(0.0, std::floor(c) - double(half_width)));
    hi[i] = whole ? uint32_t(m) : uint32_t(std::min(double(m), std::ceil(c) + double(half_width)));
  }
  lo[0] = 0;
  hi[n] = uint32_t(m);
  for (size_t i = 1; i <= n; ++i) {
    lo[i] = std::max(lo[i], lo[i - 1]);
    hi[i] = std::max(hi[i], hi[i - 1]);
    lo[i] = std::min(lo[i], hi[i - 1]);
  }
  for (size_t i = n; i-- > 0;) hi[i] = std::max(hi[i], lo[i + 1]);
  for (size_t i = 0; i <= n; ++i) lo[i] = std::min(lo[i], hi[i]);
  std::vector<size_t> offset(n + 2, 0);
  size_t widest = 0;
  for (size_t i = 0; i <= n; ++i) {
    const size_t width = hi[i] - lo[i] + 1;
    offset[i + 1] = offset[i] + width;
    widest = std::max(widest, width);
  }
  const size_t cells = offset[n + 1];

  // Flat arrays, allocated once: a back pointer (shape index) per cell, scores for the last
  // kMaxSrcRun + 1 rows (a bead reaches back at most 4 rows).
  std::vector<uint8_t> back(cells, 0xFF);
  constexpr float kNone = -std::numeric_limits<float>::infinity();
  std::vector<float> ring(size_t(kMaxSrcRun + 1) * widest, kNone);
  std::vector<std::pair<uint32_t, uint32_t>> path;  // bead ends, filled by the backtrace
  path.reserve(n + m + 1);
  uint64_t transitions = 0;

  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  for (size_t i = 0; i <= n; ++i) {
    float* row = &ring[(i % (kMaxSrcRun + 1)) * widest];
    uint8_t* row_back = &back[offset[i]];
    const uint32_t row_lo = lo[i], row_hi = hi[i];
    std::fill(row, row + (row_hi - row_lo + 1), kNone);
    if (i == 0) row[0] = 0;  // (0, 0): the empty alignment
    // The 0-1 shape (k = 2) reads this row's previous column, which every other shape must
    // have finished: it runs last, and wins ties against the shapes after it in kShapes.
    for (size_t step = 0; step < kShapes.size(); ++step) {
      const size_t k = step < 2 ? step : step + 1 < kShapes.size() ? step + 1 : 2;
      const uint32_t a = uint32_t(kShapes[k].src), b = uint32_t(kShapes[k].tgt);
      if (a > i) continue;
      const size_t p = i - a;  // the predecessor row
      const float* prev = &ring[(p % (kMaxSrcRun + 1)) * widest];
      // Columns j of this row whose predecessor column j - b lies in row p's band.
      const uint32_t first = std::max(row_lo, lo[p] + b);
      const uint32_t last = std::min(row_hi, hi[p] + b);
      if (first > last) continue;
      transitions += last - first + 1;
      const float ls = static_cast<float>(src_prefix[i] - src_prefix[p]);
      const float prior = log_prior[k];
      const uint32_t prev_lo = lo[p];
      for (uint32_t j = first; j <= last; ++j) {
        const float lt = static_cast<float>(tgt_prefix[j] - tgt_prefix[j - b]);
        const float spread = ls + lt * inv_ratio;
        const float r = lt - ratio * ls;
        const float cost = prior - 0.5f * (r * r * inv_variance / spread);
        const float value = prev[j - b - prev_lo] + cost;
        // Strictly better, or a tie the earlier shape wins (only 0-1 runs after later shapes).
        if (value > row[j - row_lo] ||
            (k == 2 && value == row[j - row_lo] && row_back[j - row_lo] > 2)) {
          row[j - row_lo] = value;
          row_back[j - row_lo] = static_cast<uint8_t>(k);
        }
      }
    }
  }
  // Backtrace from (n, m).
  const float best = ring[(n % (kMaxSrcRun + 1)) * widest + (m - lo[n])];
  for (uint32_t i = uint32_t(n), j = uint32_t(m); i > 0 || j > 0;) {
    path.emplace_back(i, j);
    const uint8_t k = back[offset[i] + (j - lo[i])];
    if (k == 0xFF) {
      std::cerr << "talign-dp-ref: no path through the band\n";
      return 1;
    }
    i -= uint32_t(kShapes[k].src);
    j -= uint32_t(kShapes[k].tgt);
  }
  const double cpu = cpu_seconds() - cpu_start;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  if (out_path != nullptr) {
    std::ofstream out(out_path);
    uint32_t pi = 0, pj = 0;
    for (size_t t = path.size(); t-- > 0;) {
      const auto [i, j] = path[t];
      out << '[';
      for (uint32_t s = pi; s < i; ++s) out << (s > pi ? ", " : "") << s;
      out << "]:[";
      for (uint32_t s = pj; s < j; ++s) out << (s > pj ? ", " : "") << s;
      out << "]\n";
      pi = i;
      pj = j;
    }
    if (!out) {
      std::cerr << "talign-dp-ref: " << out_path << ": cannot write\n";
      return 1;
    }
  }
  const double dp_cells = double(cells) * double(kShapes.size());
  std::printf(
      "rows=%zu cols=%zu half_width=%zu whole=%d cells=%zu dp_cells=%.0f transitions=%llu "
      "seconds=%.4f cpu_seconds=%.4f dp_cells_per_second=%.4g beads=%zu score=%.3f\n",
      n, m, whole ? size_t(0) : half_width, whole ? 1 : 0, cells, dp_cells,
      static_cast<unsigned long long>(transitions), wall, cpu, cpu > 0 ? dp_cells / cpu : 0.0,
      path.size(), double(best));
  return 0;
}
