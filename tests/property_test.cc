// Property tests of the pipeline (align_texts: splitting, the memory budget, alignment) on
// random document pairs in six languages and random options, with a fixed-seed generator. The
// documents are drawn from the gold units of the bundled corpora with random drops, insertions,
// merges, swapped units and paragraph breaks. For every pair: each sentence of both sides
// appears exactly once, in order (the beads are monotone); scores are finite and in [0, 1]; two
// runs agree bit for bit, and so do the one- and two-thread searches (batch -j against align);
// a memory limit gives an estimate within it, a reduced search that keeps every property, or a
// data error saying so. align_test.cc checks align_documents itself on built documents.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/test_rng.h"
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "align/align/memory.h"
#include "align/align/pipeline.h"
#include "align/common/error.h"
#include "align/split/presplit.h"
#include "tests/test_util.h"

using talign::AlignedPair;
using talign::Bead;
using talign::PairOptions;

namespace {

using talign::testing::read_file;
using talign::testing::Rng;
using talign::testing::Unit;

std::vector<std::string> nonblank_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  return lines;
}

std::vector<Unit> gold_units(const std::string& lang) {
  const std::string dir = std::string(TALIGN_SOURCE_DIR) + "/corpora/en-" + lang + "/";
  const auto src = nonblank_lines(read_file(dir + "en.sent"));
  const auto tgt = nonblank_lines(read_file(dir + lang + ".sent"));
  std::vector<Unit> units;
  for (const std::string& line : nonblank_lines(read_file(dir + "gold.beads"))) {
    Unit unit;
    bool target = false;
    size_t value = 0;
    bool digits = false;
    for (const char c : line) {  // "[0, 1]:[2]"
      if (c >= '0' && c <= '9') {
        value = value * 10 + size_t(c - '0');
        digits = true;
        continue;
      }
      if (digits) (target ? unit.tgt : unit.src).push_back(target ? tgt.at(value) : src.at(value));
      digits = false;
      value = 0;
      if (c == ':') target = true;
    }
    units.push_back(unit);
  }
  return units;
}

struct Case {
  std::string lang;
  std::string src, tgt;
  PairOptions options;
};

// Sentences of a side joined as text: a paragraph per line (raw) or a sentence per line.
std::string join_paragraphs(const std::vector<std::vector<std::string>>& paragraphs, bool presplit,
                            const std::string& lang) {
  std::string text;
  for (const auto& paragraph : paragraphs) {
    if (paragraph.empty()) continue;
    if (!text.empty()) text += "\n\n";
    for (size_t k = 0; k < paragraph.size(); ++k) {
      if (k > 0) text += presplit ? "\n" : (lang == "zh" ? "" : " ");
      text += paragraph[k];
    }
  }
  return text + "\n";
}

Case random_case(Rng& rng) {
  static const char* const kLangs[] = {"fr", "de", "ru", "ar", "zh"};
  Case c;
  c.lang = kLangs[rng.below(5)];
  const std::vector<Unit> units = gold_units(c.lang);
  const bool presplit = rng.coin();
  std::vector<std::vector<std::string>> src(1), tgt(1);
  const size_t count = 1 + rng.below(2 * units.size());
  const size_t start = rng.below(units.size());
  for (size_t k = 0; k < count; ++k) {
    Unit u = units[(start + k) % units.size()];
    if (rng.coin(0.08)) u.tgt.clear();  // left out of the translation
    else if (rng.coin(0.08)) u.src.clear();  // only in the translation
    else if (rng.coin(0.1) && u.tgt.size() > 1) u.tgt = {u.tgt[0] + " " + u.tgt[1]};  // merged
    else if (rng.coin(0.1) && k + 1 < count) {  // two units swapped on the target side
      const Unit& next = units[(start + k + 1) % units.size()];
      u.src.insert(u.src.end(), next.src.begin(), next.src.end());
      u.tgt.insert(u.tgt.begin(), next.tgt.begin(), next.tgt.end());
      ++k;
    }
    src.back().insert(src.back().end(), u.src.begin(), u.src.end());
    tgt.back().insert(tgt.back().end(), u.tgt.begin(), u.tgt.end());
    if (rng.coin(0.1)) src.emplace_back();
    if (rng.coin(0.1)) tgt.emplace_back();
  }
  c.src = join_paragraphs(src, presplit, "en");
  c.tgt = join_paragraphs(tgt, presplit, c.lang);
  PairOptions& o = c.options;
  o.src_lang = "en";
  o.tgt_lang = c.lang;
  o.presplit = presplit;
  o.paragraphs = presplit && rng.coin();
  o.align.use_length = rng.coin(0.8);
  o.align.use_anchors = rng.coin(0.8);
  o.align.use_lexicon = rng.coin(0.8);
  o.align.paragraph_first = rng.coin(0.8);
  if (rng.coin(0.2)) o.align.full_matrix_cells = rng.below(2000);
  if (rng.coin(0.2)) o.align.min_half_width = 1 + rng.below(6);
  if (rng.coin(0.2)) o.align.second_half_width = 1 + rng.below(6);
  if (rng.coin(0.2)) o.align.max_training_cells = rng.below(20000);
  // None, plenty, or around what these documents need (16-20 MiB), or below the program's own.
  const size_t mib = size_t(1) << 20;
  const size_t limits[] = {0, 4096 * mib, 17 * mib, 18 * mib, 20 * mib, 8 * mib};
  o.max_memory = limits[rng.below(6)];
  return c;
}

