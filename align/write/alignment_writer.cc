#include "align/write/alignment_writer.h"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "align/common/error.h"
#include "align/common/version.h"
#include "align/split/language_data.h"
#include "align/write/escape.h"
#include "align/write/report_writer.h"

namespace talign {
namespace {

// Scores are compared as printed: a bead shown as 0.531 passes --min-score 0.531.
// An unknown score is never below: --min-score judges talign's own scores only.
bool below(float score, double min_score) {
  return score >= 0 && std::round(score * 1000.0) < std::round(min_score * 1000.0);
}

std::string id_list(uint32_t begin, uint32_t count, const char* separator, uint32_t base) {
  std::string out;
  for (uint32_t k = 0; k < count; ++k) {
    if (k) out += separator;
    out += std::to_string(begin + k + base);
  }
  return out;
}

// Tabs and line breaks inside a segment would break line- and tab-separated layouts.
std::string one_field(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}

// Line breaks would shift a line-per-segment layout (Moses keeps tabs: it has no columns).
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

// The text of sentences [begin, begin + count) joined, controls replaced (counted in `stats`).
std::string segment(const SentenceList& sentences, uint32_t begin, uint32_t count,
                    const std::string& lang, WriteStats& stats) {
  std::string text = join_sentences(sentences, begin, count, lang);
  stats.invalid_characters += replace_controls(text);
  return text;
}

// True if bead `b` holds text on some side: a bead of paragraph markers alone (presplit `<p>`
// lines) is left out of every format that writes text, uncounted.
bool has_text(const Bead& b, const AlignedDocuments& d) {
  return text_sentences(d.src, b.src_begin, b.src_count) > 0 ||
         text_sentences(d.tgt, b.tgt_begin, b.tgt_count) > 0;
}

// True if a pair format writes bead `b`; counts what it leaves out. A side of markers alone is
// an empty side.
bool pair_wanted(const Bead& b, const AlignedDocuments& d, WriteStats& stats) {
  if (!has_text(b, d)) return false;
  if ((text_sentences(d.src, b.src_begin, b.src_count) == 0 ||
       text_sentences(d.tgt, b.tgt_begin, b.tgt_count) == 0) &&
      !d.keep_unmatched) {
    ++stats.unmatched_left_out;
    return false;
  }
  if (below(b.score, d.min_score)) {
    ++stats.below_min_score;
    return false;
  }
  ++stats.units;
  return true;
}

// A format written to one file: opens it, writes the body, commits.
class SingleFileWriter : public AlignmentWriter {
 public:
  WriteStats write(const AlignedDocuments& d, const std::string& path) const override {
    WriteStats stats;
    OutputFile out(path);
    write_body(d, out, stats);
    out.commit();
    return stats;
  }

 protected:
  virtual void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const = 0;
};

// "[i, j]:[k]:SCORE" per bead, every bead (the ids cover both documents).
class BeadsWriter : public SingleFileWriter {
 public:
  bool lists_every_bead() const override { return true; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    for (const Bead& b : d.alignment.beads) {
      out.write("[" + id_list(b.src_begin, b.src_count, ", ", 0) + "]:[" +
                id_list(b.tgt_begin, b.tgt_count, ", ", 0) + "]" +
                (b.score >= 0 ? ":" + format_score(b.score) : std::string()) + "\n");
      ++stats.units;
    }
  }
};

// "source<TAB>target<TAB>score": `text` lists every bead (an unmatched sentence has an empty
// side); `tsv` is the pair format (unmatched left out unless asked, --min-score applies).
class TabWriter : public SingleFileWriter {
 public:
  explicit TabWriter(bool every_bead) : every_bead_(every_bead) {}
  bool lists_every_bead() const override { return every_bead_; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    for (const Bead& b : d.alignment.beads) {
      if (every_bead_) {
        if (!has_text(b, d)) continue;
        if (below(b.score, d.min_score)) {
          ++stats.below_min_score;
          continue;
        }
        ++stats.units;
      } else if (!pair_wanted(b, d, stats)) {
        continue;
      }
      out.write(one_field(segment(d.src, b.src_begin, b.src_count, d.src_lang, stats)) + "\t" +
                one_field(segment(d.tgt, b.tgt_begin, b.tgt_count, d.tgt_lang, stats)) + "\t" +
                format_score(b.score) + "\n");
    }
  }

