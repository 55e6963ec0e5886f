// SentenceCodes: a document's inline formatting codes (Document::codes) placed in the sentences
// the splitter cut from it, so that writers can put them back into each segment (TMX <bpt>,
// <ept>, <it>, <ph>). Sentence text is trimmed and its line breaks folded, so positions are
// found by walking each sentence against the document text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "align/input/document.h"
#include "align/split/sentences.h"

namespace talign {

// What a code is at one place in a sentence.
enum class CodeRole : uint8_t {
  kOpen,       // a pair opens here and closes in the same sentence
  kClose,      // ... and closes here
  kOpenCut,    // a pair opens here and closes after the sentence (TMX <it pos="begin">)
  kCloseCut,   // a pair opened before the sentence closes here (TMX <it pos="end">)
  kIsolated,   // an isolated code (TMX <ph>)
};

struct PlacedCode {
  uint32_t offset = 0;  // byte offset in the sentence text where the tag goes
  uint32_t code = 0;    // index into SentenceCodes::codes()
  CodeRole role = CodeRole::kIsolated;
};

class SentenceCodes {
 public:
  // True when no sentence has a code (plain text input).
  bool empty() const { return placed_.empty(); }
  // The codes of sentence i in the order their tags are written.
  std::span<const PlacedCode> of(size_t i) const {
    if (begin_.empty()) return {};
    return std::span<const PlacedCode>(placed_).subspan(begin_[i], begin_[i + 1] - begin_[i]);
  }
  // The code a PlacedCode refers to.
  const InlineCode& code(uint32_t index) const { return codes_[index]; }

  // Places `doc`'s codes in `sentences` (split from doc.text). A pair that covers a whole
  // sentence and more is left out of it (formatting of whole segments is not inline); a line
  // break at a sentence's edge is the sentence boundary and is left out; an isolated code
  // between two sentences goes to the end of the first.
  static SentenceCodes place(const Document& doc, const SentenceList& sentences);

 private:
  std::vector<InlineCode> codes_;
  std::vector<PlacedCode> placed_;
  std::vector<uint32_t> begin_;  // per sentence, where its codes start in placed_; size n + 1
};

}  // namespace talign
