#include "align/write/alignment_writer.h"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cmath>

#include "align/common/error.h"
#include "align/split/language_data.h"

namespace talign {
namespace {

std::string format_score(float score) {
  char buffer[16];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(score),
                                 std::chars_format::fixed, 3);
  return std::string(buffer, end.ptr);
}

std::string id_list(uint32_t begin, uint32_t count) {
  std::string out = "[";
  for (uint32_t k = 0; k < count; ++k) {
    if (k) out += ", ";
    out += std::to_string(begin + k);
  }
  return out + "]";
}

// "[i, j]:[k]:SCORE" per bead, every bead (the ids cover both documents).
class BeadsWriter : public AlignmentWriter {
 public:
  void write(const AlignedDocuments& d, OutputFile& out) const override {
    std::string line;
    for (const Bead& b : d.alignment.beads) {
      line = id_list(b.src_begin, b.src_count) + ":" + id_list(b.tgt_begin, b.tgt_count) + ":" +
             format_score(b.score) + "\n";
      out.write(line);
    }
  }
};

// Tabs and line breaks inside a segment would break the TSV layout.
std::string one_field(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}

// "source<TAB>target<TAB>score" per bead; unmatched sentences with an empty side.
class TextWriter : public AlignmentWriter {
 public:
  void write(const AlignedDocuments& d, OutputFile& out) const override {
    std::string line;
    for (const Bead& b : d.alignment.beads) {
      // Compare what is printed: a bead shown as 0.531 passes --min-score 0.531.
      if (std::round(b.score * 1000.0) < std::round(d.min_score * 1000.0)) continue;
      line = one_field(join_sentences(d.src, b.src_begin, b.src_count, d.src_lang)) + "\t" +
             one_field(join_sentences(d.tgt, b.tgt_begin, b.tgt_count, d.tgt_lang)) + "\t" +
             format_score(b.score) + "\n";
      out.write(line);
    }
  }
};

}  // namespace

namespace {

// Scripts written without spaces between words (and so between sentences).
bool is_unspaced_script(UChar32 c) {
  if (c < 0x0E00) return false;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      // Full-width punctuation ends CJK sentences: "。", "！", "」".
      return c >= 0x3000 && c <= 0x303F ? true : (c >= 0xFF00 && c <= 0xFF65);
  }
}

}  // namespace

std::string join_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count,
                           std::string_view lang) {
  const std::string primary = primary_language(lang);
  const bool unspaced_language = primary == "zh" || primary == "ja" || primary == "th" ||
                                 primary == "lo" || primary == "km" || primary == "my" ||
                                 primary == "yue" || primary == "wuu";
  std::string out;
  for (uint32_t k = 0; k < count; ++k) {
    const std::string_view next = sentences.text(begin + k);
    if (k > 0 && !unspaced_language) {
      // Decide by the characters on both sides, so that an unlisted language written in such a
      // script joins right too.
      UChar32 last, first;
      int32_t end = static_cast<int32_t>(out.size()), start = 0;
      U8_PREV(out.data(), 0, end, last);
      U8_NEXT(next.data(), start, static_cast<int32_t>(next.size()), first);
      if (!(is_unspaced_script(last) && is_unspaced_script(first))) out.push_back(' ');
    }
    out.append(next);
  }
  return out;
}

std::vector<std::string> writer_formats() { return {"beads", "text"}; }

std::unique_ptr<AlignmentWriter> make_writer(std::string_view format) {
  if (format == "beads") return std::make_unique<BeadsWriter>();
  if (format == "text") return std::make_unique<TextWriter>();
  throw Error(ErrorKind::kUsage, "", "unknown format '" + std::string(format) +
                                         "' (choose beads or text)");
}

}  // namespace talign
