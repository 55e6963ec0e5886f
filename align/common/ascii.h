// Byte-wise ASCII helpers shared by the readers and parsers. Bytes of UTF-8 sequences (0x80 and
// above) are never spaces, digits or capitals here, so UTF-8 text passes through unchanged.
#pragma once

#include <string>
#include <string_view>

namespace talign {

// White space as C's isspace sees it in the "C" locale.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
// White space within a line: kAsciiSpace but '\n'.
inline constexpr std::string_view kLineSpace = " \t\v\f\r";

inline bool is_line_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Whether every byte of `s` is ASCII (below 0x80): no UTF-8 sequence in it.
inline bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// `s` without its leading and trailing characters from `chars`.
inline std::string_view trim(std::string_view s, std::string_view chars = kAsciiSpace) {
  const size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

// `s` with A-Z lowered (what std::tolower does in the "C" locale, which talign never changes).
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace talign
