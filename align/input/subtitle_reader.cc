// SubRip (.srt) and WebVTT (.vtt) readers: one paragraph and one Cue per subtitle cue, its lines
// joined by a space (a line break in a subtitle is layout: where the screen ran out, not where
// the sentence did). <i>, <b>, <u> become inline codes; other tags (SRT <font>, WebVTT voice,
// class, language, ruby and timestamp tags), SSA overrides such as {\an8} and cue settings are
// dropped, because they style the picture, not the text a translator works on.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/input/document_builder.h"
#include "align/input/readers.h"

namespace talign {
namespace {

// White space in a line of a subtitle file (split at '\n').
constexpr std::string_view kCueSpace = " \t\r\f";

bool is_cue_space(char c) { return kCueSpace.find(c) != std::string_view::npos; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_ascii_digit(c)) return false;
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Splits decoded text (LF newlines) into lines; lines_[k] is line k + 1 of the file.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

// Reads "[hh:]mm:ss[.,]fff" from the front of `s` (advancing it); nullopt if it is not one.
// Hours may have any number of digits; minutes and seconds one or two, below 60; the fraction
// one to three digits, read as a decimal fraction of a second.
std::optional<int64_t> read_timestamp(std::string_view& s) {
  std::vector<int64_t> fields;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    int64_t value = 0;
    while (i < s.size() && is_ascii_digit(s[i]) && i - start < 10)
      value = value * 10 + (s[i++] - '0');
    if (i == start) return std::nullopt;
    fields.push_back(value);
    if (i < s.size() && s[i] == ':' && fields.size() < 3) {
      ++i;
      continue;
    }
    break;
  }
  if (fields.size() < 2) return std::nullopt;
  if (i >= s.size() || (s[i] != ',' && s[i] != '.')) return std::nullopt;
  ++i;
  const size_t frac_start = i;
  int64_t millis = 0;
  while (i < s.size() && is_ascii_digit(s[i]) && i - frac_start < 3)
    millis = millis * 10 + (s[i++] - '0');
  const size_t frac_digits = i - frac_start;
  if (frac_digits == 0 || (i < s.size() && is_ascii_digit(s[i]))) return std::nullopt;
  for (size_t d = frac_digits; d < 3; ++d) millis *= 10;
  const int64_t seconds = fields.back();
  const int64_t minutes = fields[fields.size() - 2];
  const int64_t hours = fields.size() == 3 ? fields[0] : 0;
  if (seconds >= 60 || minutes >= 60) return std::nullopt;
  s.remove_prefix(i);
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

struct Timing {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
};

// Parses a timing line "START --> END [settings]"; nullopt when it is not well formed. A cue
// that ends before it starts is kept as a cue of no duration at its start: its text is still
// worth aligning, and the times of its neighbours place it.
std::optional<Timing> parse_timing(std::string_view line) {
  const size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return std::nullopt;
  std::string_view left = trim(line.substr(0, arrow), kCueSpace);
  std::string_view right = trim(line.substr(arrow + 3), kCueSpace);
  const auto start = read_timestamp(left);
  if (!start || !left.empty()) return std::nullopt;
  const auto end = read_timestamp(right);
  // After the end time: WebVTT cue settings or SubRip's X1: coordinates, separated by a space.
  if (!end || (!right.empty() && !is_cue_space(right.front()))) return std::nullopt;
  return Timing{*start, std::max(*start, *end)};
}

// True for a line meant as a timing line: it has the arrow, or starts with a timestamp (a
// mistyped arrow must not turn a timing line into subtitle text).
bool looks_like_timing(std::string_view line) {
  line = trim(line, kCueSpace);
  if (line.find("-->") != std::string_view::npos) return true;
  return read_timestamp(line).has_value();
}

[[noreturn]] void malformed_timing(const std::string& name, std::string_view line, size_t line_no) {
  constexpr size_t kShown = 60;
  std::string shown(trim(line, kCueSpace).substr(0, kShown));
  throw Error(ErrorKind::kData, name,
              "malformed timing line '" + shown +
                  "' (expected [hh:]mm:ss,ttt --> [hh:]mm:ss,ttt)",
              -1, static_cast<int64_t>(line_no));
}

// WebVTT's character references (the only ones its cue text may carry besides numeric ones).
void append_entity_decoded(std::string_view text, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"},        {"&lt;", "<"},          {"&gt;", ">"},
      {"&quot;", "\""},      {"&apos;", "'"},        {"&nbsp;", "\xC2\xA0"},
      {"&lrm;", "\xE2\x80\x8E"}, {"&rlm;", "\xE2\x80\x8F"}};
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '&') {
      bool matched = false;
      for (const auto& [entity, value] : kEntities)
        if (text.substr(i, entity.size()) == entity) {
          out += value;
          i += entity.size();
          matched = true;
          break;
        }
      if (matched) continue;
    }
    out += text[i++];
  }
}