 private:
  bool every_bead_;
};

// One object per bead: {"src_ids":[..],"tgt_ids":[..],"src":"..","tgt":"..","score":0.93}.
class JsonlWriter : public SingleFileWriter {
 public:
  bool lists_every_bead() const override { return true; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    std::string line;
    for (const Bead& b : d.alignment.beads) {
      if (!has_text(b, d)) continue;
      line = "{\"src_ids\":[" + id_list(b.src_begin, b.src_count, ",", 0) + "],\"tgt_ids\":[" +
             id_list(b.tgt_begin, b.tgt_count, ",", 0) + "],\"src\":";
      append_json_string(segment(d.src, b.src_begin, b.src_count, d.src_lang, stats), line);
      line += ",\"tgt\":";
      append_json_string(segment(d.tgt, b.tgt_begin, b.tgt_count, d.tgt_lang, stats), line);
      line += ",\"score\":" + (b.score >= 0 ? format_score(b.score) : std::string("null")) + "}\n";
      out.write(line);
      ++stats.units;
    }
  }
};

// hunalign's ladder: a rung "i<TAB>j<TAB>score" where each bead starts, and the end rung
// "n<TAB>m<TAB>1.000".
class LadderWriter : public SingleFileWriter {
 public:
  bool lists_every_bead() const override { return true; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    for (const Bead& b : d.alignment.beads) {
      out.write(std::to_string(b.src_begin) + "\t" + std::to_string(b.tgt_begin) + "\t" +
                format_score(b.score) + "\n");
      ++stats.units;
    }
    out.write(std::to_string(d.src.size()) + "\t" + std::to_string(d.tgt.size()) + "\t1.000\n");
  }
};

// Moses: PATH.SRC and PATH.TGT (language codes as extensions), line i of one translating line
// i of the other.
class MosesWriter : public AlignmentWriter {
 public:
  bool lists_every_bead() const override { return false; }

  WriteStats write(const AlignedDocuments& d, const std::string& path) const override {
    if (path == "-")
      throw Error(ErrorKind::kUsage, "", "the moses format writes two files: give -o PREFIX");
    if (d.src_lang == d.tgt_lang)
      throw Error(ErrorKind::kUsage, "", "moses output needs two different language codes");
    WriteStats stats;
    OutputFile src_out(path + "." + d.src_lang);
    OutputFile tgt_out(path + "." + d.tgt_lang);
    for (const Bead& b : d.alignment.beads) {
      if (!pair_wanted(b, d, stats)) continue;
      src_out.write(one_line(segment(d.src, b.src_begin, b.src_count, d.src_lang, stats)) + "\n");
      tgt_out.write(one_line(segment(d.tgt, b.tgt_begin, b.tgt_count, d.tgt_lang, stats)) + "\n");
    }
    src_out.commit();
    tgt_out.commit();
    return stats;
  }
};

// TMX 1.4b, valid against the LISA DTD: the source <tuv> first (translate-toolkit reads the first
// as the source), props for the score and the bead type.
class TmxWriter : public SingleFileWriter {
 public:
  bool lists_every_bead() const override { return false; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
                       "  <header creationtool=\"talign\" creationtoolversion=\"";
    text += version();
    text += "\" segtype=\"sentence\" o-tmf=\"talign\" adminlang=\"en\" srclang=\"";
    append_xml_text(d.src_lang, text, stats.invalid_characters);
    text += "\" datatype=\"plaintext\" creationdate=\"" + d.creation_date + "\"/>\n  <body>\n";
    out.write(text);
    size_t tuid = 0;
    for (const Bead& b : d.alignment.beads) {
      if (!pair_wanted(b, d, stats)) continue;
      text = "    <tu tuid=\"" + std::to_string(++tuid) + "\" creationdate=\"" + d.creation_date +
             "\">\n";
      if (b.score >= 0)
        text += "      <prop type=\"x-talign-score\">" + format_score(b.score) + "</prop>\n";
      text += "      <prop type=\"x-talign-bead\">" + b.type() + "</prop>\n";
      auto variant = [&](const SentenceList& sentences, const SentenceCodes* codes,
                         uint32_t begin, uint32_t count, const std::string& lang) {
        if (text_sentences(sentences, begin, count) == 0) return;
        text += "      <tuv xml:lang=\"";
        append_xml_text(lang, text, stats.invalid_characters);
        text += "\"><seg>";
        append_tmx_segment(sentences, codes, begin, count, lang, text, stats.invalid_characters);
        text += "</seg></tuv>\n";
      };
      variant(d.src, d.src_codes, b.src_begin, b.src_count, d.src_lang);
      variant(d.tgt, d.tgt_codes, b.tgt_begin, b.tgt_count, d.tgt_lang);
      text += "    </tu>\n";
      out.write(text);
    }
    out.write("  </body>\n</tmx>\n");
  }
};

// OPUS XCES: a <linkGrp> of <link xtargets="2 3;4" certainty="0.9"/>, ids 1-based as the <s id>
// of OPUS documents, every bead (an unmatched sentence has an empty side).
class XcesWriter : public SingleFileWriter {
 public:
  bool lists_every_bead() const override { return true; }

