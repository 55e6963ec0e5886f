// BeadScorer: the log-score of a bead (a run of source sentences paired with a run of target
// sentences): a bead-type prior, a length model (Gale & Church 1993) and a lexical
// log-likelihood ratio: how much better the bead's source words (through the translation table)
// and anchors explain its target tokens than the target document's word frequencies do.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "align/align/alignment.h"
#include "align/align/lexicon.h"
#include "align/features/features.h"

namespace talign {

// The bead shapes the search considers, in tie-break order (earlier wins ties). The first
// kBaseShapes are always searched; the others (long runs that literary translation produces:
// one sentence rendered as five or six) only when a document's fitted priors call for them
// (a shape with prior 0 is not searched).
struct Shape {
  uint8_t src;
  uint8_t tgt;
};
inline constexpr std::array<Shape, 19> kShapes = {{{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2},
                                                    {3, 1}, {1, 3}, {3, 2}, {2, 3}, {4, 1}, {1, 4},
                                                    {5, 1}, {1, 5}, {4, 2}, {2, 4}, {3, 3}, {6, 1},
                                                    {1, 6}}};
inline constexpr size_t kBaseShapes = 12;
inline constexpr int kMaxRun = 6;

// The index of the shape src-tgt in kShapes, or -1.
constexpr int shape_index(int src, int tgt) {
  for (size_t k = 0; k < kShapes.size(); ++k)
    if (kShapes[k].src == src && kShapes[k].tgt == tgt) return static_cast<int>(k);
  return -1;
}

// Neutral bead-type priors, the same for every language pair (symmetric in the two sides) and
// only a starting point: each document's priors are fitted to it (align/align/model_fit.h).
// Extended shapes start at 0 (not searched).
inline constexpr std::array<double, kShapes.size()> kNeutralPriors = {
    0.75, 0.02, 0.02, 0.06, 0.06, 0.02, 0.015, 0.015, 0.006, 0.006, 0.004, 0.004,
    0,    0,    0,    0,    0,    0,    0};

// A long run of skips on one side (a chapter the other side lacks) scored as one event: a run of
// at least kMinSkipRun 1-0 (or 0-1) beads costs log_open for its first kMinSkipRun skips and
// log_extend for each further one, in place of a skip bead's prior each; shorter runs stay
// skip beads. Only the best-path search uses it; the posteriors stay those of the bead model.
// Fitted per document from the runs of its path so far (fit_skip_runs in
// align/align/model_fit.h); with log_open -infinity (the default) it is off and the search is
// the bead model's.
inline constexpr int kMinSkipRun = kMaxRun + 1;
struct SkipRunModel {
  double log_open = -INFINITY;  // log of (share of beads opening a run) x (1 - extend)
  double log_extend = 0;        // log of the chance a run goes on for one more sentence
  bool empty() const { return log_open == -INFINITY; }
};

// The numbers of the model. Ratio, variance and priors are fitted to each document pair; the
// other defaults were chosen on development data (see README, "How it aligns").
struct ScoreParams {
  double length_ratio = 1.0;     // target length units per source unit (estimated per document)
  double length_variance = 6.8;  // variance per source unit (estimated per document)
  // The spread of the length ratio between parts of a document (a relative standard
  // deviation): a bead of L source units then has a target length variance of
  // length_variance * L + (length_ratio_spread * length_ratio * L)^2. Independent noise per
  // sentence alone (0, sentence beads) makes the lengths of long units (blocks of hundreds
  // of sentences) far too sure: their ratio varies with what the parts hold.
  double length_ratio_spread = 0.0;
  std::array<double, kShapes.size()> prior = kNeutralPriors;  // 0: shape not searched
  double length_outlier = 0.1;  // share of beads whose length the length model does not explain
  double skip_bonus = 0.0;    // added to the score of a 1-0 / 0-1 bead
  double temperature = 1.3;   // reported posterior = softmax(score / temperature); chosen so that
                              // scores match the share of exactly right beads on dev data (the
                              // lowest mean ECE over Text+Berg dev and MAC-Dev of 1, 1.3 and 2)
  // The reported score of a bead: score_floor + (1 - score_discount * u - score_floor) * its
  // posterior, u the share of the document's beads that are not 1-1. Posteriors are too sure
  // where a document has many merged and split sentences (where two readers draw bead edges
  // differently, and the model counts dependent words as independent evidence), and a bead
  // the model doubts is still right now and then. Chosen on MAC-Dev and Text+Berg dev.
  double score_floor = 0.1;
  double score_discount = 0.2;
  double llr_lambda = 0.1;    // weight of the translation model against the background
  double llr_weight = 1.0;    // weight of the lexical log-likelihood ratio
  double anchor_weight = 1.0;  // weight of anchor tokens relative to words in that ratio
  double backward_weight = 1.0;  // weight of the other direction's ratio (the target run
                                 // explaining the source sentences); 0 leaves it out
  bool use_length = true;
  bool use_lexical = true;
  SkipRunModel src_skip_runs;  // runs of 1-0 beads (source sentences the target lacks)
  SkipRunModel tgt_skip_runs;  // runs of 0-1 beads
};

// Maps each scored bead's posterior to its reported score (score_floor, score_discount): the
// share of exactly right beads a score predicts, on development data.
// Beads holding a paragraph marker of `src` / `tgt` (when given) do not count in the share of
// beads that are not 1-1: they are no translation.
void calibrate_scores(const ScoreParams& params, std::vector<Bead>& beads,
                      const SideFeatures* src = nullptr, const SideFeatures* tgt = nullptr);

// True if bead `b` holds a paragraph marker of `src` or `tgt`.
inline bool is_marker_bead(const Bead& b, const SideFeatures& src, const SideFeatures& tgt) {
  return src.markers_in(b.src_begin, b.src_end()) + tgt.markers_in(b.tgt_begin, b.tgt_end()) > 0;
}

// The tokens the lexical score compares, in one index space shared by both sides: target words
// (when a translation table is used) followed by the anchor vocabulary.
class LexicalModel {
 public:
  // `table` may be null or empty (anchors only); `use_anchors` false leaves anchors out.
  // `src` and `tgt` are sentences or paragraphs with ids in the vocabularies of `features`.
  // With `postings`, the model also lists where each target token occurs (postings_begin()
  // and the functions after it), for a scorer whose rows span many target sentences
  // (BeadScorer::use_postings).
  LexicalModel(const DocumentFeatures& features, const SideFeatures& src, const SideFeatures& tgt,
               const TranslationTable* table, bool use_anchors, bool postings = false);
  // The same over the documents' sentences.
  LexicalModel(const DocumentFeatures& features, const TranslationTable* table, bool use_anchors)
      : LexicalModel(features, features.src, features.tgt, table, use_anchors) {}

