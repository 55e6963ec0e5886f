#include "align/write/escape.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <unicode/utf8.h>

#include <charconv>

namespace talign {

std::string format_score(float score) {
  if (score < 0) return std::string();
  char buffer[16];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(score),
                                 std::chars_format::fixed, 3);
  return std::string(buffer, end.ptr);
}

void append_json_string(std::string_view text, std::string& out, bool in_html_script) {
  static const char* const kHex = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || (in_html_script && c == '<')) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else if (in_html_script && u == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

size_t replace_controls(std::string& text) {
  auto is_control = [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
  };
  // Most text has no byte below 0x20 at all: look eight bytes at a time first.
  size_t i = 0;
  bool low = false;
  for (; i + 8 <= text.size() && !low; i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, sizeof w);
    // A byte below 0x20 borrows from its high bit when 0x20 is subtracted (ASCII bytes only;
    // bytes of 0x80 and above cannot be below 0x20 and are masked out by ~w).
    low = ((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull) != 0;
  }
  if (!low) {
    for (; i < text.size(); ++i) low = low || static_cast<unsigned char>(text[i]) < 0x20;
    if (!low) return 0;
  }
  const size_t count = static_cast<size_t>(std::count_if(text.begin(), text.end(), is_control));
  if (count == 0) return 0;
  std::string out;
  out.reserve(text.size() + 2 * count);
  for (char c : text)
    if (is_control(c))
      out += "\xEF\xBF\xBD";
    else
      out.push_back(c);
  text.swap(out);
  return count;
}

void append_xml_text(std::string_view text, std::string& out, size_t& invalid) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\r': out += "&#13;"; break;
        case '\t': case '\n': out.push_back(static_cast<char>(c)); break;
        default:
          if (c < 0x20) {
            out += "\xEF\xBF\xBD";
            ++invalid;
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    UChar32 cp;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(text.data(), pos, static_cast<int32_t>(text.size()), cp);
    if (cp == 0xFFFE || cp == 0xFFFF || cp < 0) {
      out += "\xEF\xBF\xBD";
      ++invalid;
    } else {
      out.append(text.substr(i, static_cast<size_t>(pos) - i));
    }
    i = static_cast<size_t>(pos);
  }
}

}  // namespace talign
