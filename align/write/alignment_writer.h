// AlignmentWriter: one output format for an alignment. Every format is a subclass; the tool picks
// one by name with make_writer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "align/align/alignment.h"
#include "align/split/sentences.h"
#include "align/write/output_file.h"

namespace talign {

// Everything a writer may need about one aligned document pair.
struct AlignedDocuments {
  const SentenceList& src;
  const SentenceList& tgt;
  const Alignment& alignment;
  std::string src_lang;
  std::string tgt_lang;
  double min_score = 0.0;  // pair formats leave out pairs scoring below this
};

class AlignmentWriter {
 public:
  virtual ~AlignmentWriter() = default;
  // Writes the alignment to `out` (not committed: the caller commits).
  virtual void write(const AlignedDocuments& documents, OutputFile& out) const = 0;
};

// The writer for `format` ("beads", "text"). Throws Error(kUsage) for an unknown format.
std::unique_ptr<AlignmentWriter> make_writer(std::string_view format);

// The names make_writer accepts.
std::vector<std::string> writer_formats();

// The sentences [begin, begin + count) of `sentences` as one segment: joined with a space, or
// with nothing for languages written without spaces (zh, ja, th, lo, km, my, yue) or where both
// neighbouring characters are in such a script.
std::string join_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count,
                           std::string_view lang);

}  // namespace talign