  // Source token counts of one sentence: words (when a table is used) and anchors. Each kind
  // normalises its own expected counts, so that a shared number is not diluted by many words.
  struct TokenCounts {
    float words = 0;
    float anchors = 0;
  };

  // Writes into `dense` (all zero on entry) the expected count of each target token given source
  // sentence i: sum of t(token|word) over its words, plus 1 per anchor; `touched` gets the
  // indices set.
  TokenCounts project_source(uint32_t i, Eigen::VectorXf& dense,
                             std::vector<int32_t>& touched) const;

  // Indices from here on are anchors; below are target words.
  int32_t anchor_offset() const { return anchor_offset_; }

  // Calls f(index) for each token of target sentence j that the source side can explain,
  // repeats included. A token nothing on the source side can explain (an anchor key absent
  // from the source document, a word without an entry in the table) is no evidence for or
  // against any bead, and is left out: counting it against every pair would favour skipping.
  template <typename F>
  void for_each_target_token(uint32_t j, F&& f) const {
    for_each_explainable(tgt_, j, anchor_offset_, explainable_, f);
  }

  // Probability of each token index among all target tokens (add-half smoothed).
  const std::vector<float>& background() const { return background_; }

  // The other direction, for the target side explaining the source side: source token indices
  // are source words (when a table is used) followed by anchors from source_anchor_offset().
  int32_t source_anchor_offset() const { return source_anchor_offset_; }
  // Calls f(index) for each token of source sentence i that the target side can explain.
  template <typename F>
  void for_each_source_token(uint32_t i, F&& f) const {
    for_each_explainable(src_, i, source_anchor_offset_, source_explainable_, f);
  }
  // Probability of each source token index among all source tokens (add-half smoothed).
  const std::vector<float>& source_background() const { return source_background_; }
  // Calls f(target_index, value) for each target token that source token `token` translates
  // into: t(target|word) from the table, or the same anchor key with value 1.
  template <typename F>
  void for_each_translation(int32_t token, F&& f) const {
    if (token >= source_anchor_offset_) {
      f(anchor_offset_ + (token - source_anchor_offset_), 1.0f);
      return;
    }
    for (TranslationTable::Matrix::InnerIterator it(table_->matrix(), token); it; ++it)
      f(static_cast<int32_t>(it.row()), it.value());
  }
  // All word and anchor tokens of target sentence j: a target run's expected counts of source
  // tokens are shared among them.
  TokenCounts target_counts(uint32_t j) const {
    TokenCounts counts;
    if (table_ != nullptr) counts.words = static_cast<float>(tgt_.words.count(j));
    if (use_anchors_) counts.anchors = static_cast<float>(tgt_.anchors.count(j));
    return counts;
  }
  Eigen::Index dimension() const { return static_cast<Eigen::Index>(background_.size()); }

