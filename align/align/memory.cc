#include "align/align/memory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <vector>

#include "align/align/lexicon.h"
#include "align/common/error.h"

namespace talign {
namespace {

// The figures of the estimate, from peak RSS measured with /usr/bin/time -v on synthetic
// documents of 500 to 1M sentences per side, raw and presplit (scripts/bench-align's generator).
constexpr size_t kProgramBytes = size_t(16) << 20;  // code, ICU data, allocator: 12 MB measured
constexpr double kBytesPerTextByte = 4.0;  // sentence buffers, features, vocabularies, splitting
constexpr size_t kBytesPerSentence = 64;   // offsets, lengths, row starts, beads
constexpr size_t kBytesPerRow = 40;        // per DP row: band bounds, offsets, row shifts
constexpr size_t kBytesPerCell = 9;        // back pointer + forward and backward log-sums (float)

// IBM-1's memory for `cells` training cells: a 4-byte slot index per cell and direction (x1.5 for
// vector growth), plus about 134 bytes per distinct word pair in its hash maps. Distinct pairs
// grow slower than cells (Heaps' law): their share, 8.8 cells^-0.214, is fitted on Text+Berg
// (0.61 of 264k cells) and on Zipf-distributed synthetic text (0.28 of 10M cells).
size_t training_bytes(size_t cells) {
  if (cells == 0) return 0;
  const double distinct = std::min(1.0, 8.8 * std::pow(double(cells), -0.214));
  return static_cast<size_t>(double(cells) * (6.0 + 134.0 * distinct));
}

struct Parts {
  size_t fixed = 0;  // sentences, features, the program: needed whatever the search
  size_t rows = 0;   // per-row costs of the DP
  size_t dp = 0;     // the largest DP (cells)
  size_t ibm = 0;    // lexicon training; happens between the passes, so not with `dp`
  size_t total() const { return fixed + std::max(rows + dp, ibm); }
};

// Words as the tokenizer will roughly count them: runs between spaces, plus one per character
// of the CJK blocks (UTF-8 lead bytes E3-E9: U+3000-U+9FFF), which are words on their own.
uint32_t approximate_words(std::string_view text) {
  uint32_t words = 0;
  bool in_word = false;
  for (const unsigned char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
    if (c >= 0xE3 && c <= 0xE9) ++words;
  }
  return words;
}

// DP cells of a band of `half_width` around a diagonal, as Band::around and search() make it.
size_t band_cells(size_t n, size_t m, size_t half_width) {
  const size_t slope = (m + 1 + n) / (n + 1);  // ceil((m + 1) / (n + 1))
  const size_t half = std::max(half_width, 3 * slope);
  return (n + 1) * std::min(m + 1, 2 * half + 1 + slope);
}

Parts estimate_parts(const SentenceList& src, const SentenceList& tgt,
                     const AlignOptions& options) {
  const size_t n = src.size(), m = tgt.size();
  size_t bytes = 0;
  std::vector<uint32_t> src_words(n), tgt_words(m);
  for (size_t i = 0; i < n; ++i) {
    bytes += src.text(i).size();
    src_words[i] = approximate_words(src.text(i));
  }
  for (size_t j = 0; j < m; ++j) {
    bytes += tgt.text(j).size();
    tgt_words[j] = approximate_words(tgt.text(j));
  }
  Parts parts;
  parts.fixed = kProgramBytes + static_cast<size_t>(kBytesPerTextByte * double(bytes)) +
                kBytesPerSentence * (n + m);
  if (options.lexicon_in != nullptr) parts.fixed += 3 * options.lexicon_in->size();

  const double whole = double(n + 1) * double(m + 1);
  size_t first = 0, second = 0;
  if (whole <= double(options.full_matrix_cells)) {
    first = second = static_cast<size_t>(whole);
  } else {
    first = band_cells(n, m, options.min_half_width);
    second = band_cells(n, m, options.second_half_width);
  }
  parts.dp = std::max(first * (options.first_pass_posteriors ? kBytesPerCell : 1),
                      second * kBytesPerCell);
  if (options.paragraph_first && n > 0 && m > 0) {
    // The paragraph pass searches its whole matrix (below full_matrix_cells only).
    const double paragraphs = double(src.paragraph(n - 1) + 2) * double(tgt.paragraph(m - 1) + 2);
    if (paragraphs <= double(options.full_matrix_cells))
      parts.dp = std::max(parts.dp, static_cast<size_t>(paragraphs) * kBytesPerCell);
  }
  // Scores kept for the passes to share (AlignOptions::keep_scores_bytes): a lexical table
  // (12 bytes per cell and pair shape) and a pass's bead scores (8 per cell and shape).
  const size_t cells = std::max(first, second);
  parts.dp += std::min(options.keep_scores_bytes, cells * 12 * (kShapes.size() - 2)) +
              std::min(options.keep_scores_bytes, cells * 8 * kShapes.size());
  // And the lexical values of a banded search's rows kept from one try to the next
  // (LexicalRows): two sets of a float per cell and run length, each direction. Counted for
  // every plan (a whole matrix keeps none), so that a plan with fewer cells never needs more.
  parts.dp += 2 * std::min(options.keep_scores_bytes, cells * sizeof(float) * 2 * kMaxRun);
  parts.rows = kBytesPerRow * (n + 1);

  if (options.use_lexicon && options.lexicon_in == nullptr && n > 0 && m > 0) {
    // Sentences paired longest with longest (by the rearrangement inequality no pairing has
    // more cells), each pair within the aligner's cap; the aligner trains on an evenly spread
    // sample of max_training_pairs, so a longer document counts its share of the sum.
    const size_t pairs = std::min(n, m);
    std::sort(src_words.begin(), src_words.end(), std::greater<>());
    std::sort(tgt_words.begin(), tgt_words.end(), std::greater<>());
    double cells = 0;
    for (size_t i = 0; i < pairs; ++i)
      cells += double(std::min(size_t(src_words[i] + 1) * size_t(tgt_words[i] + 1),
                               options.max_training_cells / 100));
    cells *= double(std::min(pairs, options.max_training_pairs)) / double(pairs);
    const size_t trained = std::min(static_cast<size_t>(cells), options.max_training_cells);
    parts.ibm = training_bytes(trained);
    // With two threads both directions of a small sample train at once (TranslationTable::train
    // decides on the sample's own count, which may be below this bound).
    if (options.two_threads)
      parts.ibm += training_bytes(std::min(trained, TranslationTable::kTwoThreadTrainingCells));
  }
  return parts;
}

[[noreturn]] void refuse(size_t needed, size_t limit, const std::string& src_name,
                         const std::string& tgt_name) {
  throw Error(ErrorKind::kData, src_name,
              "aligning it with " + display_name(tgt_name) + " needs about " +
                  format_bytes(needed) + " of memory, more than the limit of " +
                  format_bytes(limit) + " (--max-memory)");
}

size_t regular_file_size(const std::string& path) {
  struct stat info {};
  if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
  return static_cast<size_t>(info.st_size);
}

}  // namespace

size_t estimate_alignment_memory(const SentenceList& src, const SentenceList& tgt,
                                 const AlignOptions& options) {
  return estimate_parts(src, tgt, options).total();
}

size_t fit_memory_limit(const SentenceList& src, const SentenceList& tgt, size_t limit,
                        AlignOptions& options, bool& reduced, const std::string& src_name,
                        const std::string& tgt_name) {
  Parts parts = estimate_parts(src, tgt, options);
  if (limit == 0) return parts.total();
  // Whatever the plan, a band widened at run time must stay within what is left.
  const size_t room = limit > parts.fixed + parts.rows ? limit - parts.fixed - parts.rows : 0;
  options.max_dp_cells = std::min(options.max_dp_cells, room / kBytesPerCell);
  if (parts.total() <= limit) return parts.total();
  // Scores computed again instead of kept: the same search, only slower.
  if (options.keep_scores_bytes > 0) {
    options.keep_scores_bytes = 0;
    parts = estimate_parts(src, tgt, options);
    if (parts.total() <= limit) return parts.total();
  }
  // Then one thread (the lexicon's two directions trained one after the other): the same
  // search too, so that the plan below does not depend on --threads.
  if (options.two_threads) {
    options.two_threads = false;
    parts = estimate_parts(src, tgt, options);
    if (parts.total() <= limit) return parts.total();
  }

  // Reduced search: a band instead of the whole matrix (which also skips the paragraph pass,
  // searched whole), and one thread (one scorer).
  reduced = true;
  options.full_matrix_cells = 0;
  options.two_threads = false;
  parts = estimate_parts(src, tgt, options);
  if (parts.total() > limit && parts.ibm > 0) {
    // Then a smaller lexicon training sample: what the rest leaves.
    const size_t left = limit > parts.fixed ? limit - parts.fixed : 0;
    size_t cells = std::min(options.max_training_cells, left / 6);
    while (cells > 0 && training_bytes(cells) > left) cells = cells * 9 / 10;
    options.max_training_cells = cells;
    parts = estimate_parts(src, tgt, options);
  }
  if (parts.total() > limit) refuse(parts.total(), limit, src_name, tgt_name);
  return parts.total();
}

void check_file_sizes(const std::string& src_path, const std::string& tgt_path, size_t limit) {
  if (limit == 0) return;
  // A lower bound: half the bytes (UTF-16 halves when decoded), at half the usual cost per byte.
  const size_t bytes = regular_file_size(src_path) + regular_file_size(tgt_path);
  const size_t needed =
      kProgramBytes + static_cast<size_t>(kBytesPerTextByte / 4.0 * double(bytes));
  if (needed > limit) refuse(needed, limit, src_path, tgt_path);
}

size_t default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
  size_t total = pages > 0 && page_size > 0 ? size_t(pages) * size_t(page_size) : 0;
  // In a container the control group's limit is what the OOM killer enforces ("max" and v1's
  // huge "unlimited" value do not parse or are larger).
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    unsigned long long value = 0;
    if (in >> value && value > 0 && (total == 0 || value < total)) total = value;
  }
  return total / 2;
}

std::string format_bytes(size_t bytes) {
  char text[32];
  const double mib = double(bytes) / double(1 << 20);
  if (mib >= 1024)
    std::snprintf(text, sizeof text, "%.1f GiB", mib / 1024);
  else if (mib >= 1)
    std::snprintf(text, sizeof text, "%.0f MiB", mib);
  else
    std::snprintf(text, sizeof text, "%.0f KiB", double(bytes) / 1024);
  return text;
}

}  // namespace talign
