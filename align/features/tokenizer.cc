#include "align/features/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
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
  if (c < 0x0300) return false;  // no marks before the combining diacritics
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

// Scripts written without spaces between words, which ICU's word break cuts with its
// dictionaries: Chinese, Japanese, Thai, Lao, Khmer, Myanmar. `c` is a letter (or 〇).
bool is_dictionary_script(UChar32 c) {
  if (c < 0x0E00 || (c >= 0x0F00 && c < 0x1000) || (c >= 0x10A0 && c < 0x1780) ||
      (c >= 0x1800 && c < 0x2E80))
    return false;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

// Inside such a run: its letters, marks, and the kana length and voicing marks (script Common).
bool continues_dictionary_run(UChar32 c) {
  if (c == 0x30FC || c == 0xFF70 || (c >= 0x3099 && c <= 0x309C) || c == 0xFF9E || c == 0xFF9F)
    return true;
  if (is_mark(c)) {
    UErrorCode status = U_ZERO_ERROR;
    return c >= 0x0E00 &&
           (is_dictionary_script(c) || uscript_getScript(c, &status) == USCRIPT_INHERITED);
  }
  return (u_isalpha(c) || c == 0x3007) && is_dictionary_script(c);
}

bool is_letter(UChar32 c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(c);
}

bool is_capital(UChar32 c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isUUppercase(c) || u_istitle(c);
}

bool is_space(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_isUWhiteSpace(c);
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

// 「」『』 and their vertical forms.
bool is_corner_quote(UChar32 c) {
  return (c >= 0x300C && c <= 0x300F) || (c >= 0xFE41 && c <= 0xFE44);
}

bool is_quote(UChar32 c) {
  if (c == '"') return true;
  if (c < 0x80) return false;
  const int8_t type = u_charType(c);
  return (type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION) || is_corner_quote(c);
}

}  // namespace

void SentenceTokens::clear() {
  words.clear();
  word_flags.clear();
  numbers.clear();
  names.clear();
  question_marks = exclamation_marks = quotes = corner_quotes = brackets = colons = ellipses = 0;
  dialogue_dash = false;
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

// ICU's dictionary-based word break, over UTF-8 text without copying it.
struct Tokenizer::WordBreak {
  std::unique_ptr<icu::BreakIterator> iterator;
  UText* text = nullptr;
  bool failed = false;

  ~WordBreak() { utext_close(text); }

  // Appends to `ends` the end offsets (relative to `run`) of the words of `run`.
  void split(std::string_view run, std::vector<size_t>& ends) {
    if (!iterator && !failed) {
      UErrorCode status = U_ZERO_ERROR;
      iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
      if (U_FAILURE(status)) iterator.reset();
      failed = !iterator;
    }
    UErrorCode status = U_ZERO_ERROR;
    if (!failed) {
      text = utext_openUTF8(text, run.data(), static_cast<int64_t>(run.size()), &status);
      if (U_SUCCESS(status)) iterator->setText(text, status);
    }
    if (failed || U_FAILURE(status)) {  // no dictionaries: one word per character, as before
      for (size_t i = 0; i < run.size();) {
        next_code_point(run, i);
        ends.push_back(i);
      }
      return;
    }
    iterator->first();
    for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE; end = iterator->next())
      ends.push_back(static_cast<size_t>(end));
  }
};

Tokenizer::Tokenizer() = default;
Tokenizer::~Tokenizer() = default;

void Tokenizer::tokenize(std::string_view s, SentenceTokens& out) {
  out.clear();
  // What separates the next word from the previous one: nothing (CJK words), white space only,
  // one hyphen or apostrophe only, or anything else (also: there is no previous word).
  enum class Gap { kNone, kSpace, kJoiner, kOther };
  Gap gap = Gap::kOther;
  bool clause_start = true;         // no word since the start or a clause-opening mark
  bool at_start = true;             // nothing but white space so far
  bool last_short_capital = false;  // the last word was "Mr", "Dr", "St": its "." ends nothing
  bool in_ellipsis = false;         // the last non-space characters were an ellipsis
  UChar32 previous = 0;             // the previous code point
  std::string word;
  uint8_t word_start_flags = 0;
  bool word_has_upper = false, word_has_digit = false, word_has_letter = false;
  bool first_word = true;
  auto start_flags = [&]() {
    uint8_t flags = clause_start ? kClauseStart : 0;
    if (gap == Gap::kSpace) flags |= kAfterSpace;
    if (gap == Gap::kJoiner) flags |= kJoined;
    return flags;
  };
  auto finish_word = [&]() {
    if (word.empty()) return;
    out.words.push_back(word);
    out.word_flags.push_back(word_start_flags);
    // A capital that is not just the first letter of the sentence, or letters mixed with digits,
    // marks a name, acronym or code that a translation keeps as it is.
    if ((word_has_upper && !first_word) || (word_has_digit && word_has_letter))
      out.names.push_back(word);
    last_short_capital = (word_start_flags & kCapitalised) && word.size() <= 3;
    first_word = false;
    clause_start = false;
    gap = Gap::kNone;
    word.clear();
    word_has_upper = word_has_digit = word_has_letter = false;
  };

  size_t i = 0;
  std::u32string number;
  std::vector<size_t> ends;
  while (i < s.size()) {
    const size_t at = i;
    const UChar32 c = next_code_point(s, i);
    if (c < 0) continue;
    if (!is_mark(c) && c != 0x200D && !(c >= 0xFE00 && c <= 0xFE0F)) ++out.length;
    const UChar32 before = previous;
    previous = c;
    if (c != '.' && c != 0x2026 && c != 0x22EF && c != ' ') in_ellipsis = false;

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
        previous = d;
      }
      i = j;
      out.numbers.push_back(canonical_number(number));
      first_word = false;
      clause_start = at_start = false;
      gap = Gap::kOther;
      continue;
    }
    if (c >= 0x0E00 && is_dictionary_script(c) && (is_letter(c) || c == 0x3007)) {
      // A run of a script written without spaces: ICU's dictionaries find its words.
      finish_word();
      size_t end = i;
      while (end < s.size()) {
        size_t k = end;
        const UChar32 d = next_code_point(s, k);
        if (d < 0 || !continues_dictionary_run(d)) break;
        if (!is_mark(d) && !(d >= 0xFE00 && d <= 0xFE0F)) ++out.length;
        previous = d;
        end = k;
      }
      const std::string_view run = s.substr(at, end - at);
      ends.clear();
      if (end == i) {
        ends.push_back(run.size());  // one character: a word without asking ICU
      } else {
        if (!word_break_) word_break_ = std::make_unique<WordBreak>();
        word_break_->split(run, ends);
      }
      size_t begin = 0;
      for (size_t e : ends) {
        for (size_t p = begin; p < e;) {
          const UChar32 d = next_code_point(run, p);
          if (d < 0) continue;
          if (word.empty() && !is_mark(d)) word_start_flags = start_flags() | kDictionary;
          if (!word.empty() || !is_mark(d)) append_folded(d, word);
        }
        begin = e;
        finish_word();
      }
      i = end;
      at_start = false;
      continue;
    }
    if (is_letter(c) || (is_mark(c) && !word.empty()) || (is_digit(c) && !word.empty())) {
      if (word.empty()) {
        word_start_flags = start_flags();
        if (is_capital(c)) word_start_flags |= kCapitalised;
      }
      if (is_digit(c)) {
        word.push_back(static_cast<char>('0' + digit_value(c)));
        word_has_digit = true;
      } else {
        if (c < 0x80 ? c >= 'A' && c <= 'Z' : u_isUUppercase(c)) word_has_upper = true;
        if (!is_mark(c)) word_has_letter = true;
        append_folded(c, word);
      }
      at_start = false;
      continue;
    }
    finish_word();
    const bool space = is_space(c);
    const bool opening = at_start;
    if (!space) at_start = false;
    // An apostrophe inside a word ("don't", "Xi'an") is neither a quote nor a clause's end.
    const bool apostrophe =
        (c == '\'' || c == 0x2019) && is_letter(before) && is_letter(peek(s, i));
    if (space) {
      gap = gap == Gap::kNone || gap == Gap::kSpace ? Gap::kSpace : Gap::kOther;
    } else if (c == '-' || c == 0x2010 || c == 0x2011 || apostrophe) {
      gap = gap == Gap::kNone ? Gap::kJoiner : Gap::kOther;
    } else {
      gap = Gap::kOther;
    }
    if (space || apostrophe) continue;
    switch (c) {
      case '?': case 0xBF: case 0x061F: case 0xFF1F:
        ++out.question_marks;
        clause_start = true;
        break;
      case '!': case 0xA1: case 0xFF01:
        ++out.exclamation_marks;
        clause_start = true;
        break;
      case '(': case '[': case 0xFF08: case 0x3010:
        ++out.brackets;
        clause_start = true;
        break;
      case '{':
        clause_start = true;
        break;
      case ':': case 0xFF1A: case 0xFE55:
        // Not a time or a ratio ("10:30").
        if (!(is_digit(before) && is_digit(peek(s, i)))) ++out.colons;
        clause_start = true;
        break;
      case 0x2026: case 0x22EF:
        if (!in_ellipsis) ++out.ellipses;
        in_ellipsis = true;
        clause_start = true;
        break;
      case '.':
        if (peek(s, i) == '.' && i + 1 < s.size() && s[i + 1] == '.') {
          if (!in_ellipsis) ++out.ellipses;
          in_ellipsis = true;
        }
        if (in_ellipsis || !last_short_capital) clause_start = true;
        break;
      case 0x2014: case 0x2013: case 0x2015:
        if (opening) out.dialogue_dash = true;
        clause_start = true;
        break;
      case '-':
        if (opening && peek(s, i) == ' ') {
          out.dialogue_dash = true;
          clause_start = true;
        }
        break;
      case ';': case 0x3002: case 0xFF1B: case 0xFF0E: case 0xFF61:
        clause_start = true;
        break;
      default:
        if (is_quote(c)) {
          ++out.quotes;
          if (is_corner_quote(c)) ++out.corner_quotes;
          clause_start = true;
        } else if (c >= 0x80 && u_charType(c) == U_START_PUNCTUATION) {
          clause_start = true;
        }
    }
  }
  finish_word();
}

void tokenize(std::string_view sentence, SentenceTokens& out) {
  thread_local Tokenizer tokenizer;
  tokenizer.tokenize(sentence, out);
}

}  // namespace talign
