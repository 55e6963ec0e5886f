#include "align/split/splitter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "align/split/language_data.h"
#include "align/split/srx.h"

namespace talign {
namespace {

// A paragraph block whose widest line is narrower than this (in display columns) is a block of
// short lines (a list, an address, headings), not prose wrapped at that width.
constexpr int kMinWrapColumns = 25;

// A line this wide is taken for wrapped prose even when nothing else in its block shows wrapping
// (a two-line paragraph); narrower, it is a heading or a line of a list.
constexpr int kProseColumns = 40;

// No one fills text wider than this: a longer line was not wrapped (one paragraph per line).
constexpr int kMaxWrapColumns = 160;

// A sentence of a language that ends sentences with a space (Thai, Lao) has at least this many
// words: shorter runs between spaces are names, dates or phrases of one sentence.
constexpr size_t kMinSpacedSentenceWords = 3;

// A headline run into the text has at most this many words.
constexpr int kMaxHeadlineWords = 10;

// A dateline ("دهلی نو - ایرنا:") has at most this many spaces, the dash's included.
constexpr int kMaxDatelineWords = 6;

// A list item longer than this ends the search for the next item of the list.
constexpr size_t kMaxItemBytes = 2000;

// Web addresses and e-mails are looked for within this distance of a period.
constexpr size_t kMaxTokenBytes = 256;

// Spaced ellipses (". . .") are read up to this many dots; longer runs are decoration.
constexpr size_t kMaxEllipsisDots = 16;

// A stop inside a quotation ends a sentence only between two parts of more words than this.
constexpr size_t kMinQuotedWords = 2;

// A quotation longer than this is not kept in one sentence: past this length an unclosed or
// mismatched quote mark is more likely than one quoted passage.
constexpr size_t kMaxQuoteBytes = 600;

// Called for most characters of the text: ASCII is answered inline.
inline UChar32 code_point_at(std::string_view s, size_t i, size_t* next = nullptr) {
  if (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) {
    if (next) *next = i + 1;
    return static_cast<UChar32>(s[i]);
  }
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

inline UChar32 code_point_before(std::string_view s, size_t i, size_t* start = nullptr) {
  if (i > 0 && i <= s.size() && static_cast<unsigned char>(s[i - 1]) < 0x80) {
    if (start) *start = i - 1;
    return static_cast<UChar32>(s[i - 1]);
  }
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

// Also the invisible format characters that separate words without showing: ZERO WIDTH SPACE,
// WORD JOINER and a BOM left inside the text. Trimmed off sentences so that none is emitted that
// a reader could not see.
bool is_trim_space(UChar32 c) { return is_space(c) || c == 0x200B || c == 0x2060 || c == 0xFEFF; }

// ASCII answers without ICU's property lookup: these run for most characters of most texts.
bool is_upper(UChar32 c) {
  if (c >= 0 && c < 0x80) return c >= 'A' && c <= 'Z';
  return c >= 0 && u_isUUppercase(c);
}
bool is_lower(UChar32 c) {
  if (c >= 0 && c < 0x80) return c >= 'a' && c <= 'z';
  return c >= 0 && u_isULowercase(c);
}
bool is_letter(UChar32 c) {
  if (c >= 0 && c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return c >= 0 && u_isalpha(c);
}
bool is_digit(UChar32 c) {
  if (c >= 0 && c < 0x80) return c >= '0' && c <= '9';
  return c >= 0 && u_isdigit(c);
}

// Quotes and closing brackets that stay with the sentence they close.
bool is_closer(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0) return false;
  const int8_t type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
         type == U_INITIAL_PUNCTUATION;
}

// Opening brackets (general category Ps). ICU's sentence rules count them as closers of the
// previous sentence.
bool is_open_bracket(UChar32 c) { return c >= 0 && u_charType(c) == U_START_PUNCTUATION; }

bool is_quote_mark(UChar32 c) { return c >= 0 && u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK); }

// Quotes and opening brackets a sentence may begin with, and the language's sentence openers
// (Spanish "¿", "¡").
bool is_opener(UChar32 c, const LanguageData& data) {
  if (c == '"' || c == '\'') return true;
  if (c < 0) return false;
  if (c >= 0x80 && data.is_sentence_opener(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION ||
         type == U_FINAL_PUNCTUATION;
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
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII: one column, no lookup
      ++width;
      ++i;
      continue;
    }
    const UChar32 c = code_point_at(s, i, &i);
    // CJK ideographs, kana and Hangul syllables answered without ICU's property lookup.
    const bool wide = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && is_wide(c));
    width += wide ? 2 : 1;
  }
  return width;
}

std::string_view trim(std::string_view s, size_t* leading = nullptr) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next;
    if (!is_trim_space(code_point_at(s, begin, &next))) break;
    begin = next;
  }
  size_t end = s.size();
  while (end > begin) {
    size_t start;
    if (!is_trim_space(code_point_before(s, end, &start))) break;
    end = start;
  }
  if (leading) *leading = begin;
  return s.substr(begin, end - begin);
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

// The first position at or after `pos` that is not white space.
size_t skip_spaces(std::string_view s, size_t pos) {
  size_t next;
  while (pos < s.size() && is_space(code_point_at(s, pos, &next))) pos = next;
  return pos;
}

// A list marker: an optional bullet, then one of the language's [list_markers] forms ("1.",
// "a)", "1.)": a number of 1-3 digits or one lower-case ASCII letter between the form's prefix and
// suffix), then a space. `style` tells markers of one list apart; `value` is the item number.
struct ListMarker {
  size_t label_begin = 0;  // where the number or letter starts
  size_t begin = 0;        // where the marker (its bullet, if any) starts
  int style = 0;
  int value = 0;
};

bool parse_list_marker(std::string_view s, size_t pos, const LanguageData& data,
                       ListMarker& marker) {
  marker.begin = pos;
  int style = 0;
  size_t next;
  const UChar32 c = code_point_at(s, pos, &next);
  if (data.is_bullet(c)) {
    style += 100;
    pos = next;
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  const std::vector<ListMarkerForm>& forms = data.list_markers();
  for (size_t f = 0; f < forms.size(); ++f) {
    const ListMarkerForm& form = forms[f];
    if (form.prefix.empty()) {
      // Most forms begin with their label: reject at once what cannot begin one.
      const char first = pos < s.size() ? s[pos] : '\0';
      if (form.label == ListMarkerForm::Label::kNumber ? first < '0' || first > '9'
                                                        : first < 'a' || first > 'z')
        continue;
    } else if (s.compare(pos, form.prefix.size(), form.prefix) != 0) {
      continue;
    }
    const size_t label = pos + form.prefix.size();
    size_t i = label;
    int value = 0;
    if (form.label == ListMarkerForm::Label::kNumber) {
      while (i < s.size() && i - label < 3 && s[i] >= '0' && s[i] <= '9')
        value = value * 10 + (s[i++] - '0');
      // Four digits or more are a year or an amount, not an item number.
      if (i == label || (i < s.size() && s[i] >= '0' && s[i] <= '9')) continue;
    } else {
      // Only lower-case letters: "A. Smith met B. Jones" has initials, not a list.
      if (i >= s.size() || s[i] < 'a' || s[i] > 'z') continue;
      value = s[i++] - 'a' + 1;
    }
    if (s.compare(i, form.suffix.size(), form.suffix) != 0) continue;
    i += form.suffix.size();
    if (i >= s.size() || s[i] != ' ') continue;
    marker.label_begin = label;
    marker.style = style + static_cast<int>(f) + 1;
    marker.value = value;
    return true;
  }
  return false;
}

// True if `line` begins with a list item: a list marker ("1. ", "a) ") or a bullet and a space.
bool starts_list_item(std::string_view line, const LanguageData& data) {
  ListMarker marker;
  if (parse_list_marker(line, 0, data, marker)) return true;
  size_t after_bullet;
  return data.is_bullet(code_point_at(line, 0, &after_bullet)) && after_bullet < line.size() &&
         line[after_bullet] == ' ';
}

// The display width of the first word of `line`: up to a space, or its first character when that
// is Chinese or Japanese (which wrap between any two characters).
int first_word_width(std::string_view line) {
  size_t i = 0;
  int width = 0;
  while (i < line.size()) {
    const UChar32 c = code_point_at(line, i, &i);
    if (is_space(c)) break;
    if (joins_without_space(c)) return width == 0 ? 2 : width;
    width += (c >= 0x1100 && is_wide(c)) ? 2 : 1;
  }
  return width;
}

// One non-blank line of a paragraph block.
struct SourceLine {
  std::string_view text;   // trimmed
  size_t offset = 0;       // of `text` in the document
  int width = 0;           // display columns up to the end of `text`, indentation included
  bool flowed = false;     // white space followed `text` (format=flowed: a soft break)
  int gap = 1;             // columns a folded break leaves before the next line (0 between CJK)
  bool next_fits = false;  // the next line's first word would have fitted on this line
};

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

// The word after a break: skips opening quotes and brackets, stops at a space or punctuation
// other than an apostrophe, hyphen or period inside the word.
std::string_view next_word(std::string_view s, size_t pos, const LanguageData& data) {
  size_t next;
  while (pos < s.size() && is_opener(code_point_at(s, pos, &next), data)) pos = next;
  size_t end = pos;
  while (end < s.size()) {
    const UChar32 c = code_point_at(s, end, &next);
    if (!is_letter(c) && !is_digit(c) && c != '\'' && c != 0x2019 && c != '-') break;
    end = next;
  }
  return s.substr(pos, end - pos);
}

// Abbreviations with inner periods ("U.S.A", "Ph.D", "e.g", "a.m"): letters in chunks of at most
// three between periods. Longer chunks are a domain or a file name ("www.example.com",
// "README.md"), whose period can end a sentence.
bool is_dotted_abbreviation(std::string_view word) {
  if (word.find('.') == std::string_view::npos) return false;
  size_t chunk = 0;
  size_t i = 0;
  while (i < word.size()) {
    const UChar32 c = code_point_at(word, i, &i);
    if (c == '.') {
      if (chunk == 0) return false;  // "..", or a leading period
      chunk = 0;
    } else if (c == '-' && chunk == 0 && i > 1) {
      continue;  // hyphenated initials: French "J.-M.", "J.-P."
    } else if (is_letter(c) && ++chunk <= 3) {
      continue;
    } else {
      return false;
    }
  }
  return chunk > 0;
}

// True if `token` is one or more initials: capital letters each followed by a period, joined
// directly or by a hyphen ("J.", "J.R.", "J.-M.").
bool is_initials(std::string_view token) {
  size_t i = 0;
  bool any = false;
  while (i < token.size()) {
    if (any && token[i] == '-') ++i;
    if (!is_upper(code_point_at(token, i, &i)) || i >= token.size() || token[i] != '.') return false;
    ++i;
    any = true;
  }
  return any;
}

// True if `word` is ASCII letters, with periods inside ("Inc", "U.S").
bool is_ascii_word(std::string_view word) {
  bool letter = false;
  for (const char c : word) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
    else if (c != '.') return false;
  }
  return letter;
}

// Roman numerals after "Vol." or "ch." ("Vol. II") count as numbers; a lone "I" is the pronoun.
bool is_roman_numeral(std::string_view word) {
  if (word.empty() || word == "I") return false;
  return word.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

bool has_letter_or_digit(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const UChar32 c = code_point_at(s, i, &i);
    if (is_letter(c) || is_digit(c)) return true;
  }
  return false;
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

// 64-bit FNV-1a.
uint64_t word_hash(std::string_view word) {
  uint64_t hash = 14695981039346656037ull;
  for (const char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

// A set of 64-bit word hashes: open addressing in a flat power-of-two table, since the set is
// probed once per word of a document and std::unordered_set's node walk and modulo dominated.
class HashSet {
 public:
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  void insert(uint64_t hash) {
    if (hash == 0) hash = 1;  // 0 marks an empty slot
    if (2 * (size_ + 1) > slots_.size()) grow();
    uint64_t& slot = find_slot(hash);
    if (slot == 0) {
      slot = hash;
      ++size_;
    }
  }
  bool contains(uint64_t hash) const {
    if (hash == 0) hash = 1;
    if (slots_.empty()) return false;
    return const_cast<HashSet*>(this)->find_slot(hash) == hash;
  }

 private:
  uint64_t& find_slot(uint64_t hash) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0 || slots_[i] == hash) return slots_[i];
    }
  }
  void grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), 0);
    size_ = 0;
    for (uint64_t hash : old) {
      if (hash != 0) insert(hash);
    }
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// True if the token ending at `end` is a number or a lower-case word of four letters or more.
// Before ". 12" a shorter word is most often an abbreviation no list names ("ок. 12", "abt. 5"),
// and so is a capitalised one ("Bahnhofstr. 5", "Sept. 11").
bool ends_number_or_long_word(std::string_view s, size_t end) {
  const UChar32 last = code_point_before(s, end);
  if (is_digit(last)) return true;
  if (!is_letter(last)) return false;
  size_t pos = end;
  size_t start;
  int letters = 0;
  while (pos > 0 && is_letter(code_point_before(s, pos, &start))) {
    pos = start;
    ++letters;
  }
  return letters >= 4 && is_lower(code_point_at(s, pos));
}