// Feeds one cue's text lines to the builder: tags to codes or nothing, lines joined by spaces.
class CueTextReader {
 public:
  CueTextReader(DocumentBuilder& builder, bool vtt) : builder_(builder), vtt_(vtt) {}

  void add_line(std::string_view line) {
    if (!builder_.paragraph_empty()) builder_.add_text(" ", true);
    size_t i = 0;
    while (i < line.size()) {
      const size_t lt = line.find_first_of(vtt_ ? "<" : "<{", i);
      if (lt == std::string_view::npos) {
        add_plain(line.substr(i));
        break;
      }
      add_plain(line.substr(i, lt - i));
      const size_t consumed = line[lt] == '<' ? tag(line.substr(lt)) : ssa_override(line.substr(lt));
      if (consumed == 0) {
        add_plain(line.substr(lt, 1));  // a '<' or '{' that starts no tag is text ("<3")
        i = lt + 1;
      } else {
        i = lt + consumed;
      }
    }
  }

  // The cue ends: a tag left open closes here (formatting never runs across cues).
  void end_cue() {
    for (const auto& open : open_) builder_.close(open.second);
    open_.clear();
    skip_depth_ = 0;
  }

 private:
  void add_plain(std::string_view text) {
    if (text.empty() || skip_depth_ > 0) return;
    if (vtt_) {
      std::string decoded;
      append_entity_decoded(text, decoded);
      builder_.add_text(decoded, true);
    } else {
      builder_.add_text(text, true);
    }
  }

  // "{\an8}", "{\i1}": SSA override blocks some SubRip files carry; dropped.
  static size_t ssa_override(std::string_view s) {
    if (s.size() < 2 || s[1] != '\\') return 0;
    const size_t close = s.find('}');
    return close == std::string_view::npos ? 0 : close + 1;
  }

  // A tag at the front of `s`: applies it and returns its length, or 0 when it is no tag.
  size_t tag(std::string_view s) {
    const size_t gt = s.find('>');
    if (gt == std::string_view::npos) return 0;
    size_t i = 1;
    const bool closing = i < gt && s[i] == '/';
    if (closing) ++i;
    if (vtt_ && !closing && i < gt && is_ascii_digit(s[i]))
      return gt + 1;  // a timestamp tag <00:01.500>
    std::string name;
    while (i < gt && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) name += lower(s[i++]);
    if (name.empty()) return 0;
    if (i < gt && s[i] != ' ' && s[i] != '.' && s[i] != '\t' && s[i] != '/') return 0;
    std::optional<CodeKind> kind;
    if (name == "i") kind = CodeKind::kItalic;
    else if (name == "b") kind = CodeKind::kBold;
    else if (name == "u") kind = CodeKind::kUnderline;
    if (kind) {
      if (!closing) {
        open_.emplace_back(name, builder_.open(*kind));
      } else {
        close(name);
      }
      return gt + 1;
    }
    // Ruby text is a reading aid over the base text: not part of the sentence.
    if (vtt_ && name == "rt") {
      if (closing) {
        if (skip_depth_ > 0) --skip_depth_;
      } else {
        ++skip_depth_;
      }
      return gt + 1;
    }
    static constexpr std::string_view kDropped[] = {"font", "s", "c", "v", "lang", "ruby", "span"};
    for (std::string_view dropped : kDropped)
      if (name == dropped) return gt + 1;
    return 0;  // an unknown "tag" is text as written
  }

  void close(const std::string& name) {
    for (size_t k = open_.size(); k-- > 0;)
      if (open_[k].first == name) {
        builder_.close(open_[k].second);
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(k));
        return;
      }
  }

  DocumentBuilder& builder_;
  bool vtt_;
  std::vector<std::pair<std::string, size_t>> open_;  // tag name, builder handle
  int skip_depth_ = 0;                                // inside <rt>
};

