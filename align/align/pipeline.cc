#include "align/align/pipeline.h"

#include <algorithm>

#include "align/align/lexicon.h"
#include "align/common/error.h"
#include "align/features/features.h"
#include "align/input/document.h"
#include "align/split/presplit.h"
#include "align/split/splitter.h"

namespace talign {
namespace {

SentenceList sentences_of(std::string_view text, const std::string& lang,
                          const PairOptions& options) {
  return options.presplit ? sentences_from_lines(text, options.paragraphs)
                          : Splitter(lang).split(text);
}

// Every sentence of both sides exactly once, in order: the promise of every output format.
void check_coverage(const AlignedPair& pair, const std::string& name) {
  if (!covers_exactly(pair.alignment.beads, pair.src.size(), pair.tgt.size()))
    throw Error(ErrorKind::kData, name, "internal error: alignment does not cover the input");
}

}  // namespace

AlignedPair align_texts(std::string_view src_text, std::string_view tgt_text,
                        const PairOptions& options, const std::string& src_name,
                        const std::string& tgt_name) {
  AlignedPair pair;
  pair.src = sentences_of(src_text, options.src_lang, options);
  pair.tgt = sentences_of(tgt_text, options.tgt_lang, options);
  if (pair.src.empty() && pair.tgt.empty())
    throw Error(ErrorKind::kData, src_name,
                "no text in either document (" + display_name(tgt_name) + " is empty too)");
  pair.alignment = align_documents(pair.src, pair.tgt, options.align);
  check_coverage(pair, src_name);
  return pair;
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options) {
  return align_files(src_path, tgt_path, options, nullptr);
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options, std::string* lexicon_out) {
  // Each document is dropped once split, so a pair holds its text once.
  AlignedPair pair;
  pair.src = sentences_of(read_document(src_path).text, options.src_lang, options);
  pair.tgt = sentences_of(read_document(tgt_path).text, options.tgt_lang, options);
  if (pair.src.empty() && pair.tgt.empty())
    throw Error(ErrorKind::kData, src_path,
                "no text in either document (" + display_name(tgt_path) + " is empty too)");
  pair.alignment = align_documents(pair.src, pair.tgt, options.align, lexicon_out);
  check_coverage(pair, src_path);
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