// True if a number starts at `pos`: digits, with "," or "." between digit groups, not followed
// by a letter ("8a" is a house number, "2nd" an ordinal).
bool starts_number(std::string_view s, size_t pos) {
  if (pos >= s.size() || !is_digit(code_point_at(s, pos))) return false;
  size_t i = pos;
  while (i < s.size()) {
    size_t next;
    const UChar32 c = code_point_at(s, i, &next);
    if (is_digit(c) || ((c == ',' || c == '.') && is_digit(code_point_at(s, next)))) {
      i = next;
      continue;
    }
    return !is_letter(c);
  }
  return true;
}

// The final consonant (jongseong, 1-27) a Hangul compatibility letter stands for, or 0.
int jongseong_of(UChar32 c) {
  static constexpr UChar32 kFinals[] = {0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137,
                                        0x3139, 0x313A, 0x313B, 0x313C, 0x313D, 0x313E, 0x313F,
                                        0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146, 0x3147,
                                        0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};
  for (int i = 0; i < 27; ++i) {
    if (kFinals[i] == c) return i + 1;
  }
  return 0;
}

// True if `word` ends in `ending` of [final_endings]. An ending that begins with a Hangul letter
// for a final consonant ("ㅂ니다") needs a syllable closed by it before the rest ("갑니다"); a
// one-syllable ending needs a stem before it ("했어요", but not the noun "요").
bool has_final_ending(std::string_view word, std::string_view ending) {
  // An informal sentence end may trail tildes ("좋습니다~").
  while (word.size() > 1 && word.back() == '~') word.remove_suffix(1);
  size_t after_first;
  const int final = jongseong_of(code_point_at(ending, 0, &after_first));
  if (final != 0) {
    const std::string_view rest = ending.substr(after_first);
    if (word.size() <= rest.size() || !word.ends_with(rest)) return false;
    const UChar32 syllable = code_point_before(word, word.size() - rest.size());
    return syllable >= 0xAC00 && syllable <= 0xD7A3 && (syllable - 0xAC00) % 28 == final;
  }
  const bool fits = word.size() > ending.size() ||
                    (word.size() == ending.size() && ending.size() > U8_MAX_LENGTH);
  return fits && word.ends_with(ending);
}

// The end of a run of closing marks at `pos` set off by spaces on both sides, as typed after a
// stop ("so. ” Then", Dutch "so. '' Then", Czech 'znovu. " Odpověď'): closing quotes and
// brackets (general categories Pf, Pe), two apostrophes for a closing double quote, or a
// straight double quote that closes one opened before it in the unit (an odd number of them
// precede it: `straight_quotes` holds their positions, sorted). Returns `pos` if there is none.
size_t spaced_closer_end(std::string_view s, size_t pos, const std::vector<size_t>& straight_quotes) {
  size_t end = pos;
  while (end < s.size()) {
    // Two apostrophes or two straight quotes typed for a closing double quote.
    if (s.substr(end, 2) == "''" || s.substr(end, 2) == "\"\"") {
      end += 2;
      continue;
    }
    if (s[end] == '"') {
      // It closes when an odd number of them precede it, the last of which opened a sentence
      // ('" Na tuto sobotu ... znovu. " Odpověď'), not long before: a mark that closed a quoted
      // word ('một " đầu nậu " khá') or unbalanced marks further back tell nothing.
      const auto before = std::lower_bound(straight_quotes.begin(), straight_quotes.end(), end);
      if ((before - straight_quotes.begin()) % 2 == 0) break;
      const size_t open = *std::prev(before);
      if (end - open > kMaxQuoteBytes) break;
      size_t at = open;
      size_t start;
      while (at > 0 && is_space(code_point_before(s, at, &start))) at = start;
      const UChar32 introducer = code_point_before(s, at);
      if (at > 0 && introducer != ':' && u_charType(introducer) != U_OTHER_PUNCTUATION) break;
      ++end;
      continue;
    }
    size_t next;
    const UChar32 c = code_point_at(s, end, &next);
    if (c < 0 || (u_charType(c) != U_FINAL_PUNCTUATION && u_charType(c) != U_END_PUNCTUATION))
      break;
    end = next;
  }
  if (end == pos || (end < s.size() && !is_space(code_point_at(s, end)))) return pos;
  return end;
}

