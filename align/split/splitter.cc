#include "align/split/splitter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "align/split/language_data.h"
#include "align/split/srx.h"

namespace talign {
namespace {

// Lines narrower than this (in display columns) are taken as lines of their own, not as wrapped
// prose; wrapped text is almost always filled to 60-80 columns.
constexpr int kWrapColumns = 40;

// A list item longer than this ends the search for the next item of the list.
constexpr size_t kMaxItemBytes = 2000;

// Web addresses and e-mails are looked for within this distance of a period.
constexpr size_t kMaxTokenBytes = 256;

// Spaced ellipses (". . .") are read up to this many dots; longer runs are decoration.
constexpr size_t kMaxEllipsisDots = 16;

// A quotation longer than this is not kept in one sentence: past this length an unclosed or
// mismatched quote mark is more likely than one quoted passage.
constexpr size_t kMaxQuoteBytes = 600;

UChar32 code_point_at(std::string_view s, size_t i, size_t* next = nullptr) {
  if (i >= s.size()) {
    if (next) *next = s.size();
    return U_SENTINEL;
  }
  UChar32 c;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  if (next) *next = static_cast<size_t>(pos);
  return c;
}

UChar32 code_point_before(std::string_view s, size_t i, size_t* start = nullptr) {
  if (i == 0) {
    if (start) *start = 0;
    return U_SENTINEL;
  }
  UChar32 c;
  int32_t pos = static_cast<int32_t>(i);
  U8_PREV(s.data(), 0, pos, c);
  if (start) *start = static_cast<size_t>(pos);
  return c;
}

bool is_space(UChar32 c) { return c == ' ' || c == '\t' || (c > 0x7F && u_isUWhiteSpace(c)); }

bool is_upper(UChar32 c) { return c >= 0 && u_isUUppercase(c); }
bool is_lower(UChar32 c) { return c >= 0 && u_isULowercase(c); }
bool is_letter(UChar32 c) { return c >= 0 && u_isalpha(c); }
bool is_digit(UChar32 c) { return c >= 0 && u_isdigit(c); }

// Quotes and closing brackets that stay with the sentence they close.
bool is_closer(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0) return false;
  const int8_t type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
         type == U_INITIAL_PUNCTUATION;
}

// Quotes and opening brackets a sentence may begin with.
bool is_opener(UChar32 c) {
  if (c == '"' || c == '\'' || c == 0xBF || c == 0xA1) return true;  // also Spanish ¿ ¡
  if (c < 0) return false;
  const int8_t type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION ||
         type == U_FINAL_PUNCTUATION;
}

bool is_terminator(UChar32 c) {
  if (c == '.' || c == '!' || c == '?' || c == 0x2026) return true;
  if (c < 0x80) return false;
  const int32_t sb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
  return sb == U_SB_ATERM || sb == U_SB_STERM;
}

bool is_wide(UChar32 c) {
  const int32_t width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH;
}

// Characters between which a folded line break leaves no space (Chinese, Japanese).
bool joins_without_space(UChar32 c) {
  if (c < 0x2E80 || !is_wide(c)) return false;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) != USCRIPT_HANGUL;
}

int display_width(std::string_view s) {
  int width = 0;
  size_t i = 0;
  while (i < s.size()) {
    const UChar32 c = code_point_at(s, i, &i);
    width += (c >= 0x1100 && is_wide(c)) ? 2 : 1;
  }
  return width;
}

std::string_view trim(std::string_view s, size_t* leading = nullptr) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next;
    if (!is_space(code_point_at(s, begin, &next))) break;
    begin = next;
  }
  size_t end = s.size();
  while (end > begin) {
    size_t start;
    if (!is_space(code_point_before(s, end, &start))) break;
    end = start;
  }
  if (leading) *leading = begin;
  return s.substr(begin, end - begin);
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

// A list marker: an optional bullet, then 1-3 digits or one ASCII letter, then ".)", ")" or ".",
// then a space. `style` tells markers of one list apart; `value` is the item number.
struct ListMarker {
  size_t label_begin = 0;  // where the number or letter starts
  size_t begin = 0;        // where the marker (its bullet, if any) starts
  int style = 0;
  int value = 0;
};

