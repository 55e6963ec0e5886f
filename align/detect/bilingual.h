// One file holding a text and its translation (one after the other, or interleaved by
// paragraph): which paragraph is in which language, and which paragraphs are page furniture
// with no counterpart (menus, share buttons, bylines repeated after the article) to leave out
// before aligning. Nothing here knows a page's layout or words: paragraphs are judged by their
// language, their length and punctuation, where they sit, and whether they repeat.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "align/input/document.h"

namespace talign {

// Why a paragraph was left out of both sides.
enum class DropReason {
  kNoLetters,      // no letters at all (numbers, punctuation, a lone symbol)
  kOtherLanguage,  // in neither language (by CLD2, or by a script neither side is written in)
  kOutsideRun,     // one after the other: a paragraph away from its language's main run
  kMenu,           // three or more very short items between separators ("A | B | C")
  kLinkOnly,       // HTML: nothing but link text
  kRepeated,       // the same text met before (a short line: every copy)
  kEdgeStart,      // a short line at the start of one side with no counterpart in the other
  kEdgeEnd,        // the same at the end
};

// A short name for `reason`, as the drop summary prints it ("menu", "repeated", ...).
const char* drop_reason_name(DropReason reason);

struct DroppedParagraph {
  size_t index = 0;  // 0-based paragraph number in the file
  DropReason reason = DropReason::kNoLetters;
  std::string text;
};

struct BilingualSplit {
  std::string src_lang;  // the languages used: the declared ones, "auto" resolved
  std::string tgt_lang;
  // Each side's kept paragraphs, in file order, joined by blank lines: the text a file holding
  // that side alone would have had (paragraph texts are kept byte for byte).
  std::string src_text;
  std::string tgt_text;
  size_t paragraphs = 0;  // paragraphs in the file
  size_t src_paragraphs = 0;
  size_t tgt_paragraphs = 0;
  bool interleaved = false;  // false: one language after the other
  std::vector<DroppedParagraph> dropped;  // in file order
};

// Splits `doc` (read_input_document: paragraphs separated by blank lines; HTML lang attributes
// in doc.languages and links in doc.codes) into its two languages. `src_lang` and `tgt_lang` are
// canonical tags or "auto"; with "auto" the first language met (in a paragraph long enough for
// CLD2 to be sure) is the source and the next different one the target.
// A paragraph long enough for CLD2 takes CLD2's language; a shorter one takes a side by its
// script when only one side is written in it, else by CLD2's choice between the two languages
// when it has a sentence or more to go on, else by an HTML lang attribute when the page marks
// more than one language, else by its neighbours. Then, in this order: paragraphs with no
// letters or in neither language, link-only lines and menus, repeated lines, (one language after
// the other) paragraphs on the wrong side of the boundary between the two main runs, and short
// lines at either end of one side beyond as many as the other side has there are dropped. Throws Error(kData) naming the file when the two
// languages cannot be told (or are the same), or when a side ends up with no text.
BilingualSplit split_bilingual(const Document& doc, const std::string& src_lang,
                               const std::string& tgt_lang);

}  // namespace talign
