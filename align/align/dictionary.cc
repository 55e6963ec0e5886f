#include "align/align/dictionary.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <unordered_set>
#include <utility>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/input/document.h"

namespace talign {
namespace {

enum class DictionaryFormat { kUnknown, kTsv, kHunalign, kCedict };

constexpr std::string_view kHunalignSeparator = " @ ";

// `s` without leading and trailing blanks, each inner run of blanks replaced by one space.
std::string normalize_phrase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_line_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// True for a line parse() skips: blank, or a comment ('#' as the first non-blank character).
bool is_skipped(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_line_space(line[i])) ++i;
  return i == line.size() || line[i] == '#';
}

// --- CC-CEDICT: "TRAD SIMP [pin1 yin1] /gloss/gloss/" ----------------------------------------
// The gloss rules are those of scripts/get-dict (see reduce_cedict_gloss in the header); the
// names below follow the script's so that the two can be read side by side.

constexpr size_t kMaxGlossWords = 4;
constexpr std::array<std::string_view, 6> kDropFirst = {"see", "cf.", "cf", "abbr.", "abbr", "pr."};
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kDropFirstTwo = {
    {{"used", "in"},
     {"used", "for"},
     {"used", "as"},
     {"also", "written"},
     {"also", "pr."},
     {"also", "called"},
     {"also", "see"},
     {"also", "read"},
     {"refers", "to"},
     {"same", "as"},
     {"classifier", "for"},
     {"taiwan", "pr."},
     {"abbreviation", "for"},
     {"abbreviation", "of"},
     {"name", "of"},
     {"old", "name"}}};
constexpr std::array<std::string_view, 7> kRemovedWords = {"sb",    "sth", "sb's", "sth's",
                                                           "one's", "etc", "etc."};

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Han, kana, hangul, bopomofo, CJK symbols and fullwidth forms: a gloss with one refers to
// another entry ("variant of 碗[wan3]") instead of translating.
bool is_cjk(UChar32 c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Whether any code point of `s` passes `test` (ill-formed bytes never do).
template <typename Test>
bool any_code_point(std::string_view s, Test test) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c >= 0 && test(c)) return true;
  }
  return false;
}

// A letter or a number (Unicode L* or N*), as Python's str.isalnum() in get-dict.
bool is_alnum(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0; }

