// Presplit input: text that is already one sentence per line (as MT corpora and Text+Berg are).
#pragma once

#include <string_view>

#include "align/split/sentences.h"

namespace talign {

// Each non-blank line is one sentence (trimmed); ids count non-blank lines. Blank lines separate
// paragraphs when `blank_line_paragraphs` is true and are otherwise ignored. With `p_markers`, a
// line that is exactly `<p>` (trimmed) is a paragraph marker (hunalign's convention): an item
// of its own, flagged (SentenceList::is_marker), that starts a new paragraph; without, it is a
// sentence like any other.
SentenceList sentences_from_lines(std::string_view text, bool blank_line_paragraphs,
                                  bool p_markers = true);

// True if `line` (trimmed) is a paragraph marker line: exactly "<p>".
bool is_paragraph_marker(std::string_view line);

}  // namespace talign