 protected:
  void write_body(const AlignedDocuments& d, OutputFile& out, WriteStats& stats) const override {
    std::string text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cesAlign version=\"1.0\">\n"
        "  <linkGrp targType=\"s\" fromDoc=\"";
    append_xml_text(d.src_name, text, stats.invalid_characters);
    text += "\" toDoc=\"";
    append_xml_text(d.tgt_name, text, stats.invalid_characters);
    text += "\">\n";
    out.write(text);
    for (const Bead& b : d.alignment.beads) {
      out.write("    <link xtargets=\"" + id_list(b.src_begin, b.src_count, " ", 1) + ";" +
                id_list(b.tgt_begin, b.tgt_count, " ", 1) + "\"" +
                (b.score >= 0 ? " certainty=\"" + format_score(b.score) + "\"" : std::string()) +
                "/>\n");
      ++stats.units;
    }
    out.write("  </linkGrp>\n</cesAlign>\n");
  }
};

}  // namespace


bool joined_with_space(std::string_view previous, std::string_view next, std::string_view lang) {
  const std::string primary = primary_language(lang);
  if (primary == "zh" || primary == "ja" || primary == "th" || primary == "lo" ||
      primary == "km" || primary == "my" || primary == "yue" || primary == "wuu")
    return false;
  if (previous.empty() || next.empty()) return true;
  // Decide by the characters on both sides, so that an unlisted language written in such a
  // script joins right too.
  UChar32 last, first;
  int32_t end = static_cast<int32_t>(previous.size()), start = 0;
  U8_PREV(previous.data(), 0, end, last);
  U8_NEXT(next.data(), start, static_cast<int32_t>(next.size()), first);
  return !(is_unspaced_script(last) && is_unspaced_script(first));
}

std::string join_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count,
                           std::string_view lang) {
  std::string out;
  int64_t previous = -1;  // the last sentence joined
  for (uint32_t i = begin; i < begin + count; ++i) {
    if (sentences.is_marker(i)) continue;
    const std::string_view next = sentences.text(i);
    if (previous >= 0 && joined_with_space(sentences.text(size_t(previous)), next, lang))
      out.push_back(' ');
    out.append(next);
    previous = i;
  }
  return out;
}

namespace {

// The native tags of a code as a CAT tool shows them, and its TMX type attribute.
std::string opening_tag(const InlineCode& c) {
  switch (c.kind) {
    case CodeKind::kBold: return "<b>";
    case CodeKind::kItalic: return "<i>";
    case CodeKind::kUnderline: return "<u>";
    case CodeKind::kLink: return "<a href=\"" + c.native + "\">";
    case CodeKind::kSpan: return c.native.empty() ? "<span>" : "<" + c.native + ">";
    case CodeKind::kLineBreak: return "<br/>";
    case CodeKind::kFootnote: return "<sup>" + c.native + "</sup>";
    case CodeKind::kPlaceholder: return c.native.empty() ? "<x/>" : c.native;
  }
  return "";
}

std::string closing_tag(const InlineCode& c) {
  switch (c.kind) {
    case CodeKind::kBold: return "</b>";
    case CodeKind::kItalic: return "</i>";
    case CodeKind::kUnderline: return "</u>";
    case CodeKind::kLink: return "</a>";
    case CodeKind::kSpan: return c.native.empty() ? "</span>" : "</" + c.native + ">";
    default: return "";
  }
}

const char* tmx_type(CodeKind kind) {
  switch (kind) {
    case CodeKind::kBold: return "bold";
    case CodeKind::kItalic: return "italic";
    case CodeKind::kUnderline: return "ulined";
    case CodeKind::kLink: return "link";
    case CodeKind::kLineBreak: return "lb";
    case CodeKind::kFootnote: return "fnote";
    case CodeKind::kPlaceholder: return "image";
    case CodeKind::kSpan: return nullptr;
  }
  return nullptr;
}

}  // namespace