// Character references for closing quotes, left in text taken from web pages ("!&#39;&#39;
// Река", "&quot;"): a reader sees the mark they stand for, so they close the sentence before
// them like the mark would.
constexpr std::string_view kCloserEntities[] = {"&quot;",  "&#34;",   "&#39;",   "&apos;",
                                                "&rdquo;", "&rsquo;", "&raquo;", "&#8221;",
                                                "&#8217;", "&#187;"};

// The length of a closing-quote character reference at `pos`, or 0.
size_t closer_entity_at(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != '&') return 0;
  for (const std::string_view entity : kCloserEntities) {
    if (s.substr(pos, entity.size()) == entity) return entity.size();
  }
  return 0;
}

// The length of a closing-quote character reference ending at `end`, or 0.
size_t closer_entity_before(std::string_view s, size_t end) {
  if (end == 0 || s[end - 1] != ';') return 0;
  for (const std::string_view entity : kCloserEntities) {
    if (end >= entity.size() && s.substr(end - entity.size(), entity.size()) == entity)
      return entity.size();
  }
  return 0;
}

// Whether the line break after `line` is a hard one (the line stands alone) rather than one a
// text editor made when wrapping at `widest` columns. `wrapped_lines` counts the block's lines
// that show wrapping (see split_paragraph).
//  - A line ending in white space was wrapped (format=flowed). A break before a list item is
//    hard. In a block of short lines (a list, an address, headings) every break is hard.
//  - Otherwise the break is hard when the next line's first word (first character in Chinese and
//    Japanese) would have fitted on the line: wrapping did not force it, so the writer did (a
//    heading, one paragraph per line).
//  - The widest line never has room for the next word, which says nothing; it counts as wrapped
//    only if other lines of the block show wrapping or it is as long as wrapped prose, and not
//    when it is longer than anyone wraps.
//  - Chinese and Japanese lines may be broken anywhere, and hand-broken ones are ragged: a CJK
//    line that stops mid-sentence goes on unless it is short enough for a heading.
bool line_stands_alone(const SourceLine& line, const SourceLine& next, int widest,
                       int wrapped_lines, const LanguageData& data) {
  if (line.flowed) return false;
  if (starts_list_item(next.text, data)) return true;
  if (widest < kMinWrapColumns) return true;
  const UChar32 last = code_point_before(line.text, line.text.size());
  const bool cjk_mid_sentence =
      line.gap == 0 && !data.is_terminator(last) && !is_closer(last) && 2 * line.width >= widest;
  if (cjk_mid_sentence) return false;
  if (line.next_fits) return true;
  if (line.width < widest) return false;
  return widest > kMaxWrapColumns || (wrapped_lines < 2 && widest < kProseColumns);
}

}  // namespace

// True if a quotation in single quotes (' or ‘ at a word start, ' or ’ at a word end) is open at
// `pos`, looking from `begin`. An apostrophe inside a word ("It's") neither opens nor closes.
static bool inside_single_quotes(std::string_view s, size_t begin, size_t pos) {
  bool open = false;
  for (size_t i = begin; i < pos;) {
    const size_t at = i;
    const UChar32 c = code_point_at(s, i, &i);
    if (c != '\'' && c != 0x2018 && c != 0x2019) continue;
    const UChar32 before = code_point_before(s, at);
    const UChar32 after = code_point_at(s, i);
    const bool word_before = is_letter(before) || is_digit(before);
    const bool word_after = is_letter(after) || is_digit(after);
    if (c != 0x2019 && !word_before && word_after) open = true;
    else if (c != 0x2018 && word_before && !word_after) open = false;
  }
  return open;
}

