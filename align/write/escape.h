// Text escaping shared by the writers: XML character data, JSON strings and scores as printed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace talign {

// A bead score as every format prints it: "0.930" (three decimals); "" for an unknown score
// (negative, kUnknownScore).
std::string format_score(float score);

// Appends `text` (valid UTF-8) as a JSON string literal: quotes, backslashes and control
// characters escaped, other UTF-8 kept. With `in_html_script` also "<" (so "</script>" cannot
// end an inline script), and U+2028/U+2029 (line terminators in older JavaScript) as \uXXXX.
void append_json_string(std::string_view text, std::string& out, bool in_html_script = false);

// Replaces in `text` (UTF-8) every control character other than tab, LF and CR (C0 controls:
// a vertical tab, a form feed, NUL...) with U+FFFD and returns how many: one rule for every
// output format, which cannot all carry them (XML 1.0 forbids them), so that a segment reads the
// same in all of them and nothing is dropped silently.
size_t replace_controls(std::string& text);

// Appends `text` (valid UTF-8) as XML 1.0 character data: & < > " escaped, CR as &#13; (a raw
// CR reads back as LF), and the characters XML 1.0 forbids even as references (C0 controls but
// tab and LF, U+FFFE, U+FFFF) replaced by U+FFFD, each counted in `invalid`.
void append_xml_text(std::string_view text, std::string& out, size_t& invalid);

}  // namespace talign
