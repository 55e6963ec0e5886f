// Features: what the aligner knows about each sentence, as flat arrays of numbers. Words get ids in
// one vocabulary per side; anchors (numbers, names, names across scripts, cognate keys,
// punctuation) get ids in one vocabulary shared by both sides, so that equal ids on the two sides
// are evidence of a link.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "align/split/sentences.h"

namespace talign {

// String <-> dense id.
class Vocabulary {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  // The id of `word`, added if new.
  uint32_t intern(std::string_view word);
  // The id of `word`, or kMissing.
  uint32_t find(std::string_view word) const;
  const std::string& word(uint32_t id) const { return words_[id]; }
  size_t size() const { return words_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> words_;
};

// A sparse list of ids per sentence in compressed rows: sentence i owns ids[begin[i]..begin[i+1]).
struct IdLists {
  std::vector<uint32_t> begin{0};
  std::vector<uint32_t> ids;

  size_t size() const { return begin.size() - 1; }
  const uint32_t* data(size_t i) const { return ids.data() + begin[i]; }
  uint32_t count(size_t i) const { return begin[i + 1] - begin[i]; }
  void close_row() { begin.push_back(static_cast<uint32_t>(ids.size())); }
};

// One side's sentences as numbers.
struct SideFeatures {
  std::vector<float> length;        // the length the aligner uses (one of the units below)
  std::vector<float> graphemes;     // grapheme clusters per sentence (at least 1)
  std::vector<float> bytes;         // UTF-8 bytes per sentence, spaces left out (at least 1):
                                    // a Han character weighs 3, a Latin letter 1
  std::vector<float> word_count;    // word and number tokens per sentence (at least 1)
  std::vector<uint32_t> paragraph;  // paragraph number per sentence
  IdLists words;                    // ids in the side's word vocabulary (repeats kept)
  IdLists anchors;                  // ids in the shared anchor vocabulary (each once)
  // Paragraph markers (SentenceList::is_marker): marker_prefix[k] is the number of markers among
  // the first k sentences; empty when the side has none, so that checks cost nothing then. A
  // marker has no words or anchors and length 1 in every unit.
  std::vector<uint32_t> marker_prefix;

  size_t size() const { return length.size(); }
  bool has_markers() const { return !marker_prefix.empty(); }
  // Markers among sentences [begin, end).
  uint32_t markers_in(uint32_t begin, uint32_t end) const {
    return marker_prefix.empty() ? 0 : marker_prefix[end] - marker_prefix[begin];
  }
  bool is_marker(uint32_t i) const { return markers_in(i, i + 1) != 0; }
};

// Which kinds of anchors to extract.
struct FeatureOptions {
  bool numbers = true;      // "1,200" on one side, "1200" or "١٢٠٠" on the other
  bool names = true;        // identical capitalised or alphanumeric tokens ("Zermatt", "R1"), and
                            // names across scripts (林黛玉 / "Lin Daiyu", محمد / "Mohammed")
  bool cognates = true;     // same first four letters after transliteration to ASCII
  bool punctuation = true;  // presence of ? ! quotes brackets, dialogue dash, 「」, colon, ellipsis
};

// Anchor keys, each present at most once per sentence:
//   "#1200"     a number in canonical form (tokenizer.h)
//   "=zermatt"  a capitalised or alphanumeric token, case-folded, spelled alike on both sides
//   "~matt"     a cognate: the first four ASCII letters of a Latin, Cyrillic or Greek word
//   "@lindaiyu" a name across scripts: the ASCII letters (ICU transliteration, no tones or
//               accents, syllables and hyphenated parts joined) of a capitalised word or a run of
//               up to three (not at a clause start unless capitalised elsewhere, never seen in
//               lower case, at least 4 letters), meeting the same letters in another script: a
//               capitalised word of another cased script ("Нвидиа"), an n-gram of 2 to 4 Han,
//               kana or hangul characters (林黛玉), or a word or two of another alphabet
//               (नरेन्द्र मोदी). A key is added only where both documents have it.
//   "&mhmd"     a name across an abjad (Arabic, Hebrew, Syriac): the consonant skeleton of both
//               spellings (vowels, y, w dropped; p as b, v as f, c as k; doubled letters once; at
//               least 3 letters; Arabic and Hebrew proclitics tried off): محمد, "Mohammed"
//   "?" "!"     a question or exclamation mark of any script
//   "\""        quotation marks of any script (「」 too)
//   "("         an opening bracket
//   "—"         a dialogue line: the sentence opens with — – ― or "- "
//   "「"         Chinese/Japanese corner quotes 「」『』
//   ":"         a colon (: ： ﹕), not between digits
//   "…"         an ellipsis (… ⋯ ... ……)
struct DocumentFeatures {
  SideFeatures src, tgt;
  Vocabulary src_words, tgt_words;
  Vocabulary anchors;  // the keys above
};

// Extracts the features of both documents. Deterministic: ids follow first appearance.
// Thread-safe (per-thread ICU objects and caches).
DocumentFeatures build_features(const SentenceList& src, const SentenceList& tgt,
                                const FeatureOptions& options);

}  // namespace talign