bool is_bullet(UChar32 c) {
  return c == 0x2022 || c == 0x2043 || c == 0x2023 || c == 0x25E6 || c == 0x25AA || c == 0x00B7 ||
         c == '-' || c == '*' || c == 0x2013;
}

bool parse_list_marker(std::string_view s, size_t pos, ListMarker& marker) {
  marker.begin = pos;
  int style = 0;
  size_t next;
  UChar32 c = code_point_at(s, pos, &next);
  if (is_bullet(c)) {
    style += 100;
    pos = next;
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  marker.label_begin = pos;
  size_t i = pos;
  int value = 0;
  while (i < s.size() && i - pos < 3 && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0');
  if (i == pos) {
    // Only lower-case letters: "A. Smith met B. Jones" has initials, not a list.
    if (i < s.size() && s[i] >= 'a' && s[i] <= 'z') {
      style += 10;
      value = s[i] - 'a' + 1;
      ++i;
    } else {
      return false;
    }
  } else if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    return false;  // four digits or more: a year or an amount, not an item number
  }
  if (s.substr(i, 2) == ".)") {
    style += 1;
    i += 2;
  } else if (i < s.size() && s[i] == ')') {
    style += 2;
    i += 1;
  } else if (i < s.size() && s[i] == '.') {
    style += 3;
    i += 1;
  } else {
    return false;
  }
  if (i >= s.size() || s[i] != ' ') return false;
  marker.style = style;
  marker.value = value;
  return true;
}

// The unit of text given to the break iterator: one paragraph, or one line of it when the line
// stands on its own. `pieces` maps unit offsets back to document offsets.
struct Unit {
  std::string text;
  std::vector<std::pair<size_t, size_t>> pieces;  // (unit offset, document offset)

  void clear() {
    text.clear();
    pieces.clear();
  }
  void append(std::string_view piece, size_t document_offset) {
    pieces.emplace_back(text.size(), document_offset);
    text.append(piece);
  }
  size_t document_offset(size_t unit_offset) const {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), std::make_pair(unit_offset, SIZE_MAX));
    if (it == pieces.begin()) return unit_offset;
    --it;
    return it->second + (unit_offset - it->first);
  }
};

}  // namespace

// The closing mark for a double opening quotation mark, or 0 if `c` opens none.
UChar32 closing_quote_for(UChar32 c) {
  switch (c) {
    case 0x201C: return 0x201D;  // “ ”
    case 0x201E: return 0x201C;  // „ “ (German); „ ” is accepted too, see below
    case 0x00AB: return 0x00BB;  // « »
    case 0x300C: return 0x300D;  // 「 」
    case 0x300E: return 0x300F;  // 『 』
    case '"': return '"';
    default: return 0;
  }
}

// Finds quoted passages [open, close) in `s` (close = the closing mark's position), so that no
// sentence ends inside a quotation. Single quotes are left out: they double as apostrophes.
void find_quotations(std::string_view s, std::vector<std::pair<size_t, size_t>>& spans) {
  spans.clear();
  size_t i = 0;
  while (i < s.size()) {
    size_t next;
    const UChar32 c = code_point_at(s, i, &next);
    const UChar32 closer = closing_quote_for(c);
    if (closer == 0) {
      i = next;
      continue;
    }
    // An ASCII quote opens only at a word start: after a space, an opener, or the unit start.
    if (c == '"') {
      const UChar32 before = code_point_before(s, i);
      const UChar32 after = code_point_at(s, next);
      if ((i > 0 && !is_space(before) && !is_opener(before)) || after < 0 || is_space(after)) {
        i = next;
        continue;
      }
    }
    size_t j = next;
    size_t close = std::string_view::npos;
    while (j < s.size() && j - i < kMaxQuoteBytes) {
      size_t after_j;
      const UChar32 d = code_point_at(s, j, &after_j);
      if (d == closer || (c == 0x201E && d == 0x201D)) {
        close = j;
        break;
      }
      j = after_j;
    }
    if (close == std::string_view::npos) {
      i = next;
      continue;
    }
    spans.emplace_back(i, close);
    code_point_at(s, close, &i);
  }
}