// Finds quoted passages [open, close) in `s` (close = the closing mark's position), so that no
// sentence ends inside a quotation. The pairs of marks are the language's [quotes].
void find_quotations(std::string_view s, const LanguageData& data,
                     std::vector<std::pair<size_t, size_t>>& spans) {
  spans.clear();
  size_t i = 0;
  while (i < s.size()) {
    // Of ASCII only '"' opens a quotation ([quotes] leaves out the apostrophe); the other
    // quotation marks (Unicode's Quotation_Mark property) are encoded with the lead bytes C2
    // ("«"), E2 ("“"), E3 ("「") and EF ("＂"): other characters are skipped undecoded.
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      if (byte != '"') {
        ++i;
        continue;
      }
    } else if (byte != 0xC2 && byte != 0xE2 && byte != 0xE3 && byte != 0xEF) {
      i += byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
      continue;
    }
    size_t next;
    const UChar32 c = code_point_at(s, i, &next);
    if (!is_quote_mark(c) || !data.opens_quotation(c)) {
      i = next;
      continue;
    }
    // A mark that both opens and closes ("") opens only at a word start: after a space, an
    // opener, or the unit start.
    const bool symmetric = data.closes_quotation(c, c);
    if (symmetric) {
      const UChar32 before = code_point_before(s, i);
      const UChar32 after = code_point_at(s, next);
      // A doubled mark ('""') is a closing double quote typed as two marks, not an opening.
      if ((i > 0 && !is_space(before) && !is_opener(before, data)) || after < 0 || is_space(after) ||
          after == c) {
        i = next;
        continue;
      }
    }
    size_t j = next;
    size_t close = std::string_view::npos;
    while (j < s.size() && j - i < kMaxQuoteBytes) {
      size_t after_j;
      const UChar32 d = code_point_at(s, j, &after_j);
      if (is_quote_mark(d) && data.closes_quotation(c, d)) {
        // ... and closes only at a word end: in 'for the murders. "Look' the second mark opens
        // another quotation (the first one is never closed).
        if (d == c && symmetric && is_space(code_point_before(s, j))) break;
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
  const LanguageData& english;  // for Latin abbreviations in text of other scripts
  const SrxRules* srx;
  std::unique_ptr<icu::BreakIterator> breaker;
  // ICU's dictionary word break, for languages that separate sentences by a space (Thai, Lao).
  std::unique_ptr<icu::BreakIterator> word_breaker;
  std::vector<std::pair<size_t, size_t>> words;  // [begin, end) of the unit's words
  UText utext = UTEXT_INITIALIZER;

  const SplitterOptions options;

  // The document being split, and the words it writes in lower case (built on first use), which
  // tell a capitalised common word ("Shares") from a name. Words are kept as 64-bit hashes: two
  // words of one document colliding is as good as impossible (about n^2 / 2^64).
  std::string_view document;
  bool lower_words_built = false;
  HashSet lower_words;

  // Scratch space reused across units to avoid allocation in the loop.
  std::vector<SourceLine> lines;
  std::vector<size_t> candidates;
  std::vector<size_t> cuts;
  size_t list_scan_end = 0;
  std::vector<size_t> list_starts;
  // The unit begins with a lower-case letter: its writer does not capitalise ("ok. see you
  // there."), so a lower-case word after a stop may begin a sentence.
  bool uncapitalised = false;
  std::vector<std::pair<size_t, size_t>> quotations;
  std::vector<size_t> straight_quotes;  // positions of '"' in the unit
  std::vector<SrxDecision> srx_decisions;
  Unit unit;

  Impl(std::string_view lang, const SrxRules* rules, const SplitterOptions& splitter_options)
      : data(LanguageData::for_language(lang)),
        english(LanguageData::for_language("en")),
        srx(rules), options(splitter_options) {
    UErrorCode status = U_ZERO_ERROR;
    const std::string language = primary_language(lang);
    breaker.reset(icu::BreakIterator::createSentenceInstance(
        icu::Locale(language.empty() ? "en" : language.c_str()), status));
    if (U_FAILURE(status) || !breaker)
      throw Error(ErrorKind::kUsage, "", "cannot create ICU sentence iterator for '" +
                                             std::string(lang) + "': " + u_errorName(status));
    if (data.space_ends_sentence()) {
      word_breaker.reset(icu::BreakIterator::createWordInstance(icu::Locale(language.c_str()), status));
      if (U_FAILURE(status) || !word_breaker)
        throw Error(ErrorKind::kUsage, "", "cannot create ICU word iterator for '" +
                                               std::string(lang) + "': " + u_errorName(status));
    }
  }
  ~Impl() { utext_close(&utext); }

  void split_paragraph(std::string_view text, size_t begin, size_t end, uint32_t paragraph,
                       SentenceList& out);
  void split_unit(uint32_t paragraph, SentenceList& out);
  void find_list_markers(std::string_view s);
  void add_ellipsis_and_number_ends(std::string_view s);
  void add_quotation_ends(std::string_view s);
  void add_unspaced_breaks(std::string_view s);
  void add_language_ends(std::string_view s);
  void add_space_ends(std::string_view s);
  std::optional<size_t> keep_break(std::string_view s, size_t cut, size_t next_start,
                                   size_t segment_start);
  bool keep_ellipsis_break(std::string_view s, size_t term_begin, size_t stop_end);
  bool keep_quotation_end(std::string_view s, size_t close_begin, size_t cut, size_t next_start,
                          size_t segment_start, bool starter_follows);
  bool written_in_lower_case(std::string_view word);
};

Splitter::Splitter(std::string_view lang, const SrxRules* srx, SplitterOptions options)
    : impl_(std::make_unique<Impl>(lang, srx, options)) {}

Splitter::~Splitter() = default;

SentenceList Splitter::split(std::string_view text) const {
  SentenceList out;
  // Sentences hold at most the text's bytes: one allocation instead of repeated growth.
  out.reserve(text.size());
  impl_->document = text;
  impl_->lower_words_built = false;
  impl_->lower_words.clear();
  uint32_t paragraph = 0;
  size_t pos = 0;
  size_t para_begin = std::string_view::npos;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const bool blank = is_blank(text.substr(pos, eol - pos));
    if (!blank && para_begin == std::string_view::npos) para_begin = pos;
    if ((blank || eol == text.size() || impl_->options.line_paragraphs) &&
        para_begin != std::string_view::npos) {
      const size_t para_end = blank ? pos : eol;
      const size_t before = out.size();
      impl_->split_paragraph(text, para_begin, para_end, paragraph, out);
      if (out.size() > before) ++paragraph;
      para_begin = std::string_view::npos;
    }
    pos = eol + 1;
  }
  impl_->document = {};
  impl_->lower_words.clear();
  return out;
}

void Splitter::Impl::split_paragraph(std::string_view text, size_t begin, size_t end,
                                     uint32_t paragraph, SentenceList& out) {
  // The block's lines first: the wrap width is only known from all of them.
  lines.clear();
  int widest = 0;
  size_t pos = begin;
  while (pos < end) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    const std::string_view raw = text.substr(pos, eol - pos);
    size_t leading = 0;
    const std::string_view line = trim(raw, &leading);
    if (!line.empty()) {
      SourceLine source;
      source.text = line;
      source.offset = pos + leading;
      source.flowed = leading + line.size() < raw.size();
      lines.push_back(source);
    }
    pos = eol + 1;
  }
  // Widths (indentation included) matter only between lines: a paragraph of one line, the
  // commonest kind in files written one paragraph per line, needs none.
  if (lines.size() > 1) {
    for (SourceLine& line : lines) {
      const size_t line_start = text.rfind('\n', line.offset);
      const size_t raw_begin = line_start == std::string_view::npos || line_start < begin
                                   ? begin
                                   : line_start + 1;
      line.width = display_width(text.substr(raw_begin, line.offset + line.text.size() - raw_begin));
      widest = std::max(widest, line.width);
    }
  }

  // Lines that show wrapping: flowed, or broken although the next word did not fit.
  int wrapped_lines = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    SourceLine& line = lines[i];
    const std::string_view next = lines[i + 1].text;
    const UChar32 last = code_point_before(line.text, line.text.size());
    line.gap = joins_without_space(last) && joins_without_space(code_point_at(next, 0)) ? 0 : 1;
    line.next_fits = line.width + line.gap + first_word_width(next) <= widest;
    if (line.flowed || !line.next_fits) ++wrapped_lines;
  }

  unit.clear();
  for (size_t i = 0; i < lines.size(); ++i) {
    const SourceLine& line = lines[i];
    if (i > 0 && line_stands_alone(lines[i - 1], line, widest, wrapped_lines, data)) {
      split_unit(paragraph, out);
      unit.clear();
    } else if (i > 0) {
      const UChar32 last = code_point_before(unit.text, unit.text.size());
      const UChar32 first = code_point_at(line.text, 0);
      if (joins_without_space(last) && joins_without_space(first)) {
        // nothing between two CJK characters
      } else if (last == '-' && is_lower(first) &&
                 is_letter(code_point_before(unit.text, unit.text.size() - 1))) {
        // "well-\nknown": keep the hyphen, drop the line break
      } else {
        unit.text.push_back(' ');
      }
    }
    unit.append(line.text, line.offset);
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
  uncapitalised = is_lower(code_point_at(next_word(s, 0, data), 0));
  // The rules below append the ends ICU does not propose; ICU's own come sorted.
  const size_t proposed = candidates.size();
  find_list_markers(s);
  add_ellipsis_and_number_ends(s);
  find_quotations(s, data, quotations);
  straight_quotes.clear();
  for (size_t pos = s.find('"'); pos != std::string_view::npos; pos = s.find('"', pos + 1))
    straight_quotes.push_back(pos);
  add_quotation_ends(s);
  add_language_ends(s);
  add_space_ends(s);
  if (candidates.size() > proposed) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }

  // Decide on ICU's candidates in order; `cuts` holds where kept sentences end (before spaces).
  cuts.clear();
  size_t segment_start = 0;
  for (size_t b : candidates) {
    // ICU breaks before a closing quote written as a character reference ("!&#39;&#39; Река");
    // the break goes after it.
    if (closer_entity_at(s, b) != 0 && b > 0 && !is_space(code_point_before(s, b))) {
      while (const size_t length = closer_entity_at(s, b)) b += length;
      b = skip_spaces(s, b);
      if (b >= s.size()) continue;
    }
    size_t cut = b;
    while (cut > 0) {
      size_t start;
      if (!is_space(code_point_before(s, cut, &start))) break;
      cut = start;
    }
    if (cut <= segment_start) continue;
    const size_t cuts_before = cuts.size();
    if (const std::optional<size_t> kept = keep_break(s, cut, b, segment_start)) {
      cuts.push_back(*kept);
      // A cut moved before an opening bracket or quote starts the next sentence there.
      segment_start = *kept == cut ? b : *kept;
    } else if (cuts.size() > cuts_before) {
      segment_start = cuts.back();  // the rule moved the break to an earlier position
    }
  }
  add_unspaced_breaks(s);
  // A sentence has a letter or a digit: marks left over after a stop ('любовь? ``.', a quote the
  // writer closed after a space) belong to the sentence before them. An omission mark ("[...]",
  // "…") stands for left-out sentences and stays apart.
  size_t kept = 0;
  for (size_t i = 0; i < cuts.size(); ++i) {
    const size_t end = i + 1 < cuts.size() ? cuts[i + 1] : s.size();
    const std::string_view rest = s.substr(cuts[i], end - cuts[i]);
    if (kept > 0 && !has_letter_or_digit(rest) && rest.find("...") == std::string_view::npos &&
        rest.find("\u2026") == std::string_view::npos)
      continue;
    cuts[kept++] = cuts[i];
  }
  cuts.resize(kept);

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
// an ICU candidate) or after a colon ("Three steps: 1. mix 2. bake"), then markers that continue
// its numbering, and offers a break before each continuing marker (and before the first one after
// a colon). (keep_break tells the period of "1." or "b." from a sentence end.)
void Splitter::Impl::find_list_markers(std::string_view s) {
  list_starts.assign(1, 0);
  list_starts.insert(list_starts.end(), candidates.begin(), candidates.end());
  for (size_t colon = s.find(": "); colon != std::string_view::npos; colon = s.find(": ", colon + 1))
    list_starts.push_back(colon + 2);
  std::sort(list_starts.begin(), list_starts.end());
  for (const size_t start : list_starts) {
    ListMarker first;
    if (!parse_list_marker(s, start, data, first)) continue;
    // Only a first item ("1.", "a)") or a bulleted one opens a list worth following; "3. Results"
    // alone is a numbered heading (keep_break does not end a sentence at its period either).
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
      if (parse_list_marker(s, pos, data, next) && next.style == first.style && next.value == expected) {
        candidates.push_back(next.begin);  // a break before the item
        last_item = pos;
        ++expected;
      }
    }
    list_scan_end = last_item + 1;
    if (last_item != start && start >= 2 && s[start - 2] == ':') candidates.push_back(first.begin);
  }
}

