#include "align/write/alignment_writer.h"

#include <charconv>

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
      if (b.score < d.min_score) continue;
      line = one_field(join_sentences(d.src, b.src_begin, b.src_count, d.src_lang)) + "\t" +
             one_field(join_sentences(d.tgt, b.tgt_begin, b.tgt_count, d.tgt_lang)) + "\t" +
             format_score(b.score) + "\n";
      out.write(line);
    }
  }
};

}  // namespace

std::string join_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count,
                           std::string_view lang) {
  const std::string primary = primary_language(lang);
  const bool no_space = primary == "zh" || primary == "ja" || primary == "th" || primary == "lo" ||
                        primary == "km" || primary == "my";
  std::string out;
  for (uint32_t k = 0; k < count; ++k) {
    if (k && !no_space) out.push_back(' ');
    out.append(sentences.text(begin + k));
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