struct Splitter::Impl {
  const LanguageData& data;
  const SrxRules* srx;
  std::unique_ptr<icu::BreakIterator> breaker;
  UText utext = UTEXT_INITIALIZER;

  // Scratch space reused across units to avoid allocation in the loop.
  std::vector<size_t> candidates;
  std::vector<size_t> cuts;
  std::vector<size_t> marker_labels;  // sorted after find_list_markers
  size_t list_scan_end = 0;
  std::vector<std::pair<size_t, size_t>> quotations;
  std::vector<SrxDecision> srx_decisions;
  Unit unit;

  Impl(std::string_view lang, const SrxRules* rules)
      : data(LanguageData::for_language(lang)), srx(rules) {
    UErrorCode status = U_ZERO_ERROR;
    const std::string language = primary_language(lang);
    breaker.reset(icu::BreakIterator::createSentenceInstance(
        icu::Locale(language.empty() ? "en" : language.c_str()), status));
    if (U_FAILURE(status) || !breaker)
      throw Error(ErrorKind::kUsage, "", "cannot create ICU sentence iterator for '" +
                                             std::string(lang) + "': " + u_errorName(status));
  }
  ~Impl() { utext_close(&utext); }

  void split_paragraph(std::string_view text, size_t begin, size_t end, uint32_t paragraph,
                       SentenceList& out);
  void split_unit(uint32_t paragraph, SentenceList& out);
  void find_list_markers(std::string_view s);
  void add_quotation_ends(std::string_view s);
  void add_unspaced_breaks(std::string_view s);
  bool keep_break(std::string_view s, size_t cut, size_t next_start, size_t segment_start);
  bool keep_ellipsis_break(std::string_view s, size_t term_begin, size_t stop_end);
};

Splitter::Splitter(std::string_view lang, const SrxRules* srx)
    : impl_(std::make_unique<Impl>(lang, srx)) {}

Splitter::~Splitter() = default;

SentenceList Splitter::split(std::string_view text) const {
  SentenceList out;
  uint32_t paragraph = 0;
  size_t pos = 0;
  size_t para_begin = std::string_view::npos;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const bool blank = is_blank(text.substr(pos, eol - pos));
    if (!blank && para_begin == std::string_view::npos) para_begin = pos;
    if ((blank || eol == text.size()) && para_begin != std::string_view::npos) {
      const size_t para_end = blank ? pos : eol;
      const size_t before = out.size();
      impl_->split_paragraph(text, para_begin, para_end, paragraph, out);
      if (out.size() > before) ++paragraph;
      para_begin = std::string_view::npos;
    }
    pos = eol + 1;
  }
  return out;
}

void Splitter::Impl::split_paragraph(std::string_view text, size_t begin, size_t end,
                                     uint32_t paragraph, SentenceList& out) {
  unit.clear();
  size_t pos = begin;
  while (pos < end) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    const std::string_view raw = text.substr(pos, eol - pos);
    size_t leading = 0;
    const std::string_view line = trim(raw, &leading);
    const size_t line_offset = pos + leading;
    pos = eol + 1;
    if (line.empty()) continue;
    if (unit.text.empty()) {
      unit.append(line, line_offset);
      continue;
    }
    // Decide how the previous line joins this one. `raw` of the previous line is gone, so the
    // facts needed were kept in the unit: its last character and whether it stood alone.
    const std::string_view previous_line =
        std::string_view(unit.text).substr(unit.pieces.back().first);
    const bool had_trailing_space =
        unit.pieces.back().second + previous_line.size() < text.size() &&
        is_space(code_point_at(text, unit.pieces.back().second + previous_line.size()));
    ListMarker marker;
    size_t after_bullet;
    const bool next_is_item =
        parse_list_marker(line, 0, marker) ||
        (is_bullet(code_point_at(line, 0, &after_bullet)) && after_bullet < line.size() &&
         line[after_bullet] == ' ');
    const bool stands_alone =
        !had_trailing_space && (display_width(previous_line) < kWrapColumns || next_is_item);
    if (stands_alone) {
      split_unit(paragraph, out);
      unit.clear();
      unit.append(line, line_offset);
      continue;
    }
    const UChar32 last = code_point_before(unit.text, unit.text.size());
    const UChar32 first = code_point_at(line, 0);
    if (joins_without_space(last) && joins_without_space(first)) {
      // nothing between two CJK characters
    } else if (last == '-' && is_lower(first) &&
               is_letter(code_point_before(unit.text, unit.text.size() - 1))) {
      // "well-\nknown": keep the hyphen, drop the line break
    } else {
      unit.text.push_back(' ');
    }
    unit.append(line, line_offset);
  }
  if (!unit.text.empty()) split_unit(paragraph, out);
}

