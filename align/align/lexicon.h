// TranslationTable: word translation probabilities between the two sides' vocabularies, trained
// on the document pair itself with IBM Model 1 (Moore 2002), or loaded from a file or dictionary.
// Stored as an Eigen sparse matrix (rows: target words, columns: source words), so that a source
// sentence's term vector maps into the target vocabulary with one sparse product.
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/features/features.h"

namespace talign {

class Dictionary;

class TranslationTable {
 public:
  using Matrix = Eigen::SparseMatrix<float, Eigen::ColMajor, int32_t>;

  TranslationTable() = default;

  static constexpr size_t kTwoThreadTrainingCells = size_t(2) << 20;

  // Trains IBM Model 1 in both directions on `pairs` (indices of source and target sentences
  // believed to be translations), `iterations` EM rounds each, and keeps for each word pair the
  // geometric mean sqrt(t(t|s) * t(s|t)) when it is at least `min_prob`. With `two_threads`
  // the directions train side by side (the same table) when the pairs hold at most
  // kTwoThreadTrainingCells source x target word cells.
  static TranslationTable train(const DocumentFeatures& features,
                                const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                int iterations, float min_prob, bool two_threads = false);

  // Adds dictionary pairs whose words occur in the documents (case-folded; every word of a
  // phrase pairs with every word of its translation, sharing `weight`), unless the table already
  // has a higher probability for the pair.
  void add_dictionary(const Dictionary& dictionary, const DocumentFeatures& features, float weight);

  // TSV "source<TAB>target<TAB>probability", sorted by source then target word, for --lexicon-out.
  std::string to_tsv(const DocumentFeatures& features) const;
  // Loads a table written by to_tsv, keeping pairs whose words occur in `features`. Throws
  // Error(kData) naming `name` and the line of a malformed line.
  static TranslationTable from_tsv(std::string_view text, const std::string& name,
                                   const DocumentFeatures& features);

  // rows = target vocabulary, columns = source vocabulary; empty until trained or loaded.
  const Matrix& matrix() const { return matrix_; }
  size_t entry_count() const { return static_cast<size_t>(matrix_.nonZeros()); }
  bool empty() const { return matrix_.nonZeros() == 0; }

 private:
  Matrix matrix_;
};

}  // namespace talign