void append_tmx_segment(const SentenceList& sentences, const SentenceCodes* codes, uint32_t begin,
                        uint32_t count, std::string_view lang, std::string& out,
                        size_t& invalid_characters) {
  if (codes == nullptr || codes->empty()) {
    append_xml_text(join_sentences(sentences, begin, count, lang), out, invalid_characters);
    return;
  }
  // The segment's codes in order; an <it pos="begin"> and an <it pos="end"> of one code inside
  // the segment (a pair cut by a boundary between two of its sentences) become a pair again.
  std::vector<uint32_t> order;  // the text sentences joined
  for (uint32_t i = begin; i < begin + count; ++i)
    if (!sentences.is_marker(i)) order.push_back(i);
  std::vector<PlacedCode> tags;
  std::vector<uint32_t> tag_sentence;
  for (uint32_t i : order)
    for (const PlacedCode& p : codes->of(i)) {
      tags.push_back(p);
      tag_sentence.push_back(i);
    }
  for (size_t a = 0; a < tags.size(); ++a) {
    if (tags[a].role != CodeRole::kOpenCut) continue;
    for (size_t b = a + 1; b < tags.size(); ++b)
      if (tags[b].code == tags[a].code && tags[b].role == CodeRole::kCloseCut) {
        tags[a].role = CodeRole::kOpen;
        tags[b].role = CodeRole::kClose;
        break;
      }
  }
  // Pair numbers (TMX's i) by order of opening within the segment.
  std::vector<std::pair<uint32_t, int>> pair_number;  // (code, i)
  int next_i = 0, next_x = 0;
  auto number_of = [&](uint32_t code) {
    for (const auto& [c, i] : pair_number)
      if (c == code) return i;
    pair_number.emplace_back(code, ++next_i);
    return next_i;
  };
  auto attribute_type = [](std::string& s, CodeKind kind) {
    if (const char* type = tmx_type(kind)) s += std::string(" type=\"") + type + "\"";
  };
  size_t tag = 0;
  int64_t previous = -1;
  for (uint32_t i : order) {
    const std::string_view text = sentences.text(i);
    if (previous >= 0 && joined_with_space(sentences.text(size_t(previous)), text, lang))
      out.push_back(' ');
    previous = i;
    size_t at = 0;
    for (; tag < tags.size() && tag_sentence[tag] == i; ++tag) {
      const PlacedCode& p = tags[tag];
      const size_t offset = std::min<size_t>(p.offset, text.size());
      append_xml_text(text.substr(at, offset - at), out, invalid_characters);
      at = offset;
      const InlineCode& c = codes->code(p.code);
      switch (p.role) {
        case CodeRole::kOpen:
          out += "<bpt i=\"" + std::to_string(number_of(p.code)) + "\"";
          attribute_type(out, c.kind);
          out += ">";
          append_xml_text(opening_tag(c), out, invalid_characters);
          out += "</bpt>";
          break;
        case CodeRole::kClose:
          out += "<ept i=\"" + std::to_string(number_of(p.code)) + "\">";
          append_xml_text(closing_tag(c), out, invalid_characters);
          out += "</ept>";
          break;
        case CodeRole::kOpenCut:
          out += "<it pos=\"begin\"";
          attribute_type(out, c.kind);
          out += ">";
          append_xml_text(opening_tag(c), out, invalid_characters);
          out += "</it>";
          break;
        case CodeRole::kCloseCut:
          out += "<it pos=\"end\"";
          attribute_type(out, c.kind);
          out += ">";
          append_xml_text(closing_tag(c), out, invalid_characters);
          out += "</it>";
          break;
        case CodeRole::kIsolated:
          out += "<ph x=\"" + std::to_string(++next_x) + "\"";
          attribute_type(out, c.kind);
          out += ">";
          append_xml_text(opening_tag(c), out, invalid_characters);
          out += "</ph>";
          break;
      }
    }
    append_xml_text(text.substr(at), out, invalid_characters);
  }
}