  // The target sentences where a token index occurs, in order, with its repeats there. These
  // four functions require a model made with `postings` (has_postings()).
  struct Posting {
    uint32_t sentence;
    uint32_t count;
  };
  const Posting* postings_begin(int32_t token) const {
    return postings_.data() + posting_begin_[token];
  }
  const Posting* postings_end(int32_t token) const {
    return postings_.data() + posting_begin_[token + 1];
  }
  // The first posting of `token` at target sentence `sentence` or after it.
  const Posting* postings_from(int32_t token, uint32_t sentence) const;
  bool has_postings() const { return !posting_begin_.empty(); }
  // The explainable word and anchor tokens of target sentence j (repeats counted): what the
  // tokens of j weigh when the source explains none of them.
  TokenCounts explainable_counts(uint32_t j) const { return explainable_counts_[j]; }
  // True when there is nothing to compare (no table and no anchors on both sides).
  bool empty() const { return empty_; }

 private:
  // Calls f(index) for the tokens of sentence i of `side` marked in `explainable`: its words
  // (when a table is used) at their ids, then its anchors from `anchor_offset` on. Read from the
  // features through the filter rather than copied: on a long document a copy of every
  // sentence's tokens costs tens of megabytes.
  template <typename F>
  void for_each_explainable(const SideFeatures& side, uint32_t i, int32_t anchor_offset,
                            const std::vector<uint8_t>& explainable, F& f) const {
    if (table_ != nullptr)
      for (uint32_t k = side.words.begin[i]; k < side.words.begin[i + 1]; ++k) {
        const int32_t token = static_cast<int32_t>(side.words.ids[k]);
        if (explainable[token]) f(token);
      }
    if (use_anchors_)
      for (uint32_t k = side.anchors.begin[i]; k < side.anchors.begin[i + 1]; ++k) {
        const int32_t token = anchor_offset + static_cast<int32_t>(side.anchors.ids[k]);
        if (explainable[token]) f(token);
      }
  }

  const SideFeatures& src_;
  const SideFeatures& tgt_;
  const TranslationTable* table_;
  bool use_anchors_;
  int32_t anchor_offset_ = 0;
  std::vector<float> background_;
  std::vector<uint8_t> explainable_;  // per target token index: the source side can explain it
  int32_t source_anchor_offset_ = 0;
  std::vector<float> source_background_;
  std::vector<uint8_t> source_explainable_;  // per source token index: the target side can
  bool empty_ = true;
  std::vector<uint32_t> posting_begin_;  // per target token index: its first posting
  std::vector<Posting> postings_;
  std::vector<TokenCounts> explainable_counts_;  // per target sentence, with postings
};

// The band of DP cells searched: for DP row i (source sentences before i), columns lo[i]..hi[i].
struct Band {
  std::vector<uint32_t> lo, hi;

