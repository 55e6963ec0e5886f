#include "align/align/aligner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>

#include "align/align/dictionary.h"
#include "align/align/dp.h"
#include "align/align/guide.h"
#include "align/align/lexicon.h"

namespace talign {

void set_score_stats(const std::vector<Bead>& beads, size_t src_size, size_t tgt_size,
                     AlignmentStats& stats) {
  double score_sum = 0, confident_src = 0, confident_tgt = 0;
  size_t scored = 0;
  for (const Bead& b : beads) {
    if (b.score < 0) continue;
    score_sum += b.score;
    ++scored;
    if (b.src_count > 0 && b.tgt_count > 0 && b.score >= 0.5) {
      confident_src += b.src_count;
      confident_tgt += b.tgt_count;
    }
  }
  stats.mean_score = scored ? score_sum / double(scored) : 0.0;
  stats.confident_share = scored < beads.size()
                              ? 1.0
                              : std::max(src_size ? confident_src / double(src_size) : 0.0,
                                         tgt_size ? confident_tgt / double(tgt_size) : 0.0);
}

bool covers_exactly(const std::vector<Bead>& beads, size_t src_size, size_t tgt_size) {
  size_t s = 0, t = 0;
  for (const Bead& b : beads) {
    if (b.src_begin != s || b.tgt_begin != t || (b.src_count == 0 && b.tgt_count == 0))
      return false;
    s += b.src_count;
    t += b.tgt_count;
  }
  return s == src_size && t == tgt_size;
}

bool set_parameter(AlignOptions& options, const std::string& name, double value) {
  ScoreParams& p = options.params;
  // Each parameter has a domain outside which scores stop being probabilities (NaN, infinity).
  auto in = [&](double lo, double hi, bool open_lo) {
    return std::isfinite(value) && (open_lo ? value > lo : value >= lo) && value <= hi;
  };
  if (name == "skip_bonus" && in(-50, 50, false)) p.skip_bonus = value;
  else if (name == "temperature" && in(0, 100, true)) p.temperature = value;
  else if (name == "llr_lambda" && in(0, 0.999, true)) p.llr_lambda = value;
  else if (name == "llr_weight" && in(0, 100, false)) p.llr_weight = value;
  else if (name == "anchor_weight" && in(0, 100, false)) p.anchor_weight = value;
  else if (name == "min_prob" && in(0, 1, true)) options.lexicon_min_prob = static_cast<float>(value);
  else if (name == "train_posterior" && in(0, 1, false)) options.train_min_posterior = value;
  else if (name == "ibm_iterations" && in(1, 100, false)) options.ibm_iterations = int(value);
  else if (name == "prior_weight" && in(0, 1e12, false)) options.prior_weight = value;
  else {
    for (size_t k = 0; k < kShapes.size(); ++k)
      if (name == "prior_" + std::to_string(kShapes[k].src) + "-" + std::to_string(kShapes[k].tgt)) {
        if (!in(0, 1, true)) return false;
        p.prior[k] = value;
        return true;
      }
    return false;
  }
  return true;
}

namespace {

// Runs the DP in a band around `center`, widening it while the best path runs along its edge.
DpResult search(const DocumentFeatures& f, const ScoreParams& params,
                const LexicalModel* lexical, const std::vector<double>& center,
                const AlignOptions& options, size_t half_width, bool posteriors,
                AlignmentStats& stats, const std::function<void(double)>& progress = {},
                Band* final_band = nullptr) {
  const size_t n = f.src.size(), m = f.tgt.size();
  const bool full = double(n + 1) * double(m + 1) <= double(options.full_matrix_cells);
  half_width = std::max<size_t>(half_width,
                                3 * static_cast<size_t>(std::ceil(double(m + 1) / (n + 1))));
  for (;;) {
    const bool whole = full || 2 * half_width + 1 >= m + 1;
    const Band band = whole ? Band::full(n, m) : Band::around(center, m, half_width);
    BeadScorer scorer(params, f.src, f.tgt, lexical, band);
    BeadScorer backward_scorer(params, f.src, f.tgt, lexical, band);
    DpResult result =
        run_dp(band, m, scorer, params.temperature, posteriors,
               options.parallel_backward ? &backward_scorer : nullptr, progress);
    stats.band_width = whole ? 0 : half_width;
    // Also stop when a doubled band would not fit the memory budget (max_dp_cells).
    if (whole || !result.touches_edge || 2 * band.cells() > options.max_dp_cells) {
      if (final_band != nullptr) *final_band = band;
      return result;
    }
    ++stats.band_retries;
    half_width *= 2;
  }
}

// Re-estimates the length ratio and variance from confident 1-1 beads (robustly: the median of
// squared standardised residuals, which is 0.455 for a normal variable).
void estimate_length_model(const DocumentFeatures& f, const std::vector<Bead>& beads,
                           double min_posterior, ScoreParams& params) {
  double sum_s = 0, sum_t = 0;
  std::vector<const Bead*> confident;
  for (const Bead& b : beads)
    if (b.src_count == 1 && b.tgt_count == 1 && b.score >= min_posterior) {
      confident.push_back(&b);
      sum_s += f.src.length[b.src_begin];
      sum_t += f.tgt.length[b.tgt_begin];
    }
  if (confident.size() < 10 || sum_s <= 0 || sum_t <= 0) return;
  const double c = sum_t / sum_s;
  std::vector<double> squared;
  squared.reserve(confident.size());
  for (const Bead* b : confident) {
    const double ls = f.src.length[b->src_begin], lt = f.tgt.length[b->tgt_begin];
    const double r = (lt - c * ls) / std::sqrt((ls + lt / c) * 0.5);
    squared.push_back(r * r);
  }
  std::nth_element(squared.begin(), squared.begin() + squared.size() / 2, squared.end());
  const double variance = squared[squared.size() / 2] / 0.455;
  params.length_ratio = c;
  params.length_variance = std::clamp(variance, 0.5, 50.0);
}

// Bead-type priors from the first pass's path, smoothed towards the defaults with `weight`
// pseudo-beads: documents differ a lot (captions without translation, merged sentences).
void estimate_priors(const std::vector<Bead>& beads, double weight, ScoreParams& params) {
  std::array<double, kShapes.size()> count{};
  double total = 0;
  for (const Bead& b : beads)
    for (size_t k = 0; k < kShapes.size(); ++k)
      if (kShapes[k].src == b.src_count && kShapes[k].tgt == b.tgt_count) {
        count[k] += 1;
        total += 1;
      }
  double norm = 0;
  for (size_t k = 0; k < kShapes.size(); ++k) {
    params.prior[k] = (count[k] + weight * params.prior[k]) / (total + weight);
    norm += params.prior[k];
  }
  for (double& p : params.prior) p /= norm;
}

// Target graphemes per source grapheme. The documents' totals mislead when one side is only
// partly translated, so the median over sentence pairs linked by a rare anchor is preferred
// when there are enough of them, and typical sentence lengths when the counts are far apart.
double initial_length_ratio(const DocumentFeatures& f,
                            const std::vector<std::pair<uint32_t, uint32_t>>& chain) {
  constexpr size_t kMinAnchorPairs = 8;
  if (chain.size() >= kMinAnchorPairs) {
    std::vector<double> ratios;
    ratios.reserve(chain.size());
    for (const auto& [s, t] : chain) ratios.push_back(f.tgt.length[t] / f.src.length[s]);
    std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
    return ratios[ratios.size() / 2];
  }
  // Sentence counts far apart mean one side has text the other lacks: compare typical
  // sentences (medians) rather than totals.
  const size_t n = f.src.size(), m = f.tgt.size();
  if (n > 0 && m > 0 && (n > 2 * m || m > 2 * n)) {
    std::vector<float> src(f.src.length), tgt(f.tgt.length);
    std::nth_element(src.begin(), src.begin() + n / 2, src.end());
    std::nth_element(tgt.begin(), tgt.begin() + m / 2, tgt.end());
    return double(tgt[m / 2]) / double(src[n / 2]);
  }
  double total_s = 0, total_t = 0;
  for (float l : f.src.length) total_s += l;
  for (float l : f.tgt.length) total_t += l;
  return total_s > 0 && total_t > 0 ? total_t / total_s : 1.0;
}

// Keeps IBM-1's memory bounded (a few pairs of sentences hundreds of words long would need
// gigabytes): drops pairs over 1% of `budget` cells, then thins the rest evenly to fit it.
void limit_training_cells(const DocumentFeatures& f, size_t budget,
                          std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  auto cells = [&f](const std::pair<uint32_t, uint32_t>& p) {
    return size_t(f.src.words.count(p.first) + 1) * size_t(f.tgt.words.count(p.second) + 1);
  };
  std::erase_if(pairs, [&](const auto& p) { return cells(p) > budget / 100; });
  size_t total = 0;
  for (const auto& p : pairs) total += cells(p);
  if (total <= budget) return;
  std::vector<std::pair<uint32_t, uint32_t>> sample;
  const size_t keep = static_cast<size_t>(double(pairs.size()) * double(budget) / double(total));
  for (size_t k = 0; k < keep; ++k) sample.push_back(pairs[k * pairs.size() / keep]);
  total = 0;
  for (const auto& p : sample) total += cells(p);
  while (total > budget) {  // evenly spaced pairs may still be a little over
    total -= cells(sample.back());
    sample.pop_back();
  }
  pairs.swap(sample);
}

// Paragraphs as units: lengths added, word and anchor ids concatenated. `first` gets the index
// of each paragraph's first sentence, and the sentence count at the end.
SideFeatures paragraphs_of(const SideFeatures& s, std::vector<uint32_t>& first) {
  SideFeatures p;
  first.clear();
  for (uint32_t i = 0; i < s.size(); ++i) {
    if (i == 0 || s.paragraph[i] != s.paragraph[i - 1]) {
      if (i > 0) {
        p.words.close_row();
        p.anchors.close_row();
      }
      first.push_back(i);
      p.length.push_back(0);
      p.paragraph.push_back(static_cast<uint32_t>(p.paragraph.size()));
    }
    p.length.back() += s.length[i];
    p.words.ids.insert(p.words.ids.end(), s.words.data(i), s.words.data(i) + s.words.count(i));
    p.anchors.ids.insert(p.anchors.ids.end(), s.anchors.data(i),
                         s.anchors.data(i) + s.anchors.count(i));
  }
  if (!first.empty()) {
    p.words.close_row();
    p.anchors.close_row();
  }
  first.push_back(static_cast<uint32_t>(s.size()));
  return p;
}

// Aligns paragraphs (when both sides have several) and returns the sentence band they allow, or
// nothing when the paragraph alignment is not trustworthy: the structures disagree.
std::optional<Band> paragraph_band(const DocumentFeatures& f, const TranslationTable* table,
                                   const ScoreParams& sentence_params, const AlignOptions& options) {
  std::vector<uint32_t> src_first, tgt_first;
  const SideFeatures ps = paragraphs_of(f.src, src_first);
  const SideFeatures pt = paragraphs_of(f.tgt, tgt_first);
  const size_t np = ps.size(), mp = pt.size();
  if (np < 2 || mp < 2 || double(np + 1) * double(mp + 1) > double(options.full_matrix_cells))
    return std::nullopt;
  ScoreParams params = sentence_params;
  params.prior = options.params.prior;  // sentence-level estimates do not carry over
  const LexicalModel model(f, ps, pt, table, options.use_anchors);
  const Band band = Band::full(np, mp);
  BeadScorer scorer(params, ps, pt, &model, band);
  const DpResult result = run_dp(band, mp, scorer, 1.0);
  double confidence = 0;
  for (const Bead& b : result.beads) confidence += b.score;
  confidence /= double(std::max<size_t>(result.beads.size(), 1));
  if (confidence < options.paragraph_min_confidence) return std::nullopt;
  std::vector<Bead> groups;
  for (const Bead& b : result.beads) {
    Bead g;
    g.src_begin = src_first[b.src_begin];
    g.src_count = src_first[b.src_end()] - g.src_begin;
    g.tgt_begin = tgt_first[b.tgt_begin];
    g.tgt_count = tgt_first[b.tgt_end()] - g.tgt_begin;
    groups.push_back(g);
  }
  return Band::from_groups(groups, f.src.size(), f.tgt.size());
}

}  // namespace

Alignment align_documents(const SentenceList& src, const SentenceList& tgt,
                          const AlignOptions& options, std::string* lexicon_out) {
  const auto started = std::chrono::steady_clock::now();
  Alignment alignment;
  AlignmentStats& stats = alignment.stats;
  FeatureOptions feature_options;
  if (!options.use_anchors) feature_options = FeatureOptions{false, false, false, false};
  DocumentFeatures f = build_features(src, tgt, feature_options);
  const size_t n = f.src.size(), m = f.tgt.size();

  ScoreParams params = options.params;
  params.use_length = options.use_length;
  // Pass 1: length and anchors (and a dictionary), band around the anchor chain.
  const auto chain = options.use_anchors ? anchor_chain(f)
                                         : std::vector<std::pair<uint32_t, uint32_t>>();
  stats.anchors = chain.size();
  stats.anchor_points = chain;
  params.length_ratio = initial_length_ratio(f, chain);
  stats.length_ratio = params.length_ratio;

  // A dictionary is knowledge from outside: it helps from the first pass on. A loaded lexicon
  // takes the place of the trained one, in the second pass, so that --lexicon-in with a table
  // from --lexicon-out reproduces the alignment that wrote it.
  TranslationTable given;
  if (options.use_lexicon && options.dictionary != nullptr)
    given.add_dictionary(*options.dictionary, f, 1.0f);
  const LexicalModel first_model(f, &given, options.use_anchors);
  // The first pass needs only its path: its 1-1 beads train the lexicon.
  // Progress: the first pass is about a third of the work, the second the rest.
  auto report = [&](double from, double to) -> std::function<void(double)> {
    if (!options.progress) return {};
    return [&options, from, to](double share) { options.progress(from + share * (to - from)); };
  };
  DpResult pass = search(f, params, &first_model, guide_from_anchors(chain, n, m), options,
                         options.min_half_width, options.first_pass_posteriors, stats,
                         report(0.0, 0.35));

  // Pass 2: re-estimated length model; a lexicon trained on the confident beads of pass 1.
  estimate_length_model(f, pass.beads, options.train_min_posterior, params);
  estimate_priors(pass.beads, options.prior_weight, params);
  TranslationTable trained;
  const TranslationTable* table = &given;
  if (options.use_lexicon && options.lexicon_in != nullptr) {
    trained = TranslationTable::from_tsv(*options.lexicon_in, options.lexicon_in_name, f);
    if (options.dictionary != nullptr) trained.add_dictionary(*options.dictionary, f, 1.0f);
    table = &trained;
  } else if (options.use_lexicon) {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (const Bead& b : pass.beads)
      if (b.src_count == 1 && b.tgt_count == 1 && b.score >= options.train_min_posterior)
        pairs.emplace_back(b.src_begin, b.tgt_begin);
    if (pairs.size() > options.max_training_pairs) {
      // Evenly spaced, so the whole document is represented; IBM-1 memory grows with the pairs.
      std::vector<std::pair<uint32_t, uint32_t>> sample;
      sample.reserve(options.max_training_pairs);
      for (size_t k = 0; k < options.max_training_pairs; ++k)
        sample.push_back(pairs[k * pairs.size() / options.max_training_pairs]);
      pairs.swap(sample);
    }
    limit_training_cells(f, options.max_training_cells, pairs);
    if (pairs.size() >= 5) {
      trained = TranslationTable::train(f, pairs, options.ibm_iterations, options.lexicon_min_prob);
      if (options.dictionary != nullptr) trained.add_dictionary(*options.dictionary, f, 1.0f);
      table = &trained;
    }
  }
  stats.lexicon_entries = table->entry_count();
  const LexicalModel second_model(f, table, options.use_anchors);
  std::optional<Band> paragraphs;
  if (options.paragraph_first) paragraphs = paragraph_band(f, table, params, options);
  if (paragraphs && paragraphs->cells() > options.max_dp_cells) paragraphs.reset();  // too big
  Band final_band;
  if (paragraphs) {
    stats.paragraph_first = true;
    if (options.keep_band) final_band = *paragraphs;
    BeadScorer scorer(params, f.src, f.tgt, &second_model, *paragraphs);
    BeadScorer backward_scorer(params, f.src, f.tgt, &second_model, *paragraphs);
    pass = run_dp(*paragraphs, m, scorer, params.temperature, true,
                  options.parallel_backward ? &backward_scorer : nullptr, report(0.4, 1.0));
  } else {
    pass = search(f, params, &second_model, guide_from_beads(pass.beads, n, m), options,
                  options.second_half_width, true, stats, report(0.4, 1.0),
                  options.keep_band ? &final_band : nullptr);
  }
  stats.band_lo = std::move(final_band.lo);
  stats.band_hi = std::move(final_band.hi);

  if (options.progress) options.progress(1.0);
  if (lexicon_out != nullptr) *lexicon_out = table->to_tsv(f);
  alignment.beads = std::move(pass.beads);
  set_score_stats(alignment.beads, n, m, stats);
  stats.length_ratio = params.length_ratio;
  stats.length_variance = params.length_variance;
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return alignment;
}

}  // namespace talign