void Splitter::Impl::split_unit(uint32_t paragraph, SentenceList& out) {
  const std::string_view s = unit.text;
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext, s.data(), static_cast<int64_t>(s.size()), &status);
  breaker->setText(&utext, status);
  candidates.clear();
  if (U_SUCCESS(status)) {
    for (int32_t b = breaker->next(); b != icu::BreakIterator::DONE && b < static_cast<int32_t>(s.size());
         b = breaker->next())
      candidates.push_back(static_cast<size_t>(b));
  }

  list_scan_end = 0;
  find_list_markers(s);
  find_quotations(s, quotations);
  add_quotation_ends(s);

  // Decide on ICU's candidates in order; `cuts` holds where kept sentences end (before spaces).
  cuts.clear();
  size_t segment_start = 0;
  for (size_t b : candidates) {
    size_t cut = b;
    while (cut > 0) {
      size_t start;
      if (!is_space(code_point_before(s, cut, &start))) break;
      cut = start;
    }
    if (cut <= segment_start) continue;
    const size_t cuts_before = cuts.size();
    if (keep_break(s, cut, b, segment_start)) {
      cuts.push_back(cut);
      segment_start = b;
    } else if (cuts.size() > cuts_before) {
      segment_start = cuts.back();  // the rule moved the break to an earlier position
    }
  }
  add_unspaced_breaks(s);

  if (srx != nullptr) {
    srx_decisions.clear();
    srx->decide(s, srx_decisions);
    for (const SrxDecision& d : srx_decisions) {
      size_t cut = d.position;
      while (cut > 0) {
        size_t start;
        if (!is_space(code_point_before(s, cut, &start))) break;
        cut = start;
      }
      auto it = std::lower_bound(cuts.begin(), cuts.end(), cut);
      const bool present = it != cuts.end() && *it == cut;
      if (d.is_break && !present && cut > 0 && cut < s.size()) cuts.insert(it, cut);
      if (!d.is_break && present) cuts.erase(it);
    }
  }

  size_t begin = 0;
  auto emit = [&](size_t end) {
    size_t leading = 0;
    const std::string_view sentence = trim(s.substr(begin, end - begin), &leading);
    if (!sentence.empty()) out.add(sentence, paragraph, unit.document_offset(begin + leading));
    begin = end;
  };
  for (size_t cut : cuts) emit(cut);
  emit(s.size());
}