  size_t rows() const { return lo.size(); }
  bool contains(uint32_t i, uint32_t j) const { return j >= lo[i] && j <= hi[i]; }
  size_t cells() const;
  // Every cell of an (n+1) x (m+1) matrix.
  static Band full(size_t n, size_t m);
  // Cells within `half_width` columns of `center[i]`, widened so consecutive rows connect (a
  // centre that goes back is not followed: rows are made monotone).
  static Band around(const std::vector<double>& center, size_t m, size_t half_width);
  // The same with a half-width per row (`half_widths[i]` for row i, as many as `center`); for
  // a non-decreasing centre every row holds the cells within its own half-width.
  static Band around(const std::vector<double>& center, size_t m,
                     const std::vector<size_t>& half_widths);
  // The union of rectangles [src_begin, src_end] x [tgt_begin, tgt_end] (inclusive DP rows and
  // columns) of consecutive groups, e.g. aligned paragraphs, covering (0, 0) to (n, m).
  static Band from_groups(const std::vector<Bead>& groups, size_t n, size_t m);
  // Adds the cells between DP cells (src_begin, tgt_begin) and (src_end, tgt_end), keeping every
  // cell the band had and keeping it connected: the rectangle between them when it is at most
  // `max_width` columns wide, else a parallelogram of `max_width` columns along the diagonal
  // from one to the other (the cost stays linear in the rows). Returns the cells added.
  size_t add_corridor(uint32_t src_begin, uint32_t src_end, uint32_t tgt_begin, uint32_t tgt_end,
                      size_t max_width);
  // Adds the cells of `other` (a band over as many rows) in each of the row ranges [first, last),
  // keeping every cell the band had and keeping it monotone and connected.
  void add_rows(const Band& other, const std::vector<std::pair<size_t, size_t>>& ranges);

 private:
  // Makes rows monotone and connected, with (0, 0) and (n, m) inside.
  void connect(size_t m);
};

// The lexical part of the score of every pair bead in a band, both directions before their
// weights: computed once (BeadScorer::tabulate_lexical) and read by the scorers of the rounds
// of EM and of a search's forward, backward and posterior passes, which differ only in priors
// and the length model. Without it each of those passes computes the lexical scores again.
class LexicalTable {
 public:
  // True when the table holds shape kShapes[k].
  bool has(int k) const { return slot_[k] >= 0; }
  // True for a table that holds nothing (default-constructed, or made without a lexical model).
  bool empty() const { return row_offset_.empty(); }
  // Bytes a table of the pair shapes active in `params` over `band` takes.
  static size_t bytes(const Band& band, const ScoreParams& params);

 private:
  friend class BeadScorer;
  std::vector<uint32_t> lo_, hi_;    // the band it covers (a scorer's band may be another)
  std::vector<size_t> row_offset_;  // per band row: the index of its first column's cell
  size_t cells_ = 0;
  std::array<int32_t, kShapes.size()> slot_{};  // per shape: its block of cells, or -1
  std::vector<double> forward_;  // [slot * cells_ + row_offset_[i] + (j - lo_[i])]
  std::vector<float> backward_;  // the same cells; empty when backward_weight is 0
  // What the values depend on besides the band and the lexical model.
  double llr_lambda_ = 0, anchor_weight_ = 0;
};

// The lexical values of whole band rows (both directions, per source and target run) a scorer
// computed, for the scorers of a later pass over the same sides and lexical model to read: a
// band widened or recentred around a path shares most of its cells with the band before, and a
// cell's values do not depend on the band. A pass reads one of these and fills another (the
// one it reads may be read by a second thread meanwhile); `max_bytes` bounds what it keeps.
class LexicalRows {
 public:
  explicit LexicalRows(size_t max_bytes = 0) : max_bytes_(max_bytes) {}
  // Whether keeping a search's rows over `band` is worth it with `max_bytes` a set: when a
  // set holds at least a quarter of them (keeping the first rows of a much larger band costs
  // the memory for little of the time; a 1M-sentence pair: 130 MB more, over 1 GiB).
  static bool worth_keeping(const Band& band, size_t max_bytes) {
    return band.cells() * 2 * kMaxRun * sizeof(float) <= 4 * max_bytes;
  }
  // Forgets every row (keeps the byte limit).
  void clear();
  size_t bytes() const { return bytes_; }

