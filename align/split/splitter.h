// Splitter: cuts a document's text into sentences and paragraphs.
//
// A blank line ends a paragraph. Inside a paragraph a single line break is folded into a space
// (into nothing between two CJK characters) unless the line looks like a line of its own: it
// ended before the paragraph's wrap width (the widest line) although the next word would have
// fitted, it is followed by a list item, or the block is all short lines; a line ending in a space
// is always folded (format=flowed). Candidate sentence ends come from ICU's sentence
// BreakIterator; language data and rules then remove the false ones (abbreviations, initials,
// ordinals, ellipses, list numbering, lower-case continuation, quotations) and add the ones ICU
// misses (a stop with no space after it, "…", a period before a number, list items).
// Optional SRX rules override both at the positions they match.
#pragma once

#include <memory>
#include <string_view>

#include "align/split/sentences.h"

namespace talign {

class SrxRules;

struct SplitterOptions {
  // Every line is a paragraph of its own (files written one paragraph per line), instead of
  // blank lines separating paragraphs.
  bool line_paragraphs = false;
};

class Splitter {
 public:
  // `lang` is a BCP-47 tag ("en", "pt-BR") or an ISO 639-2/3 code ("eng"); languages without own
  // data get the generic rules. `srx`, if given, must outlive the Splitter.
  explicit Splitter(std::string_view lang, const SrxRules* srx = nullptr,
                    SplitterOptions options = {});
  ~Splitter();
  Splitter(const Splitter&) = delete;
  Splitter& operator=(const Splitter&) = delete;

  // Splits `text` (valid UTF-8 with LF newlines, e.g. Document::text). Not thread-safe: use one
  // Splitter per thread.
  SentenceList split(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace talign
