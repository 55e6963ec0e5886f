#include "align/split/presplit.h"

namespace talign {
namespace {

bool is_blank_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v'; }

}  // namespace

bool is_paragraph_marker(std::string_view line) { return line == "<p>"; }

SentenceList sentences_from_lines(std::string_view text, bool blank_line_paragraphs,
                                  bool p_markers) {
  SentenceList out;
  out.reserve(text.size());  // the sentences are at most the text: no regrowth on large input
  uint32_t paragraph = 0;
  bool paragraph_has_text = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    size_t begin = pos, end = eol;
    while (begin < end && is_blank_byte(text[begin])) ++begin;
    while (end > begin && is_blank_byte(text[end - 1])) --end;
    if (begin == end) {
      if (blank_line_paragraphs && paragraph_has_text) {
        ++paragraph;
        paragraph_has_text = false;
      }
    } else {
      const std::string_view line = text.substr(begin, end - begin);
      const bool marker = p_markers && is_paragraph_marker(line);
      // A marker opens the paragraph it starts (unless nothing came before it in this one).
      if (marker && paragraph_has_text) ++paragraph;
      out.add(line, paragraph, begin, marker);
      paragraph_has_text = true;
    }
    pos = eol + 1;
  }
  return out;
}

}  // namespace talign