// Bracketed text, nested or not, as one space; an unclosed bracket drops the rest.
std::string without_brackets(std::string_view text) {
  std::string out;
  int depth = 0;
  for (char c : text) {
    if (c == '(' || c == '[' || c == '{') {
      if (depth == 0) out.push_back(' ');
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

size_t word_count(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
}

// One ';'-separated alternative of a gloss, reduced (rules 4 to 6); "" when nothing usable.
std::string reduce_alternative(std::string_view text) {
  text = trim(text, " \t,;:");
  std::vector<std::string_view> words;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = std::min(text.find_first_of(" \t", pos), text.size());
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (words.empty() || any_code_point(text, is_cjk)) return {};
  std::vector<std::string> lower;
  for (std::string_view w : words) lower.push_back(ascii_lower(w));
  if (contains(kDropFirst, lower[0])) return {};
  for (const auto& [first, second] : kDropFirstTwo)
    if (lower.size() >= 2 && lower[0] == first && lower[1] == second) return {};
  for (size_t i = 0; i + 1 < lower.size(); ++i)
    if (lower[i] == "variant" && lower[i + 1] == "of") return {};
  if (lower[0] == "surname") return words.size() == 2 ? std::string(words[1]) : std::string();
  size_t first = 0;
  const auto left = [&] { return words.size() - first; };
  if (left() > 1 && (lower[first] == "lit." || lower[first] == "fig.")) ++first;
  if (left() > 1 && lower[first] == "to") {
    ++first;
    if (left() > 1 && lower[first] == "be") ++first;
  }
  if (left() > 1 && (lower[first] == "a" || lower[first] == "an" || lower[first] == "the")) ++first;
  std::string joined;
  for (size_t i = first; i < words.size(); ++i) {
    if (contains(kRemovedWords, lower[i])) continue;
    if (!joined.empty()) joined.push_back(' ');
    joined.append(words[i]);
  }
  std::string_view kept = trim(joined, " ,;:");
  if (word_count(kept) > kMaxGlossWords && kept.find(',') != std::string_view::npos)
    kept = trim(kept.substr(0, kept.find(',')), " ,;:");
  if (kept.empty() || word_count(kept) > kMaxGlossWords || !any_code_point(kept, is_alnum))
    return {};
  return std::string(kept);
}

// Splits a CC-CEDICT line into its headwords and the text between the first and last '/';
// false if the line does not have the shape "TRAD SIMP [...] /.../".
bool split_cedict(std::string_view line, std::string_view& traditional,
                  std::string_view& simplified, std::string_view& glosses) {
  line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
  const size_t space1 = line.find(' ');
  if (space1 == std::string_view::npos || space1 == 0) return false;
  const size_t space2 = line.find(' ', space1 + 1);
  if (space2 == std::string_view::npos || space2 == space1 + 1) return false;
  traditional = line.substr(0, space1);
  simplified = line.substr(space1 + 1, space2 - space1 - 1);
  if (traditional.find('\t') != std::string_view::npos ||
      simplified.find('\t') != std::string_view::npos)
    return false;
  if (line.substr(space2 + 1, 1) != "[") return false;
  const size_t close = line.find(']', space2 + 2);
  if (close == std::string_view::npos || line.substr(close + 1, 2) != " /") return false;
  if (line.size() < close + 4 || line.back() != '/') return false;
  glosses = line.substr(close + 3, line.size() - 1 - (close + 3));
  return true;
}

// The entries of one CC-CEDICT line (possibly none); false if it is not one.
bool cedict_entries(std::string_view line, std::vector<DictionaryEntry>& out) {
  std::string_view traditional, simplified, glosses;
  if (!split_cedict(line, traditional, simplified, glosses)) return false;
  std::vector<std::string> reduced;
  size_t pos = 0;
  while (true) {
    const size_t slash = std::min(glosses.find('/', pos), glosses.size());
    for (std::string& item : reduce_cedict_gloss(glosses.substr(pos, slash - pos)))
      if (std::find(reduced.begin(), reduced.end(), item) == reduced.end())
        reduced.push_back(std::move(item));
    if (slash == glosses.size()) break;
    pos = slash + 1;
  }
  for (std::string_view head : {simplified, traditional}) {
    for (const std::string& item : reduced) out.push_back({std::string(head), item});
    if (traditional == simplified) break;
  }
  return true;
}

// Splits `line` in the given format into `out` (one entry; any number for CC-CEDICT); false if
// it does not fit (no separator, not the CC-CEDICT shape or an empty side).
bool split_line(std::string_view line, DictionaryFormat format, std::vector<DictionaryEntry>& out) {
  if (format == DictionaryFormat::kCedict) return cedict_entries(line, out);
  DictionaryEntry entry;
  if (format == DictionaryFormat::kTsv) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    std::string_view rest = line.substr(tab + 1);
    rest = rest.substr(0, rest.find('\t'));  // further columns (scores, notes) are ignored
    entry.src = normalize_phrase(line.substr(0, tab));
    entry.tgt = normalize_phrase(rest);
  } else {
    // Collapsing first lets "Haus  @\tmaison" through; a second separator makes the line
    // ambiguous, so it is rejected rather than guessed at.
    const std::string collapsed = normalize_phrase(line);
    const size_t at = collapsed.find(kHunalignSeparator);
    if (at == std::string::npos || collapsed.find(kHunalignSeparator, at + 1) != std::string::npos)
      return false;
    entry.tgt = collapsed.substr(0, at);
    entry.src = collapsed.substr(at + kHunalignSeparator.size());
  }
  if (entry.src.empty() || entry.tgt.empty()) return false;
  out.push_back(std::move(entry));
  return true;
}

// The position reported for a malformed line: given the 1-based line and the byte offset of its
// start in the parsed text, returns the byte offset to report.
using PositionMap = std::function<int64_t(int64_t line, int64_t text_byte)>;

// Does the work of Dictionary::parse(), reporting malformed lines at map(line, offset).
std::vector<DictionaryEntry> parse_entries(std::string_view text, const std::string& name,
                                           const PositionMap& map) {
  std::vector<DictionaryEntry> entries;
  std::unordered_set<std::string> seen;  // "src\ttgt": normalised phrases contain no tab
  std::vector<DictionaryEntry> line_entries;
  DictionaryFormat format = DictionaryFormat::kUnknown;
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    ++line_number;
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const size_t line_start = start;
    start = end + 1;
    if (is_skipped(line)) continue;
    if (format == DictionaryFormat::kUnknown) {
      std::string_view unused;
      if (line.find('\t') != std::string_view::npos)
        format = DictionaryFormat::kTsv;
      else if (split_cedict(line, unused, unused, unused))
        format = DictionaryFormat::kCedict;
      else
        format = DictionaryFormat::kHunalign;
    }
    line_entries.clear();
    if (!split_line(line, format, line_entries)) {
      throw Error(ErrorKind::kData, name, "malformed dictionary entry",
                  map(line_number, static_cast<int64_t>(line_start)), line_number);
    }
    for (DictionaryEntry& entry : line_entries) {
      std::string key = entry.src + '\t' + entry.tgt;
      if (seen.insert(std::move(key)).second) entries.push_back(std::move(entry));
    }
  }
  if (entries.empty()) throw Error(ErrorKind::kData, name, "no entries");
  return entries;
}

// Length of the line break at bytes[i] in the file as stored and how many LFs decode_document
// turns it into (CR LF, CR, LF, NEL, U+2028: one; form feed, U+2029: two); {0, 0} for no break.
std::pair<size_t, int> utf8_break_at(std::string_view bytes, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char c = byte(i);
  if (c == '\n') return {1, 1};
  if (c == '\r') return {i + 1 < bytes.size() && bytes[i + 1] == '\n' ? 2 : 1, 1};
  if (c == '\f') return {1, 2};
  if (c == 0xC2 && i + 1 < bytes.size() && byte(i + 1) == 0x85) return {2, 1};
  if (c == 0xE2 && i + 2 < bytes.size() && byte(i + 1) == 0x80) {
    if (byte(i + 2) == 0xA8) return {3, 1};
    if (byte(i + 2) == 0xA9) return {3, 2};
  }
  return {0, 0};
}

// The byte offset in `bytes` (a file as stored, already decoded once without error as `encoding`)
// at which 1-based `line` of the decoded text starts: just after the BOM for line 1, just after
// the (line - 1)th line break otherwise. -1 if the file has fewer lines.
int64_t stored_line_start(std::string_view bytes, Encoding encoding, int64_t line) {
  const bool utf16 = encoding == Encoding::kUtf16Le || encoding == Encoding::kUtf16Be;
  size_t i = 0;
  if (encoding == Encoding::kUtf8Bom) {
    i = 3;
  } else if (utf16 && bytes.size() >= 2 &&
             (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    i = 2;
  }
  int64_t breaks = 0;  // LFs of the decoded text so far
  const auto unit_at = [&](size_t k) -> uint32_t {
    const auto b0 = static_cast<unsigned char>(bytes[k]),
               b1 = static_cast<unsigned char>(bytes[k + 1]);
    return encoding == Encoding::kUtf16Be ? (b0 << 8) | b1 : (b1 << 8) | b0;
  };
  while (breaks < line - 1) {
    if (utf16) {
      if (i + 1 >= bytes.size()) return -1;
      const uint32_t unit = unit_at(i);
      i += (unit >= 0xD800 && unit <= 0xDBFF) ? 4 : 2;
      if (unit == '\r') {
        if (i + 1 < bytes.size() && unit_at(i) == '\n') i += 2;
        breaks += 1;
      } else if (unit == '\n' || unit == 0x85 || unit == 0x2028) {
        breaks += 1;
      } else if (unit == '\f' || unit == 0x2029) {
        breaks += 2;
      }
    } else {
      if (i >= bytes.size()) return -1;
      const auto [length, lfs] = utf8_break_at(bytes, i);
      i += length > 0 ? length : 1;
      breaks += lfs;
    }
  }
  return static_cast<int64_t>(i);
}

}  // namespace

std::vector<std::string> reduce_cedict_gloss(std::string_view gloss) {
  std::vector<std::string> out;
  if (gloss.substr(0, 3) == "CL:") return out;
  const std::string text = without_brackets(gloss);
  size_t pos = 0;
  while (true) {
    const size_t end = std::min(text.find(';', pos), text.size());
    std::string item = reduce_alternative(std::string_view(text).substr(pos, end - pos));
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end())
      out.push_back(std::move(item));
    if (end == text.size()) break;
    pos = end + 1;
  }
  return out;
}