uint32_t text_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count) {
  if (sentences.marker_count() == 0) return count;
  uint32_t text = 0;
  for (uint32_t i = begin; i < begin + count; ++i) text += !sentences.is_marker(i);
  return text;
}

std::vector<std::string> writer_formats() {
  return {"beads", "text", "tmx", "tsv", "moses", "jsonl", "ladder", "xces", "html"};
}

std::unique_ptr<AlignmentWriter> make_writer(std::string_view format) {
  if (format == "beads") return std::make_unique<BeadsWriter>();
  if (format == "text") return std::make_unique<TabWriter>(true);
  if (format == "tsv") return std::make_unique<TabWriter>(false);
  if (format == "tmx") return std::make_unique<TmxWriter>();
  if (format == "moses") return std::make_unique<MosesWriter>();
  if (format == "jsonl") return std::make_unique<JsonlWriter>();
  if (format == "ladder") return std::make_unique<LadderWriter>();
  if (format == "xces") return std::make_unique<XcesWriter>();
  if (format == "html") return make_report_writer();
  std::string names;
  for (const std::string& name : writer_formats()) names += (names.empty() ? "" : ", ") + name;
  throw Error(ErrorKind::kUsage, "", "unknown format '" + std::string(format) + "' (choose " +
                                         names + ")");
}

namespace {

// "YYYYMMDDThhmmssZ" as is; "YYYY-MM-DD" and "YYYY-MM-DDThh:mm:ss[Z]" rewritten to it; "" for
// anything else.
std::string normalize_date(const std::string& date) {
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return !s.empty();
  };
  if (date.size() == 16 && digits(date.substr(0, 8)) && date[8] == 'T' &&
      digits(date.substr(9, 6)) && date[15] == 'Z')
    return date;
  const bool dashed = date.size() >= 10 && date[4] == '-' && date[7] == '-';
  if (!dashed) return std::string();
  std::string compact;
  for (char c : date)
    if (c != '-' && c != ':') compact.push_back(c);
  if (compact.size() == 8 && digits(compact)) return compact + "T000000Z";
  if ((compact.size() == 15 || compact.size() == 16) && digits(compact.substr(0, 8)) &&
      compact[8] == 'T' && digits(compact.substr(9, 6)) &&
      (compact.size() == 15 || compact[15] == 'Z'))
    return compact.substr(0, 15) + "Z";
  return std::string();
}

}  // namespace

std::string tmx_creation_date(const std::string& date) {
  // A date a CAT tool can read: a real calendar day and time.
  auto valid = [](const std::string& d) {
    const int year = std::stoi(d.substr(0, 4)), month = std::stoi(d.substr(4, 2)),
              day = std::stoi(d.substr(6, 2)), hour = std::stoi(d.substr(9, 2)),
              minute = std::stoi(d.substr(11, 2)), second = std::stoi(d.substr(13, 2));
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return false;
    return hour < 24 && minute < 60 && second < 61;
  };
  if (!date.empty()) {
    const std::string normalized = normalize_date(date);
    if (normalized.empty() || !valid(normalized))
      throw Error(ErrorKind::kUsage, "", "--date '" + date +
                                             "' is not a valid YYYYMMDDThhmmssZ or "
                                             "YYYY-MM-DD[Thh:mm:ssZ] date");
    return normalized;
  }
  std::time_t when = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch) {
    long long seconds = 0;
    const char* end = epoch + std::strlen(epoch);
    if (std::from_chars(epoch, end, seconds).ptr != end || seconds < 0)
      throw Error(ErrorKind::kUsage, "", "SOURCE_DATE_EPOCH must be a number of seconds");
    when = static_cast<std::time_t>(seconds);
  }
  std::tm utc{};
  gmtime_r(&when, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

}  // namespace talign
