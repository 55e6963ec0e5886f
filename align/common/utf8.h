// Small UTF-8 helpers shared by the decoders and readers.
#pragma once

#include <unicode/utf8.h>

#include <string>
#include <string_view>

namespace talign {

// Appends code point `cp` as UTF-8. `cp` must be a Unicode scalar value (at most U+10FFFF, no
// surrogate): callers check what they decoded before appending it.
inline void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The first and the last code point of `s`: 0 when `s` is empty, negative for an ill-formed
// sequence.
inline UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  int32_t at = 0;
  UChar32 c;
  U8_NEXT(s.data(), at, static_cast<int32_t>(s.size()), c);
  return c;
}

inline UChar32 last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  int32_t end = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(s.data(), 0, end, c);
  return c;
}

}  // namespace talign
