// Presplit input: text that is already one sentence per line (as MT corpora and Text+Berg are).
#pragma once

#include <string_view>

#include "align/split/sentences.h"

namespace talign {

// Each non-blank line is one sentence (trimmed). Blank lines separate paragraphs when
// `blank_line_paragraphs` is true and are otherwise ignored (all sentences in paragraph 0).
SentenceList sentences_from_lines(std::string_view text, bool blank_line_paragraphs);

}  // namespace talign