// Sentence ends ICU does not propose: after a Unicode ellipsis ("I wonder… Maybe"), which ICU does
// not count as a stop, when spaces and a capital follow; and after a number or a lower-case word
// ending in a period when spaces and a number follow ("The year was 1990. 2000 was better"), where
// ICU looks on to the next letter. The abbreviation rules in keep_break still drop "p. 12",
// "No. 5" and "Fig. 3".
void Splitter::Impl::add_ellipsis_and_number_ends(std::string_view s) {
  static constexpr std::string_view kEllipsis = "\u2026";
  // Only periods and ellipses are looked at, found by byte search.
  for (size_t pos = s.find('.'); pos != std::string_view::npos; pos = s.find('.', pos + 1)) {
    const size_t start = skip_spaces(s, pos + 1);
    if (pos > 0 && start > pos + 1 && starts_number(s, start) && ends_number_or_long_word(s, pos)) {
      candidates.push_back(start);
    }
  }
  for (size_t pos = s.find(kEllipsis); pos != std::string_view::npos;
       pos = s.find(kEllipsis, pos + 1)) {
    size_t end = pos + kEllipsis.size();
    if (s.substr(end, kEllipsis.size()) == kEllipsis) continue;  // "……": decided at its end
    size_t after_closer;
    while (end < s.size() && is_closer(code_point_at(s, end, &after_closer))) end = after_closer;
    const size_t start = skip_spaces(s, end);
    if (start > end && is_upper(code_point_at(next_word(s, start, data), 0))) {
      candidates.push_back(start);
    }
  }
}

// Sentence ends ICU does not propose, from the language data and from dialogue:
//  - after a terminator ICU does not know ([terminators]: Armenian ":", Greek ";", Khmer "។")
//    and its closing quotes, when spaces and a letter that is not lower case follow;
//  - after a word with a sentence-final ending ([final_endings]: Korean "-습니다", "-요"), which
//    ends a sentence even without a stop, when a space and a letter or digit follow;
//  - before a dialogue dash ("- ", "– ", "— ") opening a reply after a stop: ICU reads the dash
//    as a continuation ("dig. - Hvad er det?");
//  - after an emoticon ([emoticons]) that follows a stop or a space, when a capital follows
//    ("Nice.:) Then"); keep_break drops the break before it.
void Splitter::Impl::add_language_ends(std::string_view s) {
  for (const UChar32 terminator : data.extra_terminators()) {
    if (terminator == 0x2026) continue;  // add_ellipsis_and_number_ends decides "…"
    char encoded[U8_MAX_LENGTH];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(encoded, length, U8_MAX_LENGTH, terminator, error);
    if (error) continue;
    const std::string_view mark(encoded, static_cast<size_t>(length));
    for (size_t pos = s.find(mark); pos != std::string_view::npos; pos = s.find(mark, pos + 1)) {
      size_t end = pos + mark.size();
      size_t next;
      while (end < s.size()) {
        const UChar32 c = code_point_at(s, end, &next);
        if (!data.is_terminator(c) && !is_closer(c)) break;
        end = next;
      }
      const size_t start = skip_spaces(s, end);
      if (start == end || start >= s.size()) continue;
      const UChar32 c = code_point_at(s, start);
      if (is_lower(c) || (!is_letter(c) && !is_opener(c, data))) continue;
      candidates.push_back(start);
    }
  }
  if (uncapitalised) {
    // ICU proposes no break before a lower-case word.
    for (size_t pos = s.find_first_of(".?!"); pos != std::string_view::npos;
         pos = s.find_first_of(".?!", pos + 1)) {
      size_t end = pos + 1;
      size_t next;
      while (end < s.size()) {
        const UChar32 c = code_point_at(s, end, &next);
        if (!data.is_terminator(c) && !is_closer(c)) break;
        end = next;
      }
      const size_t start = skip_spaces(s, end);
      if (start == end || start >= s.size() || !is_lower(code_point_at(s, start))) continue;
      candidates.push_back(start);
    }
  }
  if (!data.final_endings().empty()) {
    for (size_t pos = s.find(' '); pos != std::string_view::npos; pos = s.find(' ', pos + 1)) {
      const UChar32 c = code_point_at(s, pos + 1);
      if (!is_letter(c) && !is_digit(c) && !is_opener(c, data)) continue;
      const size_t space_before = pos == 0 ? std::string_view::npos : s.rfind(' ', pos - 1);
      const size_t word_begin = space_before == std::string_view::npos ? 0 : space_before + 1;
      const std::string_view word = s.substr(word_begin, pos - word_begin);
      for (const std::string& ending : data.final_endings()) {
        if (has_final_ending(word, ending)) {
          candidates.push_back(pos + 1);
          break;
        }
      }
    }
  }
  // A news dateline ("تهران - ایرنا:", place, dash, agency, colon) heads the story like a title
  // ([options] dateline_colon=yes where the press writes it so): the story begins after it.
  if (data.dateline_colon()) {
    for (size_t pos = s.find(": "); pos != std::string_view::npos; pos = s.find(": ", pos + 1)) {
      size_t begin = pos;
      int spaces = 0;
      bool dash = false;
      while (begin > 0 && spaces <= kMaxDatelineWords) {
        size_t start;
        const UChar32 c = code_point_before(s, begin, &start);
        if (data.is_terminator(c) || c == ':') break;
        if (c == ' ') ++spaces;
        if (data.is_dialogue_dash(c) && start > 0 && s[start - 1] == ' ')
          dash = true;
        begin = start;
      }
      if (!dash || spaces > kMaxDatelineWords) continue;
      const size_t start = skip_spaces(s, pos + 1);
      if (start >= s.size() || !is_letter(code_point_at(s, start))) continue;
      candidates.push_back(start);
    }
  }
  // A headline typed into the text without a stop ("Recurso negado A corretora foi multada"):
  // at the start of the unit or of a sentence, a short run of words with no punctuation whose
  // last word is in lower case, then a capitalised starter followed by a lower-case word. Inside
  // a sentence a capitalised article follows a lower-case word only in a title ("o filme O
  // Poderoso Chefão"), whose next word is capitalised too.
  if (data.has_starters() && !uncapitalised) {
    const size_t count = candidates.size();
    for (size_t k = 0; k <= count; ++k) {
      size_t pos = k == 0 ? 0 : candidates[k - 1];
      pos = skip_spaces(s, pos);
      int words = 0;
      bool last_lower = false;
      while (pos < s.size() && words < kMaxHeadlineWords) {
        size_t end = pos;
        size_t next;
        bool plain = true;
        UChar32 last = 0;
        while (end < s.size()) {
          const UChar32 c = code_point_at(s, end, &next);
          if (is_space(c)) break;
          if (!is_letter(c) && !is_digit(c) && c != '-') plain = false;
          last = c;
          end = next;
        }
        if (!plain || end >= s.size()) break;
        ++words;
        const size_t start = skip_spaces(s, end);
        if (words >= 2 && last_lower && is_lower(last) && is_upper(code_point_at(s, start))) {
          const std::string_view word = next_word(s, start, data);
          const size_t word_end = static_cast<size_t>(word.data() - s.data()) + word.size();
          const size_t following = skip_spaces(s, word_end);
          if (data.is_starter(word) && !data.is_always_capitalised(word) &&
              following > word_end && following < s.size() &&
              is_lower(code_point_at(s, following))) {
            candidates.push_back(start);
            break;
          }
        }
        last_lower = is_lower(last);
        pos = start;
      }
    }
  }
  // A semicolon joins clauses of one sentence, and the clause after it begins in lower case in
  // every cased language (RAE, Duden, Chicago). A capitalised closed-class word after it (";
  // El", "; The") is then a sentence the writer ended with a semicolon: names ("; Madrid") and
  // words always capitalised ("; I", German "; Sie") are not starters of that kind.
  // Where the text after a colon begins in lower case unless it is a sentence of its own
  // ([options] colon_capital_ends=yes: Russian, where only quoted speech follows a colon with a
  // capital, and that inside quotes; Swedish, whose style rules write a capital there only before
  // a complete sentence), a capitalised starter right after a colon begins a new sentence too
  // ("выделяют 5 направлений: Однако, автор", "snävare ram: Det blir").
  if (data.has_starters() && !uncapitalised) {
    for (const char mark : {';', ':'}) {
      if (mark == ':' && !data.colon_capital_ends()) continue;
      for (size_t pos = s.find(mark); pos != std::string_view::npos; pos = s.find(mark, pos + 1)) {
        const size_t start = skip_spaces(s, pos + 1);
        if (start == pos + 1 || start >= s.size() || !is_upper(code_point_at(s, start))) continue;
        const std::string_view word = next_word(s, start, data);
        size_t second;
        code_point_at(word, 0, &second);
        if (second >= word.size() || !is_lower(code_point_at(word, second))) continue;
        if (!data.is_starter(word) || data.is_always_capitalised(word)) continue;
        candidates.push_back(start);
      }
    }
  }
  // One pass for all emoticons, at the characters they begin with.
  for (const char start_byte : data.emoticon_starts()) {
   for (size_t pos = s.find(start_byte); pos != std::string_view::npos;
        pos = s.find(start_byte, pos + 1)) {
    for (const std::string& emoticon : data.emoticons()) {
      if (s.compare(pos, emoticon.size(), emoticon) != 0) continue;
      const size_t end = pos + emoticon.size();
      if (pos == 0 || end >= s.size() || !is_space(code_point_at(s, end))) continue;
      const UChar32 before = code_point_before(s, pos);
      if (!is_space(before) && !data.is_terminator(before)) continue;
      const UChar32 c = code_point_at(s, skip_spaces(s, end));
      if (!is_upper(c) && !(is_letter(c) && !is_lower(c))) continue;
      candidates.push_back(skip_spaces(s, end));
    }
   }
  }
  // One pass over the spaces for two rules:
  //  - after a closing quote set off from its stop by a space ("so. '' Then");
  //  - a dialogue dash ("dig. - Hvad", "– Vem") or a list bullet ("vývoj. * plněny") set off by
  //    spaces after a stop begins a new sentence or item; a dash only before a capital (a spaced
  //    dash after an abbreviation's period may go on), a bullet before any letter or digit.
  // Both look at the byte after the space first: most spaces are followed by a letter.
  for (size_t pos = 1; pos + 1 < s.size(); ++pos) {
    if (s[pos] != ' ') continue;
    const auto next_byte = static_cast<unsigned char>(s[pos + 1]);
    if (next_byte < 0x80 && next_byte != '"' && next_byte != '\'' && next_byte != ')' &&
        next_byte != ']' && next_byte != '}' && next_byte != '-' && next_byte != '*')
      continue;
    if (data.is_terminator(code_point_before(s, pos))) {
      const size_t end = spaced_closer_end(s, pos + 1, straight_quotes);
      if (end != pos + 1) {
        const size_t start = skip_spaces(s, end);
        if (start < s.size()) {
          const UChar32 c = code_point_at(s, start);
          if (is_upper(c) || is_opener(c, data) || (is_letter(c) && !is_lower(c)))
            candidates.push_back(start);
        }
      }
    }
    size_t mark_end;
    const UChar32 mark = code_point_at(s, pos + 1, &mark_end);
    const bool dash = data.is_dialogue_dash(mark);
    if (!dash && (!data.is_bullet(mark) || u_charType(mark) == U_DASH_PUNCTUATION)) continue;
    if (mark_end >= s.size() || s[mark_end] != ' ') continue;
    size_t before = pos;
    size_t start;
    while (before > 0 && is_space(code_point_before(s, before, &start))) before = start;
    while (before > 0 && is_closer(code_point_before(s, before, &start))) before = start;
    if (before == 0 || !data.is_terminator(code_point_before(s, before))) continue;
    const UChar32 first = code_point_at(s, skip_spaces(s, mark_end));
    if (dash ? !is_upper(first) : !is_letter(first) && !is_digit(first)) continue;
    candidates.push_back(pos + 1);
  }
}

