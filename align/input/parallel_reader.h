// ParallelCorpus: an already aligned corpus read from TMX, Moses or TSV, in the shape the writers
// take (two SentenceLists and an Alignment), so that `talign convert` can hand it to any
// AlignmentWriter. Each translation unit becomes one "sentence" per side and one bead: 1-1, or
// 1-0 / 0-1 when a unit has only one side. Unit texts are NFC, trimmed, with line breaks folded
// into a space (the SentenceList contract); every unit is paragraph 0.
#pragma once

#include <string>
#include <string_view>

#include "align/align/alignment.h"
#include "align/split/sentences.h"

namespace talign {

struct ParallelCorpus {
  std::string src_lang;  // empty when the input does not say and no hint was given
  std::string tgt_lang;
  SentenceList src;
  SentenceList tgt;
  Alignment alignment;  // covers src and tgt exactly once, in order; a bead's score is
                        // kUnknownScore where the input gives none
  // What the reader could not carry over, for messages: <tuv>s beyond one source and one target
  // (a third language, a second variant of one), units without text, unreadable score props.
  size_t dropped_variants = 0;
  size_t empty_units = 0;
  size_t bad_scores = 0;
  size_t untranslated_units = 0;  // XLIFF units or segments without a translation, left out
};

// The SentenceList contract for one unit's text: trimmed, each run of white space holding a line
// break folded into one space; other inner white space kept.
std::string fold_unit(std::string_view text);

// Reads a TMX file (1.1 to 1.4; libxml2, no network, no external entities). The source language
// is `src_lang_hint` when given, else the header's srclang (unless "*all*"), else the language of
// the first <tuv>. Per <tu>, the <tuv> whose xml:lang (or TMX 1.1 `lang`) matches the source
// language (case-insensitive; the full tag first, then the primary subtag) is the source; the
// target is the <tuv> matching `tgt_lang_hint`, else the language of the first target found.
// Other <tuv>s are ignored. Segment text keeps inline <hi>/<sub> text and drops native codes
// (<ph>, <bpt>, <ept>, <it>, <ut>). A bead's score is the <tu>'s `x-talign-score` prop, else 1.0.
// A <tu> with neither side is skipped. Throws Error(kData) for an unreadable file, malformed XML
// ("malformed TMX: MESSAGE at line L, column C") or a root that is not <tmx>.
ParallelCorpus read_tmx(const std::string& path, const std::string& src_lang_hint = "",
                        const std::string& tgt_lang_hint = "");

// Reads Moses files: line i of `src_path` translates line i of `tgt_path`. Decoding and checks as
// read_document (UTF-8/16, NFC, errors with byte and line); only LF (or CRLF) ends a line, so
// U+2028 or a form feed inside a line does not shift the pairing. An empty line on one side
// gives a 1-0 / 0-1 bead, on both sides nothing. Throws Error(kData) when the line counts differ,
// naming both files and both counts. Languages are left empty.
ParallelCorpus read_moses(const std::string& src_path, const std::string& tgt_path);

// Reads `src<TAB>tgt[<TAB>score]` lines ("-" = stdin). Blank lines are skipped; an empty side
// gives a 1-0 / 0-1 bead. Throws Error(kData) with the line number for a line without a tab, a
// score that is not a number in [0, 1], or more than three fields. Languages are left empty.
ParallelCorpus read_tsv(const std::string& path);

// Reads the translated units of an XLIFF 1.2 or 2.x file (align/input/xliff_reader.cc): one bead
// per segment (2.x <segment>; 1.2 <trans-unit>, or its <seg-source> <mrk mtype="seg"> segments
// when the target is segmented alike) whose target has text and is not marked untranslated (1.2
// state "new" or "needs-translation", 2.x state "initial"); the others are counted in
// untranslated_units. Languages: the hints, else the file's (1.2 source-language and
// target-language of the first <file>, 2.x srcLang and trgLang). Inline elements that wrap text
// keep it; native codes are left out. Throws Error(kData) for malformed XML or another root.
ParallelCorpus read_xliff_corpus(const std::string& path, const std::string& src_lang_hint = "",
                                 const std::string& tgt_lang_hint = "");

}  // namespace talign