 private:
  friend class BeadScorer;
  // Values over columns [lo, hi) (ratio rows: target sentences; backward lines: DP columns
  // lo..hi-1), one array of hi - lo per run length: [run * (hi - lo) + (column - lo)].
  struct Line {
    uint32_t lo = 0, hi = 0;
    std::vector<float> values;
    // Copies columns [from, to) (within [lo, hi)) of the first `runs` arrays into `by_run`,
    // whose arrays start at column `first`.
    void copy_into(std::array<std::vector<float>, kMaxRun>& by_run, uint32_t runs, uint32_t first,
                   uint32_t from, uint32_t to) const {
      const size_t width = hi - lo;
      for (uint32_t a = 0; a < runs; ++a)
        std::copy_n(values.data() + a * width + (from - lo), to - from,
                    by_run[a].data() + (from - first));
    }
  };
  // Keeps the first `runs` arrays of `by_run` (columns [lo, hi)) at `key` of `lines`, unless
  // the line kept there holds as many columns or the byte limit would be passed.
  void keep(std::vector<Line>& lines, size_t key, uint32_t lo, uint32_t hi, uint32_t runs,
            const std::array<std::vector<float>, kMaxRun>& by_run);
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::vector<Line> ratio_;     // per DP row
  std::vector<Line> backward_;  // per source sentence
  // What the values depend on besides the sides (set by the first scorer that keeps some).
  const LexicalModel* lexical_ = nullptr;
  double llr_lambda_ = 0, anchor_weight_ = 0;
  bool set_ = false;
};

// The log-score of a bead pairing two paragraph markers: as likely as a bead can be (a shared
// paragraph boundary), so two markers pair unless the text around them says otherwise; a marker
// left unmatched costs a skip.
inline constexpr double kMarkerPairScore = 0.0;

class BeadScorer {
 public:
  // `lexical` may be null (no lexical score). All arguments must outlive the scorer.
  BeadScorer(const ScoreParams& params, const SideFeatures& src, const SideFeatures& tgt,
             const LexicalModel* lexical, const Band& band);
  // A temporary would not outlive the scorer (an ASan stack-use-after-scope found it once).
  BeadScorer(ScoreParams&&, const SideFeatures&, const SideFeatures&, const LexicalModel*,
             const Band&) = delete;

  // Log-score of the bead ending at DP cell (i, j) with shape kShapes[k]: source sentences
  // [i - src, i), target sentences [j - tgt, j). Fastest when called row by row.
  // Paragraph markers (SideFeatures::marker_prefix) pair only with each other: a 1-1 bead of
  // two markers scores kMarkerPairScore, a lone marker (1-0, 0-1) what any skip does, and any
  // other bead holding a marker -infinity, so the search never puts text with a marker.
  double score(uint32_t i, uint32_t j, int k);
  // The same scores for a whole DP row at once: out[j - lo] = score(i, j, k) for the columns
  // j = lo..hi (-infinity where fewer than the shape's target sentences lie before j). Requires
  // i >= kShapes[k].src. A row at a time lets the loops run over plain arrays.
  void score_row(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out);
  // For the bead ending at (i, j) with shape kShapes[k]: of its target tokens that the source
  // side can explain, how many the source run explains (the expected count of the translation
  // component of the lexical mixture), and how many there are. For fitting llr_lambda.
  struct Explained {
    double explained = 0;
    double tokens = 0;
  };
  Explained explained_tokens(uint32_t i, uint32_t j, int k);
  // False for a shape whose prior is 0: the search leaves it out.
  bool active(int k) const { return active_[k]; }
  // The parameters the scores come from.
  const ScoreParams& params() const { return params_; }
  // Computes the lexical part of a row from the postings of the source run's tokens
  // (LexicalModel made with `postings`) rather than from every target token of the row: for a
  // band whose rows span most of the target side (the whole block matrix of block_path), where
  // a source run shares tokens with few of the row's sentences. The sums come in another order:
  // the scores differ from the dense ones in the last bits, so a search uses one or the other.
  void use_postings(bool on) {
    sparse_rows_ = on && lexical_ != nullptr && lexical_->has_postings();
    if (sparse_rows_) rows_from_ = rows_into_ = nullptr;  // use_rows does not apply
  }
  // The lexical part of every active pair shape's beads over the band (LexicalTable).
  LexicalTable tabulate_lexical();
  // Reads the lexical part of the shapes and cells `table` holds from it (it must outlive the
  // scorer and have been made by a scorer over the same sides and lexical model, over any
  // band). Ignored when it was computed with another llr_lambda or anchor_weight. The scores
  // are the same either way.
  void use_table(const LexicalTable* table);
  // Reads the lexical values of whole rows `from` holds (LexicalRows; it must outlive the
  // scorer, come from a scorer over the same sides and lexical model and not change while
  // this one reads it), and keeps the ones it computes in `into` (null: keeps none; only this
  // scorer may use `into` meanwhile), reading them again from there. The scores are the same
  // either way. Not with use_postings.
  void use_rows(const LexicalRows* from, LexicalRows* into);