// True for a letter or mark of a script written without spaces between words (Thai, Lao): not
// Latin, not a digit, not punctuation shared by every script.
bool is_unspaced_script_letter(UChar32 c) {
  if (c < 0x0E00 || is_digit(c) || (!is_letter(c) && u_charType(c) != U_NON_SPACING_MARK &&
                                    u_charType(c) != U_COMBINING_SPACING_MARK))
    return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script != USCRIPT_COMMON && script != USCRIPT_INHERITED && script != USCRIPT_LATIN;
}

// Thai and Lao put no stop at the end of a sentence and no space between words: a space between
// two letters of the script separates sentences ([options] space_ends_sentence=yes), or clauses
// and phrases inside one. ICU's dictionary word break finds the words around each such space;
// no sentence ends beside a [joiners] word (a conjunction: "และ", "แต่", "ซึ่ง", "เช่น"), nor
// before kMinSpacedSentenceWords words, nor before a part of fewer than two words up to the
// next space (a surname after a given name: "สมชาย ใจดี").
void Splitter::Impl::add_space_ends(std::string_view s) {
  if (!word_breaker) return;
  const size_t first_space = s.find(' ');
  if (first_space == std::string_view::npos) return;
  UErrorCode status = U_ZERO_ERROR;
  word_breaker->setText(&utext, status);
  if (U_FAILURE(status)) return;
  words.clear();
  int32_t begin = word_breaker->first();
  for (int32_t end = word_breaker->next(); end != icu::BreakIterator::DONE;
       begin = end, end = word_breaker->next()) {
    if (word_breaker->getRuleStatus() != UBRK_WORD_NONE)
      words.emplace_back(static_cast<size_t>(begin), static_cast<size_t>(end));
  }
  size_t sentence_first_word = 0;
  for (size_t pos = first_space; pos != std::string_view::npos; pos = s.find(' ', pos + 1)) {
    // A quotation or bracket may close before the space ('"กลับบ้านเร็วๆ นะ" ลูก').
    size_t before_space = pos;
    size_t start;
    while (before_space > 0 && is_closer(code_point_before(s, before_space, &start)))
      before_space = start;
    if (!is_unspaced_script_letter(code_point_before(s, before_space)) ||
        !is_unspaced_script_letter(code_point_at(s, pos + 1)))
      continue;
    // Thai writes spaces around numbers: a number and the unit after it ("250 บาท ถูกกว่า")
    // are inside a sentence.
    const size_t previous_space = s.rfind(' ', pos - 1);
    if (previous_space != std::string_view::npos && previous_space > 0) {
      const size_t second_space = s.rfind(' ', previous_space - 1);
      const size_t chunk = second_space == std::string_view::npos ? 0 : second_space + 1;
      if (is_digit(code_point_at(s, previous_space + 1)) || is_digit(code_point_at(s, chunk)))
        continue;
    }
    // Words before the space: [sentence_first_word, k); the word after it: k.
    const auto after = std::lower_bound(words.begin(), words.end(), std::make_pair(pos + 1, size_t{0}));
    const size_t k = static_cast<size_t>(after - words.begin());
    if (k == 0 || after == words.end() || after->first != pos + 1) continue;
    if (k < sentence_first_word + kMinSpacedSentenceWords) continue;
    const auto& before = words[k - 1];
    if (data.is_joiner(s.substr(before.first, before.second - before.first)) ||
        data.is_joiner(s.substr(after->first, after->second - after->first)))
      continue;
    size_t next_space = s.find(' ', pos + 1);
    if (next_space == std::string_view::npos) next_space = s.size();
    if (k + 1 >= words.size() || words[k + 1].first >= next_space) continue;
    candidates.push_back(pos + 1);
    sentence_first_word = k;
  }
}