// Finds numbered or lettered lists: a first marker where a sentence may start (the unit start or
// an ICU candidate), then markers that continue its numbering. Breaks go before each continuing
// marker; `marker_labels` records where every marker's label starts, so that the period of "1."
// or "b." is not taken for a sentence end.
void Splitter::Impl::find_list_markers(std::string_view s) {
  marker_labels.clear();
  const size_t icu_candidates = candidates.size();
  for (size_t k = 0; k <= icu_candidates; ++k) {
    const size_t start = k == 0 ? 0 : candidates[k - 1];
    ListMarker first;
    if (!parse_list_marker(s, start, first)) continue;
    marker_labels.push_back(first.label_begin);
    marker_labels.push_back(first.begin);
    // Only a first item ("1.", "a)") or a bulleted one opens a list worth following; "3. Results"
    // alone is a numbered heading, whose period must not end a sentence either.
    if (first.value != 1 && first.style < 100) continue;
    if (start < list_scan_end) continue;  // already inside a list found from an earlier start
    int expected = first.value + 1;
    size_t pos = start + 1;
    size_t last_item = start;
    // Items are short; giving up after kMaxItemBytes keeps long paragraphs linear.
    while (pos < s.size() && pos - last_item < kMaxItemBytes) {
      const size_t space = s.find(' ', pos);
      if (space == std::string_view::npos) break;
      pos = space + 1;
      ListMarker next;
      if (parse_list_marker(s, pos, next) && next.style == first.style && next.value == expected) {
        marker_labels.push_back(next.label_begin);
        marker_labels.push_back(next.begin);
        candidates.push_back(next.begin);  // a break before the item
        last_item = pos;
        ++expected;
      }
    }
    list_scan_end = last_item + 1;
  }
  std::sort(marker_labels.begin(), marker_labels.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
}

// ICU proposes no end after a closing quote set off by a space ("ici. » Puis"). Where a quotation
// closes on a stop and a capitalised word or a new quotation follows, offer that end too.
void Splitter::Impl::add_quotation_ends(std::string_view s) {
  bool added = false;
  for (const auto& [open, close] : quotations) {
    size_t close_end;
    code_point_at(s, close, &close_end);
    size_t before = close;
    size_t start;
    while (before > open && is_space(code_point_before(s, before, &start))) before = start;
    if (!is_terminator(code_point_before(s, before))) continue;
    size_t next = close_end;
    size_t after;
    while (next < s.size() && is_space(code_point_at(s, next, &after))) next = after;
    if (next == close_end || next >= s.size()) continue;
    const UChar32 c = code_point_at(s, next);
    if (!is_upper(c) && !is_opener(c)) continue;
    candidates.push_back(next);
    added = true;
  }
  if (added) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
}

// ICU does not break "world.Today" (no space after the stop). Break where a lower-case word or a
// number ends in a period directly followed by a capitalised word, unless the token is a web
// address or e-mail, or the word is an abbreviation.
void Splitter::Impl::add_unspaced_breaks(std::string_view s) {
  size_t pos = 0;
  while ((pos = s.find('.', pos)) != std::string_view::npos) {
    const size_t dot = pos++;
    size_t after;
    const UChar32 next = code_point_at(s, dot + 1, &after);
    if (!is_upper(next) || !is_lower(code_point_at(s, after))) continue;
    size_t word_begin = dot;
    while (word_begin > 0) {
      size_t start;
      const UChar32 c = code_point_before(s, word_begin, &start);
      if (!is_letter(c) && !is_digit(c) && c != ',') break;
      word_begin = start;
    }
    const std::string_view word = s.substr(word_begin, dot - word_begin);
    if (word.size() < 2) continue;
    const UChar32 last = code_point_before(s, dot);
    if (!is_lower(last) && !is_digit(last)) continue;
    if (data.abbreviation_kind(word) != AbbreviationKind::kNone) continue;
    // The token around the period, looked for within kMaxTokenBytes to stay linear on text
    // without spaces.
    const size_t window_begin = dot > kMaxTokenBytes ? dot - kMaxTokenBytes : 0;
    size_t token_begin = s.substr(window_begin, dot - window_begin).rfind(' ');
    token_begin = token_begin == std::string_view::npos ? window_begin : window_begin + token_begin + 1;
    size_t token_end = s.substr(dot, kMaxTokenBytes).find(' ');
    token_end = token_end == std::string_view::npos ? std::min(s.size(), dot + kMaxTokenBytes)
                                                    : dot + token_end;
    const std::string_view token = s.substr(token_begin, token_end - token_begin);
    if (token.find('@') != std::string_view::npos || token.find("://") != std::string_view::npos ||
        token.find("www.") != std::string_view::npos)
      continue;
    const size_t cut = dot + 1;
    auto it = std::lower_bound(cuts.begin(), cuts.end(), cut);
    if (it == cuts.end() || *it != cut) cuts.insert(it, cut);
  }
}

namespace {

// The word after a break: skips opening quotes and brackets, stops at a space or punctuation
// other than an apostrophe, hyphen or period inside the word.
std::string_view next_word(std::string_view s, size_t pos) {
  size_t next;
  while (pos < s.size() && is_opener(code_point_at(s, pos, &next))) pos = next;
  size_t end = pos;
  while (end < s.size()) {
    const UChar32 c = code_point_at(s, end, &next);
    if (!is_letter(c) && !is_digit(c) && c != '\'' && c != 0x2019 && c != '-') break;
    end = next;
  }
  return s.substr(pos, end - pos);
}

// True if `s` has more than `limit` words; stops reading once it knows.
bool has_more_words_than(std::string_view s, size_t limit) {
  size_t words = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    const bool space = is_space(code_point_at(s, i, &i));
    if (!space && !in_word && ++words > limit) return true;
    in_word = !space;
  }
  return false;
}

}  // namespace

