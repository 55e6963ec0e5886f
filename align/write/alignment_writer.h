// AlignmentWriter: one output format for an alignment. Every format is a subclass; the tool picks
// one by name with make_writer. Formats that list every bead (beads, text, jsonl, ladder, xces)
// keep unmatched sentences; pair formats (tmx, tsv, moses) leave them out unless asked, and
// leave out pairs below a minimum score. Paragraph markers (presplit `<p>` lines) keep their
// ids in the formats of ids (beads, ladder, xces) and never appear in text: formats of text
// (text, tsv, tmx, moses, jsonl) leave out beads of markers alone.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "align/align/alignment.h"
#include "align/split/inline_codes.h"
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
  double min_score = 0.0;       // pair formats leave out pairs scoring below this (as printed)
  bool keep_unmatched = false;  // pair formats write unmatched sentences too
  std::string creation_date;    // TMX dates, "YYYYMMDDThhmmssZ"
  std::string src_name;         // the input files' names, for formats that record them (xces)
  std::string tgt_name;
  // Inline formatting of each side's sentences (documents with bold, links...; null or empty
  // for plain text): TMX writes them as inline codes, other formats write text only.
  const SentenceCodes* src_codes = nullptr;
  const SentenceCodes* tgt_codes = nullptr;
};

// What a writer left out or changed, for the messages on stderr.
struct WriteStats {
  size_t units = 0;                // pairs or beads written
  size_t unmatched_left_out = 0;   // beads with an empty side not written
  size_t below_min_score = 0;      // pairs not written for --min-score
  size_t invalid_characters = 0;   // control characters (C0 but tab, LF, CR; in XML also
                                   // U+FFFE, U+FFFF) written as U+FFFD
};

class AlignmentWriter {
 public:
  virtual ~AlignmentWriter() = default;
  // Writes the alignment to `path` ("-" = stdout; moses: the prefix of PATH.SRC and PATH.TGT)
  // through OutputFile, so a failure leaves no partial file. Throws Error.
  virtual WriteStats write(const AlignedDocuments& documents, const std::string& path) const = 0;
  // True for formats that list every bead (no --min-score, no --keep-unmatched).
  virtual bool lists_every_bead() const = 0;
};

// The writer for `format` (see writer_formats()). Throws Error(kUsage) for an unknown format.
std::unique_ptr<AlignmentWriter> make_writer(std::string_view format);

// The names make_writer accepts, in the order --help lists them.
std::vector<std::string> writer_formats();

// The sentences [begin, begin + count) of `sentences` as one segment: joined with a space, or
// with nothing for languages written without spaces (zh, ja, th, lo, km, my, yue) or where both
// neighbouring characters are in such a script.
// True if join_sentences puts a space between sentence `previous` and the sentence `next` that
// follows it in a document in `lang`.
bool joined_with_space(std::string_view previous, std::string_view next, std::string_view lang);

// Paragraph markers (SentenceList::is_marker) are no text and are left out.
std::string join_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count,
                           std::string_view lang);

// The segment join_sentences makes, as TMX 1.4b <seg> content: the text XML-escaped with the
// sentences' inline codes (`codes`, may be null) as <bpt>/<ept> pairs (a pair cut by the
// segment's edge as <it>) and <ph> for isolated codes. Appends to `out`.
void append_tmx_segment(const SentenceList& sentences, const SentenceCodes* codes, uint32_t begin,
                        uint32_t count, std::string_view lang, std::string& out,
                        size_t& invalid_characters);

// How many of sentences [begin, begin + count) are text, not paragraph markers.
uint32_t text_sentences(const SentenceList& sentences, uint32_t begin, uint32_t count);

// A creation date for TMX: `date` given as "YYYYMMDDThhmmssZ", "YYYY-MM-DD" or
// "YYYY-MM-DDThh:mm:ssZ"; else SOURCE_DATE_EPOCH (seconds) from the environment; else now.
// Throws Error(kUsage) for a malformed `date` or SOURCE_DATE_EPOCH.
std::string tmx_creation_date(const std::string& date);

}  // namespace talign