// ICU proposes no end after a closing quote set off by a space ("ici. » Puis"). Where a quotation
// closes on a stop and a capitalised word or a new quotation follows, offer that end too.
void Splitter::Impl::add_quotation_ends(std::string_view s) {
  for (const auto& [open, close] : quotations) {
    size_t close_end;
    code_point_at(s, close, &close_end);
    size_t before = close;
    size_t start;
    while (before > open && is_space(code_point_before(s, before, &start))) before = start;
    if (!data.is_terminator(code_point_before(s, before))) continue;
    size_t next = close_end;
    size_t after;
    while (next < s.size() && is_space(code_point_at(s, next, &after))) next = after;
    if (next == close_end || next >= s.size()) continue;
    const UChar32 c = code_point_at(s, next);
    if (!is_upper(c) && !is_opener(c, data)) continue;
    candidates.push_back(next);
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

// Decides whether a candidate is a real sentence end. `cut` is where the sentence would end
// (after its closing quotes, before spaces), `next_start` where the next one would begin, and
// `segment_start` where the current sentence began. Returns where the sentence ends: `cut`, or an
// earlier position when an opening bracket or quote was taken for a closer; nothing when the
// candidate is no sentence end. (The ellipsis rule may also add an earlier cut itself.)
std::optional<size_t> Splitter::Impl::keep_break(std::string_view s, size_t cut, size_t next_start,
                                                 size_t segment_start) {
  // Where the stop is: step back over closing quotes and brackets, then over terminators. ICU's
  // closers include opening brackets and quotes ("left.(He", "好。“你"), so step over those too.
  size_t close_begin = cut;
  while (close_begin > segment_start) {
    size_t start;
    if (const size_t entity = closer_entity_before(s, close_begin);
        entity != 0 && close_begin - entity >= segment_start) {
      close_begin -= entity;
      continue;
    }
    const UChar32 c = code_point_before(s, close_begin, &start);
    if (is_closer(c) || is_open_bracket(c)) {
      close_begin = start;
      continue;
    }
    // French typography spaces the closing guillemet off its stop: "ici. »".
    if (close_begin < cut && is_space(c)) {
      size_t before_space = start;
      while (before_space > segment_start && is_space(code_point_before(s, before_space, &start)))
        before_space = start;
      if (data.is_terminator(code_point_before(s, before_space))) {
        close_begin = before_space;
        continue;
      }
    }
    break;
  }
  size_t term_begin = close_begin;
  while (term_begin > segment_start) {
    size_t start;
    if (!data.is_terminator(code_point_before(s, term_begin, &start))) break;
    term_begin = start;
  }
  if (term_begin == close_begin) {
    // A mark ICU counts as a stop that is none in this language (Myanmar "၊", a comma).
    if (close_begin > segment_start &&
        data.is_removed_terminator(code_point_before(s, close_begin)))
      return std::nullopt;
    return cut;  // ICU broke for another reason (a symbol, a word ending of [final_endings])
  }

  // Dots right after an opening quote or bracket mark words left out at the start of a quotation
  // ('писал: «...Прибыл тайша', '(... and then', and an ellipsis after "``", the opening quote
  // typed in ASCII in the TeX manner, which may also close: 'любовь? ``.'), not a sentence end.
  if (term_begin > segment_start) {
    const UChar32 before = code_point_before(s, term_begin);
    if (is_open_bracket(before) || (before == '`' && close_begin - term_begin >= 3) ||
        (is_quote_mark(before) &&
         std::binary_search(quotations.begin(), quotations.end(),
                            std::make_pair(term_begin - U8_LENGTH(before), size_t{0}),
                            [](const auto& a, const auto& b) { return a.first < b.first; })))
      return std::nullopt;
  }

  // An opening bracket, or a quote that opens a quotation, begins the next sentence: the cut goes
  // before it.
  for (size_t i = close_begin; i < cut;) {
    const size_t at = i;
    const UChar32 c = code_point_at(s, i, &i);
    const bool opens_quotation =
        is_quote_mark(c) &&
        std::binary_search(quotations.begin(), quotations.end(), std::make_pair(at, size_t{0}),
                           [](const auto& a, const auto& b) { return a.first < b.first; });
    if (is_open_bracket(c) || opens_quotation) {
      cut = at;
      next_start = at;
      break;
    }
  }

  // Quotations do not overlap, so only the last one opened before the stop can contain it.
  auto quote = std::lower_bound(quotations.begin(), quotations.end(),
                                std::make_pair(term_begin, size_t{0}));
  // A quotation of several sentences that opens a sentence ('"We were stuck. Nobody helped us,"
  // she said') or follows a colon is split like running text where both the part before the stop and the part after
  // it have more than kMinQuotedWords words. One that a sentence reports ('She said, "We will
  // build it. Then we will see."') stays in it, and so do short quoted sentences ('"Go. Now."').
  if (quote != quotations.begin() && cut <= std::prev(quote)->second) {
    const auto [open, close] = *std::prev(quote);
    // A stop inside a quotation nested in single quotes ('"... was 'Oh my god, AI is over! It's
    // coming down!'"') belongs to the words quoted within the speaker's sentence.
    if (inside_single_quotes(s, open, term_begin)) return std::nullopt;
    size_t sentence_begin = segment_start;
    size_t after;
    while (sentence_begin < open && is_space(code_point_at(s, sentence_begin, &after)))
      sentence_begin = after;
    // (A sentence that begins inside the quotation follows one split off from it.) A colon
    // before the quotation sets it off as a passage of its own ('He said: "We came. We saw."').
    size_t before_open = open;
    size_t start;
    while (before_open > 0 && is_space(code_point_before(s, before_open, &start)))
      before_open = start;
    const UChar32 introducer = before_open > 0 ? code_point_before(s, before_open) : 0;
    const bool set_off = sentence_begin == open || data.is_introducer(introducer);
    if ((!set_off && segment_start <= open) ||
        !has_more_words_than(s.substr(open, cut - open), kMinQuotedWords) ||
        !has_more_words_than(s.substr(next_start, close - std::min(close, next_start)),
                             kMinQuotedWords))
      return std::nullopt;
  }

  // A closing quote set off after the stop belongs to the sentence it closes (so. '' Then):
  // add_language_ends offered the break after it.
  if (spaced_closer_end(s, next_start, straight_quotes) != next_start) return std::nullopt;

  // An emoticon after the stop belongs to the sentence it closes ("Nice. :) Then").
  for (const std::string& emoticon : data.emoticons()) {
    const size_t end = next_start + emoticon.size();
    if (s.substr(next_start, emoticon.size()) == emoticon &&
        (end == s.size() || is_space(code_point_at(s, end))))
      return std::nullopt;
  }

  const std::string_view word_after = next_word(s, next_start, data);
  const UChar32 first_after = code_point_at(word_after, 0);
  // Lower-case continuation: 'Yahoo! in', '"Great." she said' (not in text that does not
  // capitalise, where the abbreviation rules below still apply).
  if (is_lower(first_after) && !uncapitalised) return std::nullopt;

  const bool starter_follows = data.is_starter(word_after) ||
                               data.abbreviation_kind(word_after) == AbbreviationKind::kNonfinal;
  if (!keep_quotation_end(s, close_begin, cut, next_start, segment_start, starter_follows))
    return std::nullopt;

  if (!keep_ellipsis_break(s, term_begin, close_begin)) return std::nullopt;

  const std::string_view stop = s.substr(term_begin, close_begin - term_begin);
  if (stop != ".") return cut;

  // The token before the period, without opening quotes or brackets.
  size_t token_begin = term_begin;
  while (token_begin > segment_start) {
    size_t start;
    if (is_space(code_point_before(s, token_begin, &start))) break;
    token_begin = start;
  }
  size_t word_begin = token_begin;
  size_t next;
  while (word_begin < term_begin && is_opener(code_point_at(s, word_begin, &next), data))
    word_begin = next;
  // Chinese and Japanese run into a Latin word without a space ("作者是J. K.罗琳"): the word
  // begins after the last of their characters.
  for (size_t i = word_begin; i < term_begin;) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    if (joins_without_space(code_point_at(s, i, &i))) word_begin = i;
  }
  std::string_view word = s.substr(word_begin, term_begin - word_begin);
  if (word.empty()) return cut;
  // In "Tuesday.Mr. Smith" (a stop with no space after it) the word is "Mr"; in
  // "www.example.com." it is "com". Dotted abbreviations ("U.S.A", "z.B") stay whole.
  const size_t inner_period = word.rfind('.');
  if (inner_period != std::string_view::npos && inner_period + 1 < word.size() &&
      data.abbreviation_kind(word) == AbbreviationKind::kNone && !is_dotted_abbreviation(word)) {
    // The end of an e-mail or web address ("info@example.pl.") is a domain, not the Polish
    // abbreviation "pl." that it spells.
    if (word.find('@') != std::string_view::npos || word.find("://") != std::string_view::npos ||
        word.starts_with("www."))
      return cut;
    word_begin += inner_period + 1;
    word.remove_prefix(inner_period + 1);
  }

  // A list marker ("1.", "b.", "• 3.") is the first token of its sentence; the same token after
  // other words is a number or a letter ("See p. 12. It").
  size_t sentence_begin = segment_start;
  while (sentence_begin < term_begin && is_space(code_point_at(s, sentence_begin, &next)))
    sentence_begin = next;
  ListMarker marker;
  if (parse_list_marker(s, sentence_begin, data, marker) &&
      (marker.label_begin == word_begin || marker.begin == word_begin))  // also "⁃9."
    return std::nullopt;

  const bool number_follows = is_digit(first_after) || is_roman_numeral(word_after);
  AbbreviationKind kind = data.abbreviation_kind(word);
  // A Latin abbreviation in text of another script ("Apple Inc." in Arabic or Russian text) is
  // looked up in the English list, the one such text borrows from. Before a word of a script
  // without case (Arabic, Chinese, Hebrew) nothing tells a sentence start, so it goes on.
  if (kind == AbbreviationKind::kNone && &data != &english && is_ascii_word(word) &&
      first_after >= 0x80 && is_letter(first_after) &&
      (kind = english.abbreviation_kind(word)) != AbbreviationKind::kNone &&
      !is_upper(first_after) && !is_lower(first_after))
    return std::nullopt;
  if (kind == AbbreviationKind::kNonfinal) return std::nullopt;
  // "No. 5", but "I said no. He left."
  if (kind == AbbreviationKind::kNumeric && !number_follows) kind = AbbreviationKind::kNone;

  size_t after_first;
  const UChar32 first = code_point_at(word, 0, &after_first);
  const bool single_letter = after_first == word.size() && is_letter(first);
  if (is_digit(first_after) &&
      (kind != AbbreviationKind::kNone || (single_letter && is_lower(first))))
    return std::nullopt;
  if (kind == AbbreviationKind::kNumeric) return std::nullopt;  // before a Roman numeral

  if (single_letter && is_upper(first)) {
    // An initial ("Jonas E. Smith", "by J. R. R. Tolkien") unless a sentence starter follows
    // ("you and I. Did", "Plan B. The"); never before another initial.
    size_t after_letter;
    code_point_at(word_after, 0, &after_letter);
    const size_t word_after_end = static_cast<size_t>(word_after.data() - s.data()) +
                                  word_after.size();
    const bool initial_follows = is_upper(first_after) && after_letter == word_after.size() &&
                                 word_after_end < s.size() && s[word_after_end] == '.';
    if (initial_follows) return std::nullopt;
    if (!starter_follows) return std::nullopt;
    // The last of a run of initials goes on to the surname, which may begin with a particle
    // that is also a starter ("J.-M. G. Le Clézio", "J. R. De Vries").
    size_t before_word = token_begin;
    size_t start;
    while (before_word > segment_start && is_space(code_point_before(s, before_word, &start)))
      before_word = start;
    if (before_word < token_begin && before_word > segment_start && s[before_word - 1] == '.') {
      size_t previous = before_word;
      while (previous > segment_start && !is_space(code_point_before(s, previous, &start)))
        previous = start;
      if (is_initials(s.substr(previous, before_word - previous))) return std::nullopt;
    }
    return cut;
  }

  // A unit symbol after a number takes no period of its own (SI, RAE, Duden: "9.30 h", "5 m"),
  // so a period after one ends the sentence before a capital ("a las 9.30 h. Sean").
  if (single_letter && kind == AbbreviationKind::kNone && is_upper(first_after) &&
      word_begin == token_begin && token_begin > segment_start + 1 &&
      is_space(code_point_before(s, token_begin)) && is_digit(code_point_before(s, token_begin - 1)))
    return cut;
  if (kind != AbbreviationKind::kNone || is_dotted_abbreviation(word) || single_letter) {
    // Ends the sentence only when a typical sentence opener follows, and the sentence so far is
    // more than a short opening phrase ("At 5 a.m. Mr. Smith went").
    const std::string_view so_far = s.substr(segment_start, cut - segment_start);
    if (starter_follows) return has_more_words_than(so_far, 3) ? std::optional(cut) : std::nullopt;
    // A capitalised word the document also writes in lower case is a common word starting a
    // sentence ("Nvidia Corp. Shares rose" where "shares" occurs), not a name ("Corp. Smith").
    if (is_upper(first_after) && has_more_words_than(so_far, 1) &&
        written_in_lower_case(word_after))
      return cut;
    return std::nullopt;
  }

  if (data.ordinal_dot() &&
      (is_digit(first_after) || (is_upper(first_after) && !starter_follows))) {
    // "am 3. Oktober", "am 3. 10. 2020"
    bool all_digits = word.size() <= 3;
    for (char c : word) all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits) return std::nullopt;
  }
  return cut;
}