// Decides whether ICU's candidate is a real sentence end (and may move it: see the ellipsis rule). `cut` is where the sentence would end
// (after its closing quotes, before spaces), `next_start` where the next one would begin.
bool Splitter::Impl::keep_break(std::string_view s, size_t cut, size_t next_start,
                                size_t segment_start) {
  // Where the stop is: step back over closing quotes and brackets, then over terminators.
  size_t close_begin = cut;
  while (close_begin > segment_start) {
    size_t start;
    const UChar32 c = code_point_before(s, close_begin, &start);
    if (is_closer(c)) {
      close_begin = start;
      continue;
    }
    // French typography spaces the closing guillemet off its stop: "ici. »".
    if (close_begin < cut && is_space(c)) {
      size_t before_space = start;
      while (before_space > segment_start && is_space(code_point_before(s, before_space, &start)))
        before_space = start;
      if (is_terminator(code_point_before(s, before_space))) {
        close_begin = before_space;
        continue;
      }
    }
    break;
  }
  size_t term_begin = close_begin;
  while (term_begin > segment_start) {
    size_t start;
    if (!is_terminator(code_point_before(s, term_begin, &start))) break;
    term_begin = start;
  }
  if (term_begin == close_begin) return true;  // ICU broke for another reason (e.g. a symbol)

  // Quotations do not overlap, so only the last one opened before the stop can contain it.
  auto quote = std::lower_bound(quotations.begin(), quotations.end(),
                                std::make_pair(term_begin, size_t{0}));
  if (quote != quotations.begin() && cut <= std::prev(quote)->second) return false;

  const std::string_view word_after = next_word(s, next_start);
  const UChar32 first_after = code_point_at(word_after, 0);
  // Lower-case continuation: 'Yahoo! in', '"Great." she said'.
  if (is_lower(first_after)) return false;

  if (!keep_ellipsis_break(s, term_begin, close_begin)) return false;

  const std::string_view stop = s.substr(term_begin, close_begin - term_begin);
  if (stop != ".") return true;

  // The token before the period, without opening quotes or brackets.
  size_t token_begin = term_begin;
  while (token_begin > segment_start) {
    size_t start;
    if (is_space(code_point_before(s, token_begin, &start))) break;
    token_begin = start;
  }
  size_t word_begin = token_begin;
  size_t next;
  while (word_begin < term_begin && is_opener(code_point_at(s, word_begin, &next)))
    word_begin = next;
  const std::string_view word = s.substr(word_begin, term_begin - word_begin);
  if (word.empty()) return true;

  if (std::binary_search(marker_labels.begin(), marker_labels.end(), word_begin)) return false;

  const AbbreviationKind kind = data.abbreviation_kind(word);
  if (kind == AbbreviationKind::kNonfinal) return false;

  size_t after_first;
  const UChar32 first = code_point_at(word, 0, &after_first);
  const bool single_letter = after_first == word.size() && is_letter(first);
  const bool number_follows = is_digit(first_after);
  if (number_follows && (kind != AbbreviationKind::kNone || (single_letter && is_lower(first))))
    return false;

  const bool starter_follows =
      data.is_starter(word_after) ||
      data.abbreviation_kind(word_after) == AbbreviationKind::kNonfinal;

  if (single_letter && is_upper(first)) {
    // An initial ("Jonas E. Smith", "by J. R. R. Tolkien") unless a sentence starter follows
    // ("you and I. Did", "Plan B. The"); never before another initial.
    size_t after_letter;
    code_point_at(word_after, 0, &after_letter);
    const size_t word_after_end = static_cast<size_t>(word_after.data() - s.data()) +
                                  word_after.size();
    const bool initial_follows = is_upper(first_after) && after_letter == word_after.size() &&
                                 word_after_end < s.size() && s[word_after_end] == '.';
    if (initial_follows) return false;
    return starter_follows;
  }

  // Abbreviations with inner periods ("U.S", "a.m") and single lower-case letters ("p", "c")
  // count as abbreviations even when no list names them.
  bool dotted = word.find('.') != std::string_view::npos && word.find("..") == std::string_view::npos;
  for (size_t i = 0; dotted && i < word.size();) {
    const UChar32 c = code_point_at(word, i, &i);
    dotted = c == '.' || is_letter(c);
  }
  if (kind != AbbreviationKind::kNone || dotted || single_letter) {
    // Ends the sentence only when a typical sentence opener follows, and the sentence so far is
    // more than a short opening phrase ("At 5 a.m. Mr. Smith went").
    if (!starter_follows) return false;
    return has_more_words_than(s.substr(segment_start, cut - segment_start), 3);
  }

  if (data.ordinal_dot() && is_upper(first_after) && !starter_follows) {
    bool all_digits = word.size() <= 3;
    for (char c : word) all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits) return false;
  }
  return true;
}