 private:
  // Source sentence s projected into token space.
  struct SourceRow {
    int64_t sentence = -1;
    Eigen::VectorXf expected;
    std::vector<int32_t> touched;
    LexicalModel::TokenCounts tokens;
  };
  // For DP row i: the log-likelihood ratio of each target sentence t given the source runs
  // [i - a, i), a = 1..kMaxRun, so that a bead's score is a sum over its target sentences.
  struct RatioRow {
    int64_t row = -1;
    uint32_t col_lo = 0, col_hi = 0;  // target sentences [col_lo, col_hi)
    std::array<std::vector<float>, kMaxRun> by_run;
  };
  // For source sentence s: the log-likelihood ratio of its tokens given each target run
  // [j - b, j), b = 1..max_tgt_run_, over the columns j of the DP rows whose beads contain s,
  // so that a bead's other-direction score is a sum over its source sentences.
  struct BackwardLine {
    int64_t sentence = -1;
    uint32_t col_lo = 0, col_hi = 0;  // DP columns [col_lo, col_hi]
    std::array<std::vector<float>, kMaxRun> by_run;
  };
  // One distinct explainable token of the source sentence a BackwardLine is computed for.
  struct Slot {
    float weight = 0;  // its repeats, times anchor_weight for an anchor
    float scale = 0;   // lambda / its background probability
    bool anchor = false;
  };
  // A (slot, expected count) contribution of one target token, linked per target token.
  struct SlotLink {
    int32_t slot;
    float value;
    int32_t next;
  };
  // For DP row i: the other direction's score of every bead ending in the row, by source run
  // a and target run b (sums of the BackwardLines of source sentences i-a..i-1), so that a
  // bead's score is one lookup.
  struct BackwardRow {
    int64_t row = -1;
    bool whole = false;  // every column of the band's row, else [col_lo, col_lo + width)
    uint32_t col_lo = 0;
    uint32_t width = 0;
    std::vector<float> sums;  // [(a - 1) * kMaxRun + (b - 1)] * width + (j - col_lo)
  };
  SourceRow& source_row(uint32_t s);
  // The caches below hold a row (or line) for the columns asked, recomputed when a request is
  // not covered. A whole DP row asks for the band's columns (a line: those of every row
  // containing its sentence, so that consecutive rows share it); one cell (score(), e.g. the
  // posterior of each bead of a path, row after row) asks only for its own: the values of a
  // column do not depend on the others, so both give the same numbers.
  const RatioRow& ratio_row(uint32_t i, uint32_t t_lo, uint32_t t_hi, bool whole = false);
  void sparse_ratio_row(RatioRow& row, const std::array<SourceRow*, kMaxRun>& sources,
                        uint32_t runs, const std::array<float, kMaxRun>& inv_words,
                        const std::array<float, kMaxRun>& inv_anchors);
  const BackwardLine& backward_line(uint32_t s, uint32_t col_lo, uint32_t col_hi,
                                    bool whole = false);
  // The kept line for ratio row (`ratio`) or backward line `key` holding some of columns
  // [lo, hi): one the scorer kept itself holding them all, else one of rows_from_, or null.
  const LexicalRows::Line* reusable_line(bool ratio, size_t key, uint32_t lo, uint32_t hi,
                                         uint32_t runs) const;
  // The line of `lines` at `key` (of `runs` run lengths) holding some of columns [lo, hi), or
  // null.
  const LexicalRows::Line* reusable(const std::vector<LexicalRows::Line>& lines, size_t key,
                                    uint32_t lo, uint32_t hi, uint32_t runs) const;
  const BackwardRow& backward_row(uint32_t i, uint32_t lo, uint32_t hi, bool whole);
  // The length term of beads of `tgt_count` target sentences (scorer.cc), its numbers copied
  // out of the scorer so that a row's loop keeps them in registers.
  struct LengthCost;
  LengthCost length_cost(int tgt_count) const;
  // score_row for columns lo..hi, for the band's whole row (`whole`) or just those columns.
  void score_cells(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out, bool whole);
  // score_cells without the marker rule, and the rule applied to a row of its scores.
  void score_text_row(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out, bool whole);
  void apply_markers(uint32_t i, uint32_t lo, uint32_t hi, int k, double* out) const;
  // The lexical parts of the beads of shape k ending at (i, first..first + count - 1): the
  // forward sum (before llr_weight) into `forward`, and the backward sums (before their
  // weight; only when backward_weight is not 0) into `backward`.
  void lexical_parts(uint32_t i, uint32_t lo, uint32_t hi, uint32_t first, uint32_t count,
                     int k, bool whole, double* forward, const float** backward);

