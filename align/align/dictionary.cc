#include "align/align/dictionary.h"

#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <unordered_set>
#include <utility>

#include "align/common/error.h"
#include "align/input/document.h"

namespace talign {
namespace {

enum class Format { kUnknown, kTsv, kHunalign };

constexpr std::string_view kHunalignSeparator = " @ ";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// `s` without leading and trailing blanks, each inner run of blanks replaced by one space.
std::string normalize_phrase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_blank(c)) {
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
  while (i < line.size() && is_blank(line[i])) ++i;
  return i == line.size() || line[i] == '#';
}

// Splits `line` in the given format; false if it does not fit (no separator or an empty side).
bool split_entry(std::string_view line, Format format, DictionaryEntry& entry) {
  if (format == Format::kTsv) {
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
  return !entry.src.empty() && !entry.tgt.empty();
}

// The position reported for a malformed line: given the 1-based line and the byte offset of its
// start in the parsed text, returns the byte offset to report.
using PositionMap = std::function<int64_t(int64_t line, int64_t text_byte)>;

// Does the work of Dictionary::parse(), reporting malformed lines at map(line, offset).
std::vector<DictionaryEntry> parse_entries(std::string_view text, const std::string& name,
                                           const PositionMap& map) {
  std::vector<DictionaryEntry> entries;
  std::unordered_set<std::string> seen;  // "src\ttgt": normalised phrases contain no tab
  Format format = Format::kUnknown;
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
    if (format == Format::kUnknown) {
      format = line.find('\t') != std::string_view::npos ? Format::kTsv : Format::kHunalign;
    }
    DictionaryEntry entry;
    if (!split_entry(line, format, entry)) {
      throw Error(ErrorKind::kData, name, "malformed dictionary entry",
                  map(line_number, static_cast<int64_t>(line_start)), line_number);
    }
    std::string key = entry.src + '\t' + entry.tgt;
    if (seen.insert(std::move(key)).second) entries.push_back(std::move(entry));
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
