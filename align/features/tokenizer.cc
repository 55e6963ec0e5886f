#include "align/features/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace talign {
namespace {

UChar32 next_code_point(std::string_view s, size_t& i) {
  UChar32 c;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  i = static_cast<size_t>(pos);
  return c;
}

UChar32 peek(std::string_view s, size_t i) {
  if (i >= s.size()) return U_SENTINEL;
  return next_code_point(s, i);
}

bool is_mark(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

// Chinese and Japanese characters carry a word each; they are tokens on their own.
bool is_cjk(UChar32 c) {
  if (c < 0x2E80) return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
}

int digit_value(UChar32 c) { return c >= '0' && c <= '9' ? c - '0' : u_charDigitValue(c); }

bool is_digit(UChar32 c) { return (c >= '0' && c <= '9') || (c > 0x7F && u_isdigit(c)); }

bool is_number_separator(UChar32 c) {
  return c == '.' || c == ',' || c == 0x066B || c == 0x066C || c == 0x00A0 || c == 0x202F ||
         c == 0x2009 || c == '\'' || c == 0x2019;
}

void append_folded(UChar32 c, std::string& out) {
  const UChar32 folded = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c)
                                  : u_foldCase(c, U_FOLD_CASE_DEFAULT);
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, 4, folded, error);
  if (!error) out.append(buffer, static_cast<size_t>(length));
}

bool is_quote(UChar32 c) {
  if (c == '"') return true;
  if (c < 0x80) return false;
  const int8_t type = u_charType(c);
  return (type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION) || c == 0x300C ||
         c == 0x300D || c == 0x300E || c == 0x300F;
}

}  // namespace

void SentenceTokens::clear() {
  words.clear();
  numbers.clear();
  names.clear();
  question_marks = exclamation_marks = quotes = brackets = 0;
  length = 0;
}

std::string canonical_number(std::u32string_view s) {
  // Split into digit groups and the separators between them.
  std::vector<std::string> groups(1);
  std::u32string separators;
  for (char32_t c : s) {
    if (is_number_separator(static_cast<UChar32>(c))) {
      separators.push_back(c);
      groups.emplace_back();
    } else {
      groups.back().push_back(static_cast<char>('0' + digit_value(static_cast<UChar32>(c))));
    }
  }
  // Which separator (if any) is the decimal point: the last one when two kinds occur or when the
  // group after it is not three digits long (or the number starts with "0.").
  bool has_decimal = false;
  if (!separators.empty()) {
    const char32_t last = separators.back();
    bool two_kinds = false;
    for (char32_t c : separators) two_kinds = two_kinds || c != last;
    const bool last_group_of_three = groups.back().size() == 3;
    const bool space_like = last == 0x00A0 || last == 0x202F || last == 0x2009 || last == '\'' ||
                            last == 0x2019;
    has_decimal = !space_like && (two_kinds || !last_group_of_three ||
                                  (separators.size() == 1 && groups.front() == "0"));
  }
  std::string integer;
  const size_t integer_groups = has_decimal ? groups.size() - 1 : groups.size();
  for (size_t g = 0; g < integer_groups; ++g) integer += groups[g];
  size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  if (!has_decimal) return integer;
  std::string fraction = groups.back();
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return fraction.empty() ? integer : integer + "." + fraction;
}

void tokenize(std::string_view s, SentenceTokens& out) {
  out.clear();
  std::string word;
  bool word_has_upper = false, word_has_digit = false, word_has_letter = false;
  bool first_word = true;
  auto finish_word = [&]() {
    if (word.empty()) return;
    out.words.push_back(word);
    // A capital that is not just the first letter of the sentence, or letters mixed with digits,
    // marks a name, acronym or code that a translation keeps as it is.
    if ((word_has_upper && !first_word) || (word_has_digit && word_has_letter))
      out.names.push_back(word);
    first_word = false;
    word.clear();
    word_has_upper = word_has_digit = word_has_letter = false;
  };

  size_t i = 0;
  std::u32string number;
  while (i < s.size()) {
    const UChar32 c = next_code_point(s, i);
    if (c < 0) continue;
    if (!is_mark(c) && c != 0x200D && !(c >= 0xFE00 && c <= 0xFE0F)) ++out.length;

    if (is_digit(c) && word.empty()) {
      // A number: digits with separators between digit groups.
      number.assign(1, static_cast<char32_t>(c));
      size_t group = 1;
      bool space_grouped = false;
      size_t j = i;
      while (j < s.size()) {
        size_t k = j;
        const UChar32 d = next_code_point(s, k);
        if (is_digit(d)) {
          number.push_back(static_cast<char32_t>(d));
          ++group;
          j = k;
          continue;
        }
        size_t m = k;
        const UChar32 after = peek(s, m);
        if (is_number_separator(d) && is_digit(after)) {
          number.push_back(static_cast<char32_t>(d));
          group = 0;
          j = k;
          continue;
        }
        // "12 300", "1 234 567": a plain space groups thousands after a short first group and
        // after each three-digit group joined that way, never after "2019".
        const bool first_group = number.size() == group && group <= 3;
        if (d == ' ' && is_digit(after) && (first_group || (space_grouped && group == 3))) {
          size_t n = k, digits = 0;
          while (n < s.size() && is_digit(peek(s, n))) {
            next_code_point(s, n);
            ++digits;
          }
          if (digits == 3 && !u_isalnum(peek(s, n))) {
            number.push_back(0x00A0);
            space_grouped = true;
            group = 0;
            j = k;
            continue;
          }
        }
        break;
      }
      // Count the graphemes consumed beyond the first digit.
      for (size_t p = i; p < j;) {
        const UChar32 d = next_code_point(s, p);
        if (!is_mark(d)) ++out.length;
      }
      i = j;
      out.numbers.push_back(canonical_number(number));
      first_word = false;
      continue;
    }
    if (is_cjk(c)) {
      finish_word();
      append_folded(c, word);
      word_has_letter = true;
      finish_word();
      continue;
    }
    if (u_isalpha(c) || (is_mark(c) && !word.empty()) || (is_digit(c) && !word.empty())) {
      if (is_digit(c)) {
        word.push_back(static_cast<char>('0' + digit_value(c)));
        word_has_digit = true;
      } else {
        if (u_isUUppercase(c)) word_has_upper = true;
        if (!is_mark(c)) word_has_letter = true;
        append_folded(c, word);
      }
      continue;
    }
    finish_word();
    switch (c) {
      case '?': case 0xBF: case 0x061F: case 0xFF1F: ++out.question_marks; break;
      case '!': case 0xA1: case 0xFF01: ++out.exclamation_marks; break;
      case '(': case '[': case 0xFF08: case 0x3010: ++out.brackets; break;
      default:
        if (is_quote(c)) ++out.quotes;
    }
  }
  finish_word();
}

}  // namespace talign