  const ScoreParams& params_;
  const SideFeatures& tgt_;
  // Marker prefix counts (SideFeatures::marker_prefix), null for a side without markers.
  const uint32_t* src_markers_ = nullptr;
  const uint32_t* tgt_markers_ = nullptr;
  const LexicalModel* lexical_;
  const Band& band_;
  const LexicalTable* table_ = nullptr;
  const LexicalRows* rows_from_ = nullptr;
  LexicalRows* rows_into_ = nullptr;
  bool sparse_rows_ = false;
  std::vector<uint8_t> token_seen_;     // scratch of the sparse rows: per token index
  std::vector<uint64_t> run_token_bits_;  // scratch of the dense rows: a bit per token index
  std::vector<int32_t> run_tokens_;     // the distinct tokens of a source run
  std::vector<double> lexical_scratch_;
  std::vector<float> length_scratch_;
  std::array<double, kShapes.size()> log_prior_;
  std::array<bool, kShapes.size()> active_{};
  uint32_t max_src_run_ = 1;  // longest source run of an active shape
  std::vector<float> mix_table_;  // log((1 - eps) e^x + eps) on a grid
  float mix_log_keep_ = 0;        // log(1 - eps)
  double log_variance_ = 0;
  double gamma_scale_ = 1;        // of target sentence lengths
  std::array<double, kMaxRun + 1> gamma_shape_minus_one_{}, gamma_log_norm_{};
  std::vector<double> src_prefix_, tgt_prefix_;  // length sums of the first k sentences
  double inv_variance_ = 1.0, inv_ratio_ = 1.0;
  double ratio_spread2_ = 0;  // (length_ratio_spread * length_ratio)^2
  std::array<SourceRow, kMaxRun + 1> source_rows_;
  std::array<RatioRow, kMaxRun + 1> ratio_rows_;
  uint32_t max_tgt_run_ = 1;  // longest target run of an active shape
  std::array<BackwardLine, kMaxRun + 1> backward_lines_;
  std::array<BackwardRow, kMaxRun + 1> backward_rows_;  // the backward DP pass reads a few rows
  // log G_b(length of target sentences [j - b, j)) at [j * max_tgt_run_ + b - 1]: the background of
  // the length ratio, the same for every source run.
  std::vector<float> log_gamma_;
  // Scratch of backward_line, kept to avoid allocation per source sentence.
  std::vector<Slot> slots_;
  std::vector<int32_t> slot_tokens_;  // the source token of each slot
  std::vector<int32_t> slot_of_;      // per source token index: its slot, or -1
  std::vector<int32_t> link_head_;    // per target token index: first SlotLink, or -1
  std::vector<int32_t> linked_;       // target token indices with a link
  std::vector<SlotLink> links_;
  std::vector<uint32_t> entry_begin_;  // per target sentence of the line: its first entry
  std::vector<uint32_t> sparse_next_;  // filling entries_ from postings
  std::vector<std::pair<int32_t, float>> entries_;  // (slot, expected count)
  std::vector<float> slot_sum_;
  std::vector<int32_t> run_slots_;
};

}  // namespace talign