// Quotations ending in a stop. In a language whose sentence starters are known, a quoted sentence
// that opens its sentence and is followed by a capitalised word that is not a starter goes on
// ('"Really?" Smith asked.'): the word is the speaker. In Chinese and Japanese, a quotation or
// bracket closing on a stop and directly followed by a CJK character goes on ("他说“好。”就走了。",
// "「はい。」と言った。") unless a colon introduced the quotation ("他说：“很好！”然后离开了。").
bool Splitter::Impl::keep_quotation_end(std::string_view s, size_t close_begin, size_t cut,
                                        size_t next_start, size_t segment_start,
                                        bool starter_follows) {
  // The quotation closing among the closers, if any.
  const std::pair<size_t, size_t>* closed = nullptr;
  bool has_closer = false;
  for (size_t i = close_begin; i < cut;) {
    const size_t at = i;
    const UChar32 c = code_point_at(s, i, &i);
    if (is_space(c)) continue;
    has_closer = true;
    // Quotations do not overlap, so they are sorted by their closing marks too.
    auto it = std::lower_bound(quotations.begin(), quotations.end(), std::make_pair(size_t{0}, at),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
    if (it != quotations.end() && it->second == at) closed = &*it;
  }
  if (!has_closer) return true;

  // Text running on from the closing mark, not a new quotation: "」と", not "」「".
  const UChar32 c = code_point_at(s, next_start);
  if (next_start == cut && joins_without_space(c) && !is_opener(c, data)) {
    if (data.quote_runs_on() >= 0) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      if (script != data.quote_runs_on() && script != USCRIPT_COMMON &&
          script != USCRIPT_INHERITED)
        return true;
    }
    if (closed == nullptr) return false;
    size_t before = closed->first;
    size_t start;
    while (before > 0 && is_space(code_point_before(s, before, &start))) before = start;
    const UChar32 introducer = code_point_before(s, before);
    return data.is_introducer(introducer);
  }

  const std::string_view word_after = next_word(s, next_start, data);
  // A verb of saying right after a quotation introduces its speaker ([speech_verbs]: Arabic
  // '!"" قال هوانغ', where no capital tells a name from a new sentence); not after a bracket.
  if (is_quote_mark(code_point_before(s, cut)) && data.is_speech_verb(word_after)) return false;
  if (closed == nullptr || !data.has_starters() || starter_follows) return true;
  if (!is_upper(code_point_at(word_after, 0))) return true;
  // A capitalised word the document also writes in lower case is a common word beginning the
  // next sentence ('"Enough!" Finally we left'), not the speaker's name.
  if (written_in_lower_case(word_after)) return true;
  size_t sentence_begin = segment_start;
  size_t next;
  while (sentence_begin < closed->first && is_space(code_point_at(s, sentence_begin, &next)))
    sentence_begin = next;
  return sentence_begin != closed->first;
}

// True if `word` is written in lower case somewhere in the document. The set of such words is
// built on the first question, in one pass over the document.
bool Splitter::Impl::written_in_lower_case(std::string_view word) {
  if (!lower_words_built) {
    lower_words_built = true;
    // Word characters as next_word() reads them, with a fast path for ASCII bytes.
    static constexpr auto kAsciiWord = [] {
      std::array<bool, 128> table{};
      for (int c = 0; c < 128; ++c) {
        table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '\'' || c == '-';
      }
      return table;
    }();
    // The length of the word character at `i`, or 0 if there is none.
    auto word_char_length = [&](size_t i) -> size_t {
      const auto byte = static_cast<unsigned char>(document[i]);
      if (byte < 0x80) return kAsciiWord[byte] ? 1 : 0;
      size_t next;
      const UChar32 c = code_point_at(document, i, &next);
      return c == 0x2019 || is_letter(c) || is_digit(c) ? next - i : 0;
    };
    size_t i = 0;
    while (i < document.size()) {
      const size_t first = word_char_length(i);
      if (first == 0) {
        ++i;
        while (i < document.size() && (static_cast<unsigned char>(document[i]) & 0xC0) == 0x80) ++i;
        continue;
      }
      const auto byte = static_cast<unsigned char>(document[i]);
      const bool lower =
          byte < 0x80 ? byte >= 'a' && byte <= 'z' : is_lower(code_point_at(document, i));
      size_t end = i + first;
      while (end < document.size()) {
        const size_t length = word_char_length(end);
        if (length == 0) break;
        end += length;
      }
      if (lower) lower_words.insert(word_hash(document.substr(i, end - i)));
      i = end;
    }
  }
  size_t after_first;
  const UChar32 first = code_point_at(word, 0, &after_first);
  if (!is_upper(first)) return false;
  std::string lowered;
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, u_tolower(first), error);
  if (error) return false;
  lowered.assign(buffer, static_cast<size_t>(length));
  lowered.append(word.substr(after_first));
  return lower_words.contains(word_hash(lowered));
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
  const bool upper_follows = is_upper(code_point_at(next_word(s, after, data), 0));
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
