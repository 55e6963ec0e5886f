// align_texts / align_files: one document pair from text to alignment, the way every command
// does it (align, batch, stream): decode, split (or take lines as sentences), align. Two
// subtitle files are aligned by their cue times when those agree (align/align/subtitle_aligner.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/align/aligner.h"
#include "align/align/alignment.h"
#include "align/detect/language_guess.h"
#include "align/input/document.h"
#include "align/split/inline_codes.h"
#include "align/split/sentences.h"

namespace talign {

struct PairOptions {
  // Canonical language tags, or "auto": the language guessed from the text (guess_language);
  // a side whose language cannot be told is an Error(kData) naming it.
  std::string src_lang;
  std::string tgt_lang;
  // Compare each side's text with its language (check_pair_languages): findings go to
  // AlignedPair::language_problems, or with strict_languages are thrown as Error(kData) naming
  // the file before anything is aligned.
  bool check_languages = false;
  bool strict_languages = false;
  // Each file's format (align/input/format.h); kAuto tells it from the content and name.
  InputFormat src_format = InputFormat::kAuto;
  InputFormat tgt_format = InputFormat::kAuto;
  bool presplit = false;    // one sentence per line
  bool paragraphs = false;  // with presplit: blank lines are paragraph boundaries
  bool p_markers = true;    // with presplit: `<p>` lines are paragraph markers (presplit.h)
  AlignOptions align;       // model options (dictionary, lexicon, switches)
  // Memory budget for the pair in bytes (0 = none): over it the search is reduced or the pair
  // refused (align/align/memory.h).
  size_t max_memory = 0;
};

struct AlignedPair {
  SentenceList src;
  SentenceList tgt;
  // Inline formatting read from documents (empty for plain text), placed in the sentences.
  SentenceCodes src_codes;
  SentenceCodes tgt_codes;
  std::string src_lang;  // the languages used: PairOptions' with "auto" resolved
  std::string tgt_lang;
  std::vector<LanguageProblem> language_problems;  // with PairOptions::check_languages
  // Subtitles: each side read as subtitles has one unit per cue (no sentence splitting inside a
  // cue, so that every unit keeps its times); these are the units' cues. Empty for other input.
  std::vector<Cue> src_cues;
  std::vector<Cue> tgt_cues;
  Alignment alignment;
  size_t memory_estimate = 0;   // estimated peak memory of the alignment (bytes)
  bool reduced_search = false;  // the search was reduced to fit PairOptions::max_memory
};

// Aligns two decoded texts (valid UTF-8; Document::text). `src_name` and `tgt_name` name them in
// errors. Throws Error(kData) when neither has a sentence or the pair does not fit max_memory.
AlignedPair align_texts(std::string_view src_text, std::string_view tgt_text,
                        const PairOptions& options, const std::string& src_name = "source",
                        const std::string& tgt_name = "target");

// Reads (read_input_document: any supported format and encoding, "-" = stdin) and aligns two
// files. If
// `lexicon_out` is given it receives the lexicon of the final pass (TSV).
AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options, std::string* lexicon_out);

// The same without a lexicon to return.
AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options);

// Reads and splits two files as align_files does but takes the alignment from `beads_path` (a
// beads file, as --format beads writes; "-" = stdin) instead of aligning: for a report on an
// alignment made earlier, by hand or by another tool. Scores come from the file (none: unknown);
// the stats hold what is known without aligning (anchors, the length ratio of the documents,
// mean score); seconds is -1. Throws Error(kData) naming the beads file and line when the beads
// do not cover both documents exactly once, in order (e.g. split differently).
AlignedPair read_aligned_files(const std::string& src_path, const std::string& tgt_path,
                               const std::string& beads_path, const PairOptions& options);

// Trains one lexicon over many document pairs, as Moore's aligner trains over a corpus: `pairs`
// are sentence pairs believed to be translations (the confident 1-1 beads of each document's
// alignment), pooled from all documents. Returns it as TSV, the form --lexicon-in reads, so
// that every document can use it whatever its own vocabulary.
std::string train_corpus_lexicon(const std::vector<std::pair<std::string, std::string>>& pairs,
                                 const AlignOptions& options);

// The confident 1-1 beads of `pair` (score >= min_score) as sentence texts.
std::vector<std::pair<std::string, std::string>> confident_pairs(const AlignedPair& pair,
                                                                 double min_score);

}  // namespace talign
