// Splitter: cuts a document's text into sentences and paragraphs.
//
// A blank line ends a paragraph. Inside a paragraph a single line break is folded into a space
// (into nothing between two CJK characters) unless the line looks like a line of its own: a short
// line (under 40 columns) with no trailing space, or a line followed by a list item. Candidate
// sentence ends come from ICU's sentence BreakIterator; language data and rules then remove the
// false ones (abbreviations, initials, ordinals, ellipses, list numbering, lower-case
// continuation) and add the ones ICU misses (a stop with no space after it, list items).
// Optional SRX rules override both at the positions they match.
#pragma once

#include <memory>
#include <string_view>

#include "align/split/sentences.h"

namespace talign {

class SrxRules;

class Splitter {
 public:
  // `lang` is a BCP-47 tag ("en", "pt-BR"); languages without own data get the generic rules.
  // `srx`, if given, must outlive the Splitter.
  explicit Splitter(std::string_view lang, const SrxRules* srx = nullptr);
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