void check_beads(const AlignedPair& pair) {
  const std::vector<Bead>& beads = pair.alignment.beads;
  CHECK(talign::covers_exactly(beads, pair.src.size(), pair.tgt.size()));
  uint32_t s = 0, t = 0;
  for (const Bead& b : beads) {
    CHECK(b.src_begin == s);  // monotone, each sentence once
    CHECK(b.tgt_begin == t);
    CHECK(b.src_count + b.tgt_count > 0);
    CHECK(std::isfinite(b.score));
    CHECK(b.score >= 0.0f);
    CHECK(b.score <= 1.0f);
    s = b.src_end();
    t = b.tgt_end();
  }
}

bool same_beads(const std::vector<Bead>& a, const std::vector<Bead>& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (a[k].src_begin != b[k].src_begin || a[k].src_count != b[k].src_count ||
        a[k].tgt_begin != b[k].tgt_begin || a[k].tgt_count != b[k].tgt_count ||
        a[k].score != b[k].score)  // bit for bit
      return false;
  return true;
}

}  // namespace

TEST_CASE("align_texts: properties on random documents and options", "[property]") {
  const uint64_t base_seed = 424242;
  int reduced = 0, refused = 0;
  const int rounds = talign::testing::scaled_rounds(60);
  for (uint64_t round = 0; round < static_cast<uint64_t>(rounds); ++round) {
    const uint64_t seed = base_seed + round;
    Rng rng(seed);
    const Case c = random_case(rng);
    const PairOptions& o = c.options;
    INFO("seed " << seed << " lang " << c.lang << " presplit " << o.presplit << " paragraphs "
                 << o.paragraphs << " length " << o.align.use_length << " anchors "
                 << o.align.use_anchors << " lexicon " << o.align.use_lexicon
                 << " paragraph_first " << o.align.paragraph_first << " cells "
                 << o.align.full_matrix_cells << " widths " << o.align.min_half_width << "/"
                 << o.align.second_half_width << " training " << o.align.max_training_cells
                 << " max_memory " << o.max_memory);
    AlignedPair first;
    try {
      first = talign::align_texts(c.src, c.tgt, o, "src", "tgt");
    } catch (const talign::Error& e) {
      // Refused: only for a memory limit, as a data error naming the source.
      INFO(e.what());
      REQUIRE(o.max_memory > 0);
      CHECK(e.kind() == talign::ErrorKind::kData);
      CHECK(e.file() == "src");
      CHECK(std::string(e.what()).find("(--max-memory)") != std::string::npos);
      ++refused;
      continue;
    }
    check_beads(first);
    if (o.max_memory > 0) CHECK(first.memory_estimate <= o.max_memory);
    if (first.reduced_search) ++reduced;

    const AlignedPair second = talign::align_texts(c.src, c.tgt, o, "src", "tgt");
    CHECK(same_beads(first.alignment.beads, second.alignment.beads));
    CHECK(first.reduced_search == second.reduced_search);

    // The backward pass on a second thread (align) or not (batch workers), scores kept for
    // the passes to share or computed by each (a long document): the same result.
    PairOptions one_thread = o;
    one_thread.align.two_threads = !o.align.two_threads;
    one_thread.align.keep_scores_bytes = o.align.keep_scores_bytes > 0 ? 0 : size_t(64) << 20;
    const AlignedPair third = talign::align_texts(c.src, c.tgt, one_thread, "src", "tgt");
    CHECK(same_beads(first.alignment.beads, third.alignment.beads));

    // The reduced plan never needs more than the full one.
    talign::AlignOptions banded = o.align;
    banded.full_matrix_cells = 0;
    CHECK(talign::estimate_alignment_memory(first.src, first.tgt, banded) <=
          talign::estimate_alignment_memory(first.src, first.tgt, o.align));
  }
  // The seeds were chosen so that every branch is taken: the first nine already take both, so
  // that a lowered TALIGN_TEST_ROUNDS (scaled_rounds) keeps this check.
  CHECK(reduced > 0);
  CHECK(refused > 0);
}

TEST_CASE("fit_memory_limit: within the limit nothing changes but the band's ceiling",
          "[property]") {
  Rng rng(99);
  for (int round = 0; round < 20; ++round) {
    const Case c = random_case(rng);
    const talign::SentenceList src = talign::sentences_from_lines(c.src, false);
    const talign::SentenceList tgt = talign::sentences_from_lines(c.tgt, false);
    const size_t needed = talign::estimate_alignment_memory(src, tgt, c.options.align);
    INFO("round " << round << " needed " << needed);
    talign::AlignOptions options = c.options.align;
    bool reduced = false;
    CHECK(talign::fit_memory_limit(src, tgt, needed, options, reduced, "s", "t") == needed);
    CHECK_FALSE(reduced);
    CHECK(options.full_matrix_cells == c.options.align.full_matrix_cells);
    CHECK(options.max_training_cells == c.options.align.max_training_cells);
    // One byte less: scores no longer kept (the same search, slower), else reduced (and within
    // it), else refused.
    options = c.options.align;
    try {
      const size_t fitted = talign::fit_memory_limit(src, tgt, needed - 1, options, reduced, "s", "t");
      CHECK(options.keep_scores_bytes == 0);
      if (!reduced) CHECK(options.full_matrix_cells == c.options.align.full_matrix_cells);
      CHECK(fitted <= needed - 1);
    } catch (const talign::Error& e) {
      CHECK(std::string(e.what()).find("more than the limit") != std::string::npos);
    }
  }
}

TEST_CASE("format_bytes: sizes in messages", "[property]") {
  CHECK(talign::format_bytes(512 * 1024) == "512 KiB");
  CHECK(talign::format_bytes(size_t(300) << 20) == "300 MiB");
  CHECK(talign::format_bytes(size_t(3) << 29) == "1.5 GiB");
}