bool Dictionary::fits_reversed(const PhraseWords& words, const WordTest& in_source,
                               const WordTest& in_target) const {
  enum : unsigned { kSource = 1, kTarget = 2 };
  const auto sides = [&](std::string_view phrase) {
    unsigned found = 0;
    for (const std::string& w : words(phrase)) {
      if (!(found & kSource) && in_source(w)) found |= kSource;
      if (!(found & kTarget) && in_target(w)) found |= kTarget;
      if (found == (kSource | kTarget)) break;
    }
    return found;
  };
  size_t as_written = 0, reversed = 0;
  const std::string* last_src = nullptr;  // CC-CEDICT lists a headword's glosses in a row
  unsigned src_sides = 0;
  for (const DictionaryEntry& e : entries_) {
    if (last_src == nullptr || *last_src != e.src) src_sides = sides(e.src);
    last_src = &e.src;
    const unsigned tgt_sides = sides(e.tgt);
    as_written += (src_sides & kSource) && (tgt_sides & kTarget);
    reversed += (tgt_sides & kSource) && (src_sides & kTarget);
  }
  return reversed > as_written;
}

Dictionary Dictionary::parse(std::string_view text, const std::string& name) {
  Dictionary dictionary;
  dictionary.entries_ =
      parse_entries(text, name, [](int64_t, int64_t text_byte) { return text_byte; });
  return dictionary;
}

Dictionary Dictionary::load(const std::string& path) {
  const Document document = read_document(path);
  // The decoded text has lost the BOM, CRs and the UTF-16 widths, so a position in it would
  // point elsewhere in the file. Only when an entry is malformed is the file read again to
  // find where that line starts as stored; standard input cannot be read again.
  const PositionMap map = [&](int64_t line, int64_t text_byte) -> int64_t {
    if (path == "-") return text_byte;
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const int64_t stored = in.bad() ? -1 : stored_line_start(bytes, document.encoding, line);
    return stored >= 0 ? stored : text_byte;
  };
  Dictionary dictionary;
  dictionary.entries_ = parse_entries(document.text, path, map);
  return dictionary;
}

}  // namespace talign