// True for a WebVTT block that is not a cue: "NOTE", "STYLE" or "REGION" alone or followed by
// white space.
bool is_vtt_metadata_block(std::string_view line) {
  for (std::string_view keyword : {std::string_view("NOTE"), std::string_view("STYLE"),
                                   std::string_view("REGION")})
    if (line.substr(0, keyword.size()) == keyword &&
        (line.size() == keyword.size() || is_cue_space(line[keyword.size()])))
      return true;
  return false;
}

}  // namespace

Document read_srt(std::string_view text, const std::string& name) {
  DocumentBuilder builder(name, InputFormat::kSrt);
  CueTextReader cue_text(builder, false);
  const std::vector<std::string_view> lines = split_lines(text);
  bool have_cue = false;  // a cue has been started (text after a stray blank line joins it)
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string_view line = trim(lines[k], kCueSpace);
    if (line.empty()) continue;
    // A cue starts with its number and a timing line, or (numbers are often missing or wrong)
    // with the timing line alone. A number followed by text is text ("1984").
    size_t timing_line = SIZE_MAX;
    if (looks_like_timing(line)) {
      timing_line = k;
    } else if (all_digits(line) && k + 1 < lines.size() && looks_like_timing(lines[k + 1])) {
      timing_line = k + 1;
    }
    if (timing_line != SIZE_MAX) {
      const auto timing = parse_timing(lines[timing_line]);
      if (!timing) malformed_timing(name, lines[timing_line], timing_line + 1);
      cue_text.end_cue();
      builder.begin_cue(timing->start_ms, timing->end_ms);
      k = timing_line;
      have_cue = true;
      continue;
    }
    if (!have_cue)
      throw Error(ErrorKind::kData, name,
                  "text before the first cue (expected a cue number and a timing line)", -1,
                  static_cast<int64_t>(k + 1));
    cue_text.add_line(line);
  }
  cue_text.end_cue();
  return builder.finish();
}

Document read_vtt(std::string_view text, const std::string& name) {
  DocumentBuilder builder(name, InputFormat::kVtt);
  CueTextReader cue_text(builder, true);
  const std::vector<std::string_view> lines = split_lines(text);
  if (lines.empty() || trim(lines[0], kCueSpace).substr(0, 6) != "WEBVTT")
    throw Error(ErrorKind::kData, name, "not a WebVTT file (the first line is not WEBVTT)", -1, 1);
  size_t k = 0;
  // The header runs to the first blank line.
  while (k < lines.size() && !trim(lines[k], kCueSpace).empty()) {
    if (k > 0 && lines[k].find("-->") != std::string_view::npos) break;  // a cue without a blank line
    ++k;
  }
  while (k < lines.size()) {
    if (trim(lines[k], kCueSpace).empty()) {
      ++k;
      continue;
    }
    // One block: up to the next blank line.
    size_t end = k;
    while (end < lines.size() && !trim(lines[end], kCueSpace).empty()) ++end;
    if (is_vtt_metadata_block(trim(lines[k], kCueSpace)) &&
        lines[k].find("-->") == std::string_view::npos) {
      k = end;
      continue;
    }
    // A cue: an optional identifier line, then the timing line.
    size_t timing_line = k;
    if (!looks_like_timing(lines[k])) timing_line = k + 1;
    if (timing_line >= end || !looks_like_timing(lines[timing_line]))
      throw Error(ErrorKind::kData, name,
                  "a block that is neither a cue nor NOTE, STYLE or REGION (no timing line)", -1,
                  static_cast<int64_t>(k + 1));
    const auto timing = parse_timing(lines[timing_line]);
    if (!timing) malformed_timing(name, lines[timing_line], timing_line + 1);
    builder.begin_cue(timing->start_ms, timing->end_ms);
    for (size_t t = timing_line + 1; t < end; ++t) {
      // A cue's text may not hold "-->": such a line starts a cue whose blank line is missing.
      if (lines[t].find("-->") != std::string_view::npos) {
        const auto next = parse_timing(lines[t]);
        if (!next) malformed_timing(name, lines[t], t + 1);
        cue_text.end_cue();
        builder.begin_cue(next->start_ms, next->end_ms);
        continue;
      }
      cue_text.add_line(trim(lines[t], kCueSpace));
    }
    cue_text.end_cue();
    k = end;
  }
  builder.end_cue();
  return builder.finish();
}

}  // namespace talign
