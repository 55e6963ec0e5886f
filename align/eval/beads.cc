#include "align/eval/beads.h"

#include <charconv>
#include <limits>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/input/document.h"

namespace talign {
namespace {

// Longest excerpt of a bad line quoted in an error, so the message stays one readable line.
constexpr size_t kMaxExcerpt = 60;

// The line as quoted in a message: cut at a UTF-8 character boundary if it is long.
std::string excerpt(std::string_view line) {
  if (line.size() <= kMaxExcerpt) return std::string(line);
  size_t end = kMaxExcerpt;
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
  return std::string(line.substr(0, end)) + "...";
}

// Reads one line token by token; every failure is reported with the same line context.
class LineParser {
 public:
  LineParser(std::string_view line, const std::string& name, size_t byte, int64_t number)
      : line_(line), name_(name), byte_(byte), number_(number) {}

  BeadRecord parse() {
    BeadRecord bead;
    bead.line = number_;
    parse_ids(bead.src, "source");
    skip_space();
    if (!consume(':')) fail("expected ':' between the source and target ids");
    parse_ids(bead.tgt, "target");
    skip_space();
    if (consume(':')) {
      skip_space();
      bead.score = parse_score();
      skip_space();
    }
    if (pos_ != line_.size()) fail("unexpected text after the bead");
    if (bead.src.empty() && bead.tgt.empty()) fail("a bead needs a sentence on at least one side");
    return bead;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(ErrorKind::kData, name_,
                "malformed bead '" + excerpt(trim(line_, kLineSpace)) + "' (" + why + ")",
                static_cast<int64_t>(byte_), number_);
  }

  void skip_space() {
    while (pos_ < line_.size() && is_line_space(line_[pos_])) ++pos_;
  }

  bool consume(char c) {
    if (pos_ < line_.size() && line_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // "[" [id ("," id)*] "]", white space allowed between tokens.
  void parse_ids(std::vector<uint32_t>& ids, const char* side) {
    skip_space();
    if (!consume('[')) fail(std::string("expected '[' before the ") + side + " ids");
    skip_space();
    if (consume(']')) return;
    for (;;) {
      ids.push_back(parse_id());
      skip_space();
      if (consume(']')) return;
      if (!consume(',')) fail(std::string("expected ',' or ']' in the ") + side + " ids");
      skip_space();
    }
  }

  uint32_t parse_id() {
    const size_t start = pos_;
    uint64_t value = 0;
    while (pos_ < line_.size() && is_ascii_digit(line_[pos_])) {
      value = value * 10 + static_cast<uint64_t>(line_[pos_] - '0');
      if (value > std::numeric_limits<uint32_t>::max()) fail("sentence id too large");
      ++pos_;
    }
    // "2.5" must not pass as "2" followed by junk that a later check words confusingly.
    if (pos_ == start || (pos_ < line_.size() && line_[pos_] == '.'))
      fail("sentence ids are non-negative integers");
    return static_cast<uint32_t>(value);
  }

  // A plain decimal number: digits with an optional fraction (no sign, exponent, inf or nan).
  double parse_score() {
    const size_t start = pos_;
    size_t digits = 0, dots = 0;
    while (pos_ < line_.size() && (is_ascii_digit(line_[pos_]) || line_[pos_] == '.')) {
      (line_[pos_] == '.' ? dots : digits) += 1;
      ++pos_;
    }
    double value = -1.0;
    if (digits == 0 || dots > 1) fail("the score is a decimal number in [0,1]");
    const char* first = line_.data() + start;
    const char* last = line_.data() + pos_;
    const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::fixed);
    if (ec != std::errc() || end != last || !(value >= 0.0 && value <= 1.0))
      fail("the score is a decimal number in [0,1]");
    return value;
  }

  std::string_view line_;
  const std::string& name_;
  size_t byte_;
  int64_t number_;
  size_t pos_ = 0;
};

// "[1, 2]:[3]", for messages about a bead that parsed.
std::string format_bead(const BeadRecord& bead) {
  std::string out;
  for (const std::vector<uint32_t>* side : {&bead.src, &bead.tgt}) {
    if (!out.empty()) out += ':';
    out += '[';
    for (size_t i = 0; i < side->size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string((*side)[i]);
    }
    out += ']';
  }
  return out;
}

// Advances `next` over `ids`, throwing at the first id that is not the next one expected.
void check_side(const std::vector<BeadRecord>& beads, size_t index,
                const std::vector<uint32_t>& ids, const char* side, uint32_t& next,
                const std::string& name) {
  for (uint32_t id : ids) {
    if (id == next) {
      ++next;
      continue;
    }
    const BeadRecord& bead = beads[index];
    const std::string what = std::string(side) + (id > next && id - next > 1 ? " ids " : " id ");
    std::string message = "bead ";
    // Beads built in memory have no line to point at; their position in the list stands in.
    // (Appended piece by piece: GCC 12 warns falsely on "literal" + std::string&&, PR 105329.)
    if (bead.line < 0) message.append("#").append(std::to_string(index + 1)).append(" ");
    message += format_bead(bead) + " has " + side + " id " + std::to_string(id) + " where " +
               std::to_string(next) + " was expected (" + what;
    if (id > next) {
      message += std::to_string(next);
      if (id - next > 1) message.append("..").append(std::to_string(id - 1));
      message += " missing or out of order)";
    } else {
      message += std::to_string(id) + " repeated or out of order)";
    }
    throw Error(ErrorKind::kData, name, message, -1, bead.line);
  }
}

}  // namespace

std::vector<BeadRecord> parse_beads(std::string_view text, const std::string& name) {
  std::vector<BeadRecord> beads;
  size_t start = 0;
  int64_t number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++number;
    const std::string_view line = text.substr(start, end - start);
    if (!trim(line, kLineSpace).empty())
      beads.push_back(LineParser(line, name, start, number).parse());
    start = end + 1;
  }
  return beads;
}

std::vector<BeadRecord> read_beads(const std::string& path) {
  const Document doc = read_document(path);
  return parse_beads(doc.text, path);
}

void check_coverage(const std::vector<BeadRecord>& beads, const std::string& name) {
  uint32_t next_src = 0, next_tgt = 0;
  for (size_t i = 0; i < beads.size(); ++i) {
    check_side(beads, i, beads[i].src, "source", next_src, name);
    check_side(beads, i, beads[i].tgt, "target", next_tgt, name);
  }
}

}  // namespace talign