// Spaced ellipses (". . .") and bracketed ones ("[...]"). A candidate inside ". . . ." or after a
// three-dot spaced ellipsis is dropped; "word. . . . Next" breaks after the first period (a period
// followed by an ellipsis that opens the next sentence), "word . . . . Next" after the last.
bool Splitter::Impl::keep_ellipsis_break(std::string_view s, size_t term_begin,
                                         size_t stop_end) {
  // "[...]" or "(...)" marks an omission, never a sentence end.
  if (term_begin > 0 && (s[term_begin - 1] == '[' || s[term_begin - 1] == '(')) return false;

  // Find a spaced dot run around the candidate: dots separated by single spaces.
  auto is_dot = [&](size_t i) { return i < s.size() && s[i] == '.'; };
  size_t run_end = stop_end;  // one past the last dot of the stop
  if (!is_dot(run_end - 1)) {
    // The stop might be "?" or a closing quote; spaced ellipses only concern periods.
    return true;
  }
  // Extend forward: " ." repeated after the cut.
  size_t forward = run_end;
  while (forward + 1 < s.size() && s[forward] == ' ' && s[forward + 1] == '.' &&
         forward - run_end < 2 * kMaxEllipsisDots)
    forward += 2;
  // Extend backward: ". " repeated before.
  size_t run_begin = run_end - 1;
  while (run_begin >= 2 && s[run_begin - 1] == ' ' && s[run_begin - 2] == '.' &&
         run_end - run_begin < 2 * kMaxEllipsisDots)
    run_begin -= 2;
  const size_t dots = (forward - run_begin + 1) / 2;
  if (dots < 3 || (forward - run_begin) % 2 != 1) return true;  // not a spaced ellipsis
  const bool attached = run_begin > 0 && !is_space(code_point_before(s, run_begin));
  const bool at_first_dot = run_end == run_begin + 1;
  const bool at_last_dot = run_end == forward;
  // What follows the whole run (after closers and spaces): does a new sentence start?
  size_t after = forward;
  size_t next;
  while (after < s.size() && is_closer(code_point_at(s, after, &next))) after = next;
  while (after < s.size() && is_space(code_point_at(s, after, &next))) after = next;
  const bool upper_follows = is_upper(code_point_at(next_word(s, after), 0));
  if (attached && dots == 4) {
    // ICU offers the break after the run; the sentence really ends at the first period.
    if (at_last_dot && upper_follows && (cuts.empty() || cuts.back() != run_begin + 1))
      cuts.push_back(run_begin + 1);
    return at_first_dot && upper_follows;
  }
  if (!at_last_dot) return false;
  return dots >= 4 && upper_follows;
}

}  // namespace talign
