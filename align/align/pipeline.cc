#include "align/align/pipeline.h"

#include <algorithm>
#include <functional>

#include "align/align/guide.h"
#include "align/align/lexicon.h"
#include "align/align/memory.h"
#include "align/align/subtitle_aligner.h"
#include "align/common/error.h"
#include "align/eval/beads.h"
#include "align/features/features.h"
#include "align/input/document.h"
#include "align/input/format.h"
#include "align/split/presplit.h"
#include "align/split/splitter.h"

namespace talign {
namespace {

SentenceList sentences_of(std::string_view text, const std::string& lang,
                          const PairOptions& options) {
  return options.presplit ? sentences_from_lines(text, options.paragraphs, options.p_markers)
                          : Splitter(lang).split(text);
}

// Throws when neither side has a sentence: there is nothing to align.
void check_some_text(const AlignedPair& pair, const std::string& src_name,
                     const std::string& tgt_name) {
  if (pair.src.empty() && pair.tgt.empty())
    throw Error(ErrorKind::kData, src_name,
                "no text in either document (" + display_name(tgt_name) + " is empty too)");
}

// One side's language: "auto" resolved from the text. Guesses only when asked to (a guess
// reads up to a megabyte).
std::string side_language(std::string_view text, const std::string& lang, bool check,
                          const std::string& name, LanguageGuess& guess) {
  if (lang != "auto" && !check) return lang;
  guess = guess_language(text);
  if (lang != "auto") return lang;
  std::string guessed = guessed_language(guess);
  if (guessed.empty())
    throw Error(ErrorKind::kData, name,
                "cannot tell the text's language (too little text, or no one language); "
                "name it instead of 'auto'");
  return guessed;
}

// Splits one side into `sentences` with its language resolved into `lang`.
void split_side(std::string_view text, const std::string& declared, const PairOptions& options,
                const std::string& name, SentenceList& sentences, std::string& lang,
                LanguageGuess& guess) {
  lang = side_language(text, declared, options.check_languages, name, guess);
  sentences = sentences_of(text, lang, options);
}

// A subtitle document's units: one per cue, its line breaks folded to spaces, so that a cue's
// times stay with its text (a sentence running over two cues is two units; the aligner's 2-1
// and 1-2 beads pair them with the other side).
SentenceList cue_units(const Document& doc) {
  SentenceList units;
  units.reserve(doc.text.size());
  std::string text;
  for (size_t k = 0; k < doc.cues.size(); ++k) {
    const Cue& cue = doc.cues[k];
    const std::string_view raw = std::string_view(doc.text).substr(cue.begin, cue.end - cue.begin);
    text.clear();
    for (size_t i = 0; i < raw.size();) {
      if (raw[i] != ' ' && raw[i] != '\n' && raw[i] != '\t') {
        text += raw[i++];
        continue;
      }
      // A run of white space with a line break in it is one space: how SentenceCodes::place
      // walks a folded sentence against the document.
      size_t end = i;
      bool line_break = false;
      while (end < raw.size() && (raw[end] == ' ' || raw[end] == '\n' || raw[end] == '\t'))
        line_break |= raw[end++] == '\n';
      if (line_break)
        text += ' ';
      else
        text.append(raw.substr(i, end - i));
      i = end;
    }
    units.add(text, static_cast<uint32_t>(k), cue.begin);
  }
  return units;
}

// Reads one side: a subtitle document becomes cue units, anything else is split.
void read_side(const Document& doc, const std::string& declared, const PairOptions& options,
               const std::string& name, SentenceList& units, std::vector<Cue>& cues,
               std::string& lang, LanguageGuess& guess) {
  if (doc.cues.empty()) {
    split_side(doc.text, declared, options, name, units, lang, guess);
    return;
  }
  lang = side_language(doc.text, declared, options.check_languages, name, guess);
  units = cue_units(doc);
  cues = doc.cues;
}

// The language findings once both sides are split; throws the first with strict_languages.
// `same_text`: both sides hold the same text (e.g. the same file given twice).
void check_languages(AlignedPair& pair, const LanguageGuess& src_guess,
                     const LanguageGuess& tgt_guess, bool same_text, const PairOptions& options,
                     const std::string& src_name, const std::string& tgt_name) {
  if (!options.check_languages) return;
  pair.language_problems = check_pair_languages(src_guess, tgt_guess, pair.src_lang, pair.tgt_lang,
                                                src_name, tgt_name, same_text);
  if (options.strict_languages && !pair.language_problems.empty())
    throw Error(ErrorKind::kData, pair.language_problems.front().file,
                pair.language_problems.front().message);
}

// The sentences of both files, without an alignment yet. Each document is dropped once split,
// so a pair holds its text once (the same-text check compares a hash).
AlignedPair read_and_split(const std::string& src_path, const std::string& tgt_path,
                           const PairOptions& options) {
  AlignedPair pair;
  LanguageGuess src_guess, tgt_guess;
  size_t src_hash = 0, tgt_hash = 0, src_size = 0, tgt_size = 0;
  {
    const Document doc = read_input_document(src_path, options.src_format);
    src_hash = std::hash<std::string_view>{}(doc.text);
    src_size = doc.text.size();
    read_side(doc, options.src_lang, options, src_path, pair.src, pair.src_cues,
              pair.src_lang, src_guess);
    pair.src_codes = SentenceCodes::place(doc, pair.src);
  }
  {
    const Document doc = read_input_document(tgt_path, options.tgt_format);
    tgt_hash = std::hash<std::string_view>{}(doc.text);
    tgt_size = doc.text.size();
    read_side(doc, options.tgt_lang, options, tgt_path, pair.tgt, pair.tgt_cues,
              pair.tgt_lang, tgt_guess);
    pair.tgt_codes = SentenceCodes::place(doc, pair.tgt);
  }
  check_some_text(pair, src_path, tgt_path);
  check_languages(pair, src_guess, tgt_guess,
                  src_size > 0 && src_size == tgt_size && src_hash == tgt_hash, options, src_path,
                  tgt_path);
  return pair;
}

void align_split_pair_by_text(AlignedPair& pair, const PairOptions& options,
                              const std::string& src_name, const std::string& tgt_name,
                              std::string* lexicon_out);

// Aligns the split `pair` within the memory limit (two subtitle files by their cue times when
// those agree), then checks that every sentence of both sides is in exactly one bead, in order:
// the promise of every output format.
void align_split_pair(AlignedPair& pair, const PairOptions& options, const std::string& src_name,
                      const std::string& tgt_name, std::string* lexicon_out) {
  if (!pair.src_cues.empty() && !pair.tgt_cues.empty()) {
    const TimeMap map = estimate_time_map(pair.src_cues, pair.tgt_cues);
    if (map.found) {
      pair.alignment = align_subtitles(pair.src, pair.src_cues, pair.tgt, pair.tgt_cues, map);
      // Five arrays of band cells (three scores, a back pointer, an offset) per cue row.
      pair.memory_estimate = (pair.src.size() + 1) * (2 * pair.alignment.stats.band_width + 1) * 40;
      pair.alignment.stats.subtitles = true;
      if (lexicon_out != nullptr) lexicon_out->clear();  // no lexicon: times did the work
      if (!covers_exactly(pair.alignment.beads, pair.src.size(), pair.tgt.size()))
        throw Error(ErrorKind::kData, src_name, "internal error: alignment does not cover the input");
      return;
    }
    // Times that do not agree (files of different cuts, a broken file): align the cues by text.
    align_split_pair_by_text(pair, options, src_name, tgt_name, lexicon_out);
    AlignmentStats& stats = pair.alignment.stats;
    stats.subtitles = true;
    stats.time_speed = map.speed;
    stats.time_offset_ms = map.offset_ms;
    stats.time_boundaries = map.matched_boundaries;
    stats.time_chance_boundaries = map.chance_boundaries;
    return;
  }
  align_split_pair_by_text(pair, options, src_name, tgt_name, lexicon_out);
}

// align_split_pair without cue times: the sentence aligner.
void align_split_pair_by_text(AlignedPair& pair, const PairOptions& options,
                              const std::string& src_name, const std::string& tgt_name,
                              std::string* lexicon_out) {
  AlignOptions align = options.align;
  pair.memory_estimate = fit_memory_limit(pair.src, pair.tgt, options.max_memory, align,
                                          pair.reduced_search, src_name, tgt_name);
  pair.alignment = align_documents(pair.src, pair.tgt, align, lexicon_out);
  if (!covers_exactly(pair.alignment.beads, pair.src.size(), pair.tgt.size()))
    throw Error(ErrorKind::kData, src_name, "internal error: alignment does not cover the input");
}

}  // namespace

AlignedPair align_texts(std::string_view src_text, std::string_view tgt_text,
                        const PairOptions& options, const std::string& src_name,
                        const std::string& tgt_name) {
  AlignedPair pair;
  LanguageGuess src_guess, tgt_guess;
  split_side(src_text, options.src_lang, options, src_name, pair.src, pair.src_lang, src_guess);
  split_side(tgt_text, options.tgt_lang, options, tgt_name, pair.tgt, pair.tgt_lang, tgt_guess);
  check_some_text(pair, src_name, tgt_name);
  check_languages(pair, src_guess, tgt_guess, !src_text.empty() && src_text == tgt_text, options,
                  src_name, tgt_name);
  align_split_pair(pair, options, src_name, tgt_name, nullptr);
  return pair;
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options) {
  return align_files(src_path, tgt_path, options, nullptr);
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options, std::string* lexicon_out) {
  check_file_sizes(src_path, tgt_path, options.max_memory);  // before reading a huge file
  AlignedPair pair = read_and_split(src_path, tgt_path, options);
  align_split_pair(pair, options, src_path, tgt_path, lexicon_out);
  return pair;
}

AlignedPair read_aligned_files(const std::string& src_path, const std::string& tgt_path,
                               const std::string& beads_path, const PairOptions& options) {
  AlignedPair pair = read_and_split(src_path, tgt_path, options);
  const std::vector<BeadRecord> records = read_beads(beads_path);
  check_coverage(records, beads_path);
  size_t src_covered = 0, tgt_covered = 0;
  for (const BeadRecord& r : records) {
    src_covered += r.src.size();
    tgt_covered += r.tgt.size();
  }
  if (src_covered != pair.src.size() || tgt_covered != pair.tgt.size())
    throw Error(ErrorKind::kData, beads_path,
                "the beads cover " + std::to_string(src_covered) + " source and " +
                    std::to_string(tgt_covered) + " target sentences, but " +
                    display_name(src_path) + " has " + std::to_string(pair.src.size()) +
                    " and " + display_name(tgt_path) + " " + std::to_string(pair.tgt.size()) +
                    " (split with other options?)");
  Alignment& alignment = pair.alignment;
  AlignmentStats& stats = alignment.stats;
  uint32_t src_at = 0, tgt_at = 0;
  for (const BeadRecord& r : records) {
    Bead b;
    b.src_begin = r.src.empty() ? src_at : r.src.front();
    b.src_count = static_cast<uint32_t>(r.src.size());
    b.tgt_begin = r.tgt.empty() ? tgt_at : r.tgt.front();
    b.tgt_count = static_cast<uint32_t>(r.tgt.size());
    b.score = r.score >= 0 ? static_cast<float>(r.score) : kUnknownScore;
    src_at = b.src_end();
    tgt_at = b.tgt_end();
    alignment.beads.push_back(b);
  }
  const DocumentFeatures features = build_features(pair.src, pair.tgt, FeatureOptions{});
  if (options.align.use_anchors) stats.anchor_points = anchor_chain(features);
  stats.anchors = stats.anchor_points.size();
  double src_length = 0, tgt_length = 0;
  for (float l : features.src.length) src_length += l;
  for (float l : features.tgt.length) tgt_length += l;
  stats.length_ratio = src_length > 0 ? tgt_length / src_length : 1.0;
  set_score_stats(alignment.beads, pair.src.size(), pair.tgt.size(), stats);
  stats.seconds = -1;
  return pair;
}

std::string train_corpus_lexicon(const std::vector<std::pair<std::string, std::string>>& pairs,
                                 const AlignOptions& options) {
  // Each pair becomes one "document line" on both sides; one vocabulary spans the corpus.
  constexpr size_t kMaxCorpusPairs = 200'000;
  SentenceList src, tgt;
  std::vector<std::pair<uint32_t, uint32_t>> index;
  const size_t take = std::min(pairs.size(), kMaxCorpusPairs);
  for (size_t k = 0; k < take; ++k) {
    const auto& [s, t] = pairs[k * pairs.size() / take];  // evenly spread over the corpus
    src.add(s, 0, 0);
    tgt.add(t, 0, 0);
    index.emplace_back(static_cast<uint32_t>(k), static_cast<uint32_t>(k));
  }
  FeatureOptions no_anchors{false, false, false, false};
  const DocumentFeatures features = build_features(src, tgt, no_anchors);
  const TranslationTable table =
      TranslationTable::train(features, index, options.ibm_iterations, options.lexicon_min_prob);
  return table.to_tsv(features);
}

std::vector<std::pair<std::string, std::string>> confident_pairs(const AlignedPair& pair,
                                                                 double min_score) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Bead& b : pair.alignment.beads)
    if (b.src_count == 1 && b.tgt_count == 1 && b.score >= min_score)
      out.emplace_back(pair.src.text(b.src_begin), pair.tgt.text(b.tgt_begin));
  return out;
}

}  // namespace talign
