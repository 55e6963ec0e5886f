#include "align/align/aligner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>

#include "align/align/band_search.h"
#include "align/align/dictionary.h"
#include "align/align/dp.h"
#include "align/align/guide.h"
#include "align/align/lexicon.h"
#include "align/align/model_fit.h"
#include "align/common/parallel.h"

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
  else if (name == "score_floor" && in(0, 0.5, false)) p.score_floor = value;
  else if (name == "score_discount" && in(0, 0.5, false)) p.score_discount = value;
  else if (name == "length_outlier" && in(0, 0.999, true)) p.length_outlier = value;
  else if (name == "llr_lambda" && in(0, 0.999, true)) p.llr_lambda = value;
  else if (name == "llr_weight" && in(0, 100, false)) p.llr_weight = value;
  else if (name == "anchor_weight" && in(0, 100, false)) p.anchor_weight = value;
  else if (name == "backward_weight" && in(0, 100, false)) p.backward_weight = value;
  else if (name == "min_prob" && in(0, 1, true)) options.lexicon_min_prob = static_cast<float>(value);
  else if (name == "train_posterior" && in(0, 1, false)) options.train_min_posterior = value;
  else if (name == "train_sure" && in(0, 1, false)) options.train_sure_posterior = value;
  else if (name == "ibm_iterations" && in(1, 100, false)) options.ibm_iterations = int(value);
  else if (name == "prior_weight" && in(0, 1e12, false)) options.fit.prior_pseudo_beads = value;
  else if (name == "fit_iterations" && in(0, 100, false)) options.fit.max_iterations = int(value);
  else if (name == "extend_threshold" && in(0, 1, false)) options.fit.extend_threshold = value;
  else if (name == "choose_unit" && in(0, 1, false)) options.fit.choose_unit = value != 0;
  else if (name == "skip_runs" && in(0, 1, false)) options.fit.skip_runs = value != 0;
  else if (name == "fit_sample" && in(0, 1e9, false)) options.fit_sample_sentences = size_t(value);
  else if (name == "repair_window" && in(0, 1e6, false)) options.repair_window = size_t(value);
  else if (name == "repair_low" && in(0, 1, false)) options.repair_low = value;
  else if (name == "repair_high" && in(0, 1, false)) options.repair_high = value;
  else if (name == "repair_cells" && in(1, 1e7, false)) options.repair_cells = size_t(value);
  else if (name == "repair_rounds" && in(0, 100, false)) options.repair_rounds = int(value);
  else if (name == "repair_skip_share" && in(0, 1, false)) options.repair_skip_share = value;
  else if (name == "guide_blocks" && in(0, 1e6, false)) options.guide_blocks = size_t(value);
  else if (name == "segment_beads" && in(0, 1e9, false)) options.segment_beads = size_t(value);
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

// A bead is doubtful when the posteriors around it are low, or when around it the path skips
// as often as it pairs: a path that lost its way skips sentences on both sides in turn, pairing
// a stray one now and then, and its posteriors can still be high (they only compare paths
// inside the band). A clean gap (a long run of skips) is doubtful only at its ends.
std::vector<Stretch> doubtful_stretches(const std::vector<Bead>& beads, size_t window, double low,
                                        double high, double skip_share) {
  std::vector<Stretch> stretches;
  const size_t count = beads.size();
  if (window == 0 || count == 0) return stretches;
  std::vector<double> prefix(count + 1, 0.0);
  std::vector<size_t> skips(count + 1, 0);
  for (size_t k = 0; k < count; ++k) {
    prefix[k + 1] = prefix[k] + std::max(0.0f, beads[k].score);
    skips[k + 1] = skips[k] + (beads[k].src_count == 0 || beads[k].tgt_count == 0);
  }
  auto range = [&](size_t k) {
    return std::pair(k > window ? k - window : 0, std::min(count, k + window + 1));
  };
  auto mean = [&](size_t k) {
    const auto [first, last] = range(k);
    return (prefix[last] - prefix[first]) / double(last - first);
  };
  auto wandering = [&](size_t k) {
    const auto [first, last] = range(k);
    const size_t skipped = skips[last] - skips[first];
    return skipped < last - first && double(skipped) >= skip_share * double(last - first);
  };
  auto doubtful = [&](size_t k) { return mean(k) < low || wandering(k); };
  // An anchor of the corridor fixes a point of the alignment: a pair, not a skip (a skip only
  // says where the path is not), and not one among wandering beads.
  auto confident = [&](size_t k) {
    return beads[k].src_count > 0 && beads[k].tgt_count > 0 && beads[k].score >= high &&
           mean(k) >= high && !wandering(k);
  };
  for (size_t k = 0; k < count;) {
    if (!doubtful(k)) {
      ++k;
      continue;
    }
    size_t end = k + 1;
    while (end < count && doubtful(end)) ++end;
    size_t begin = k;
    while (begin > 0 && !confident(begin - 1)) --begin;
    size_t grown_end = end;
    while (grown_end < count && !confident(grown_end)) ++grown_end;
    // A confident island shorter than the doubtful stretches on both sides of it may be a
    // wrong path that happens to read well (a passage the text repeats): no anchor either.
    const bool merge =
        !stretches.empty() &&
        (begin <= stretches.back().end ||
         begin - stretches.back().end <
             std::min(stretches.back().end - stretches.back().begin, grown_end - begin));
    if (merge)
      stretches.back().end = std::max(stretches.back().end, grown_end);
    else
      stretches.push_back({begin, grown_end});
    k = end;
  }
  return stretches;
}

void repair(const DocumentFeatures& f, const ScoreParams& params, const LexicalModel* lexical,
            const AlignOptions& options, Band& band, DpResult& result, AlignmentStats& stats,
            LexicalTable* shared) {
  const size_t n = f.src.size(), m = f.tgt.size();
  for (int round = 0; round < options.repair_rounds; ++round) {
    const std::vector<Stretch> stretches =
        doubtful_stretches(result.beads, options.repair_window, options.repair_low,
                           options.repair_high, options.repair_skip_share);
    if (stretches.empty()) return;
    auto add_corridors = [&](Band& to, size_t width) {
      size_t added = 0;
      for (const Stretch& s : stretches) {
        const Bead& first = result.beads[s.begin];
        const Bead& last = result.beads[s.end - 1];
        added += to.add_corridor(first.src_begin, last.src_end(), first.tgt_begin,
                                 last.tgt_end(), width);
      }
      return added;
    };
    // A round's corridors are narrowed when they would add more than kRepairBands times the
    // band's cells (the books of eval-books add up to 1.2 times). Stretches that long are a
    // document the model can hardly align: the length model alone on bench-align's real 100k
    // pair has one stretch of the whole document, 110 million cells at 1,000 columns, and
    // the same strict F1 (0.653) with 90 (47 million: the corridor also takes in the cells
    // between it and the path where the path strays). Not repairing it at all costs more
    // than half its F1 (0.177).
    constexpr size_t kRepairBands = 4;
    size_t width = options.repair_cells;
    Band wider = band;
    size_t added = add_corridors(wider, width);
    const size_t budget = kRepairBands * band.cells();
    if (added > budget) {
      width = std::max<size_t>(1, width * budget / added);
      wider = band;
      added = add_corridors(wider, width);
    }
    // Nothing new to search (e.g. the whole matrix was searched), or over the memory budget.
    if (added == 0 || wider.cells() > options.max_dp_cells) return;
    // The held path (each bead's rectangle: the path and its local variants) and the corridors.
    Band local = Band::from_groups(result.beads, n, m);
    std::vector<uint8_t> held(result.beads.size(), 1);
    add_corridors(local, width);
    for (const Stretch& s : stretches) std::fill(held.begin() + s.begin, held.begin() + s.end, 0);
    BeadScorer scorer(params, f.src, f.tgt, lexical, local);
    std::optional<BeadScorer> backward_scorer;
    if (options.two_threads) backward_scorer.emplace(params, f.src, f.tgt, lexical, local);
    DpResult retry =
        run_dp_shared(local, m, params, scorer, backward_scorer ? &*backward_scorer : nullptr, true,
                      options.keep_scores_bytes, {}, shared);
    stats.repairs += stretches.size();
    auto same_bead = [](const Bead& a, const Bead& b) {
      return a.src_begin == b.src_begin && a.tgt_begin == b.tgt_begin &&
             a.src_count == b.src_count && a.tgt_count == b.tgt_count;
    };
    // The old path lies in the local band, so the new one scores at least as well; only
    // rounding could make it score less.
    if (!(retry.best_score >= result.best_score)) return;
    band = std::move(wider);
    const bool same = std::equal(retry.beads.begin(), retry.beads.end(), result.beads.begin(),
                                 result.beads.end(), same_bead);
    // Outside the corridors a posterior of the thin band says nothing (hardly anything else
    // was searched there): a held bead keeps the one it had, and a bead the thin band changed
    // (a 2-1 bead become 1-1 + 1-0 inside its rectangle) takes the lowest of the old beads it
    // overlaps. Beads inside a corridor get the search's.
    auto in_corridor = [&](const Bead& b) {
      for (const Stretch& st : stretches) {
        const Bead& first = result.beads[st.begin];
        const Bead& last = result.beads[st.end - 1];
        if (b.src_begin >= first.src_begin && b.src_end() <= last.src_end() &&
            b.tgt_begin >= first.tgt_begin && b.tgt_end() <= last.tgt_end())
          return true;
      }
      return false;
    };
    size_t k = 0;
    for (Bead& b : retry.beads) {
      while (k < result.beads.size() && (result.beads[k].src_end() <= b.src_begin &&
                                         result.beads[k].tgt_end() <= b.tgt_begin) &&
             !(result.beads[k].src_begin == b.src_begin &&
               result.beads[k].tgt_begin == b.tgt_begin))
        ++k;
      if (k < result.beads.size() && same_bead(result.beads[k], b)) {
        if (held[k]) b.score = result.beads[k].score;
        continue;
      }
      if (in_corridor(b)) continue;
      float lowest = b.score;
      for (size_t o = k; o < result.beads.size(); ++o) {
        const Bead& old = result.beads[o];
        if (old.src_begin >= b.src_end() && old.tgt_begin >= b.tgt_end()) break;
        lowest = std::min(lowest, old.score);
      }
      b.score = lowest;
    }
    retry.touches_edge = result.touches_edge;
    result = std::move(retry);
    if (same) return;  // the path did not move: searching again would find it again
  }
}

namespace {

// One side's sentences [begin, end) as a document of their own (word and anchor ids kept).
SideFeatures slice(const SideFeatures& s, uint32_t begin, uint32_t end) {
  SideFeatures out;
  auto part = [&](const std::vector<float>& v) {
    return std::vector<float>(v.begin() + begin, v.begin() + end);
  };
  out.length = part(s.length);
  out.graphemes = part(s.graphemes);
  out.bytes = part(s.bytes);
  out.word_count = part(s.word_count);
  out.paragraph.assign(s.paragraph.begin() + begin, s.paragraph.begin() + end);
  if (s.markers_in(begin, end) > 0)
    for (uint32_t i = begin; i <= end; ++i)
      out.marker_prefix.push_back(s.marker_prefix[i] - s.marker_prefix[begin]);
  for (uint32_t i = begin; i < end; ++i) {
    out.words.ids.insert(out.words.ids.end(), s.words.data(i), s.words.data(i) + s.words.count(i));
    out.words.close_row();
    out.anchors.ids.insert(out.anchors.ids.end(), s.anchors.data(i),
                           s.anchors.data(i) + s.anchors.count(i));
    out.anchors.close_row();
  }
  return out;
}

// A part of the document pair the model is fitted on, with the band searched there.
struct FitWindow {
  SideFeatures src, tgt;
  Band band;
};

// The parts to fit on: the whole document when it is small enough, else windows of consecutive
// beads of `path` spread evenly over the document, about `sample` sentences in all, so that
// fitting costs the same whatever the document's length.
std::vector<FitWindow> fit_windows(const DocumentFeatures& f, const std::vector<Bead>& path,
                                   const Band& band, size_t sample, size_t half_width) {
  std::vector<FitWindow> windows;
  const size_t n = f.src.size(), m = f.tgt.size();
  if (n + m <= sample) {
    // Around the first pass's path rather than the whole matrix: EM takes several rounds of
    // forward-backward, and the fitted numbers move the path only locally.
    Band around = Band::around(guide_from_beads(path, n, m), m, half_width);
    windows.push_back({f.src, f.tgt, around.cells() < band.cells() ? std::move(around) : band});
    return windows;
  }
  constexpr size_t kWindowBeads = 250;
  const size_t count = std::max<size_t>(1, sample / (2 * kWindowBeads));
  if (path.size() < kWindowBeads * count) {  // cannot happen unless beads are huge; be safe
    windows.push_back({f.src, f.tgt, band});
    return windows;
  }
  for (size_t w = 0; w < count; ++w) {
    const size_t first = (path.size() - kWindowBeads) * (2 * w + 1) / (2 * count);
    const Bead& a = path[first];
    const Bead& b = path[first + kWindowBeads - 1];
    FitWindow window{slice(f.src, a.src_begin, b.src_end()), slice(f.tgt, a.tgt_begin, b.tgt_end()),
                     Band()};
    std::vector<Bead> local(path.begin() + first, path.begin() + first + kWindowBeads);
    for (Bead& bead : local) {
      bead.src_begin -= a.src_begin;
      bead.tgt_begin -= a.tgt_begin;
    }
    const size_t wn = window.src.size(), wm = window.tgt.size();
    window.band = Band::around(guide_from_beads(local, wn, wm), wm, half_width);
    windows.push_back(std::move(window));
  }
  return windows;
}

// Fits priors, length unit, ratio and variance to the document by EM over `windows`, starting
// from `params`. Sets the chosen unit's lengths in `f` (and in the windows). Returns the last
// round's best path on the first window (the whole document when there is one window).
DpResult fit_model(DocumentFeatures& f, std::vector<FitWindow>& windows,
                   const TranslationTable* table, bool use_anchors, const FitOptions& options,
                   ScoreParams& params, LengthUnit& unit, size_t keep_bytes,
                   LexicalTable* shared = nullptr, bool two_threads = false) {
  std::vector<LexicalModel> models;
  models.reserve(windows.size());
  for (const FitWindow& w : windows) models.emplace_back(f, w.src, w.tgt, table, use_anchors);
  // The rounds change the priors and the length model, not the lexical scores: those are
  // computed once per window. Shapes a later round turns on are scored as they come.
  std::vector<LexicalTable> tables;
  tables.reserve(windows.size());
  // A document fitted whole can share its table with the searches before and after (`shared`):
  // the window's sides are the document's.
  const bool whole = windows.size() == 1 && shared != nullptr;
  size_t table_bytes = 0;
  for (const FitWindow& w : windows) table_bytes += LexicalTable::bytes(w.band, params);
  if (whole && !shared->empty())
    tables.push_back(std::move(*shared));
  else if (table_bytes <= keep_bytes) {
    tables.resize(windows.size());
    for_each_index(windows.size(), two_threads, [&](size_t w) {
      BeadScorer scorer(params, windows[w].src, windows[w].tgt, &models[w], windows[w].band);
      tables[w] = scorer.tabulate_lexical();
    });
  }
  DpResult first;
  // A round's windows are searched side by side with two threads, each noting its beads'
  // posteriors; the statistics then take them window after window, as one thread would.
  struct Visit {
    uint32_t i, j;
    int k;
    double p;
    BeadScorer::Explained explained;
  };
  std::vector<std::vector<Visit>> visits(windows.size());
  std::vector<DpResult> results(windows.size());
  for (int round = 0; round < options.max_iterations; ++round) {
    BeadStatistics statistics;
    auto search_window = [&](size_t w) {
      const FitWindow& window = windows[w];
      BeadScorer scorer(params, window.src, window.tgt, &models[w], window.band);
      if (!tables.empty()) scorer.use_table(&tables[w]);
      visits[w].clear();
      results[w] = run_dp_expectations(
          window.band, window.tgt.size(), scorer,
          [&](uint32_t i, uint32_t j, int k, double p) {
            visits[w].push_back(
                {i, j, k, p,
                 options.fit_lambda ? scorer.explained_tokens(i, j, k) : BeadScorer::Explained()});
          },
          keep_bytes);
    };
    for_each_index(windows.size(), two_threads, search_window);
    for (size_t w = 0; w < windows.size(); ++w) {
      const FitWindow& window = windows[w];
      for (const Visit& v : visits[w]) {
        statistics.add(window.src, window.tgt, v.i, v.j, v.k, v.p);
        if (options.fit_lambda) statistics.add_explained(v.explained, v.p);
      }
      DpResult& result = results[w];
      if (window.src.has_markers() || window.tgt.has_markers()) {
        // Marker beads are not in the statistics (BeadStatistics::add), nor in the skip runs:
        // a stretch one side lacks is one event, whatever paragraphs it spans.
        std::vector<Bead> text_beads;
        for (const Bead& b : result.beads)
          if (!is_marker_bead(b, window.src, window.tgt)) text_beads.push_back(b);
        statistics.discount_skip_runs(text_beads);
      } else {
        statistics.discount_skip_runs(result.beads);
      }
      if (w == 0) first = std::move(result);
    }
    if (round == 0 && options.choose_unit && params.use_length) {
      const LengthUnit best = statistics.most_stable_unit();
      if (best != unit) {
        unit = best;
        f.src.length = lengths_in(f.src, unit);
        f.tgt.length = lengths_in(f.tgt, unit);
        for (FitWindow& w : windows) {
          w.src.length = lengths_in(w.src, unit);
          w.tgt.length = lengths_in(w.tgt, unit);
        }
      }
    }
    const double ratio = params.length_ratio;
    const double change = statistics.update(params, unit, options);
    if (change < 0.002 && std::fabs(params.length_ratio / ratio - 1) < 0.01) break;
  }
  if (whole && !tables.empty()) *shared = std::move(tables.front());
  return first;
}

// A document fitted on windows is searched with one model, but its parts can differ (a book's
// chapters rendered more or less freely, a translator's notes): the final path `pass` is cut at
// sure 1-1 beads into stretches of options.segment_beads beads or more, and each stretch that
// differs from the whole is fitted again on its own (EM from the document's numbers, with its
// own skip runs) and searched again around the path there, with posteriors. Each stretch costs
// the same: linear. Returns the number of stretches fitted again.
size_t refit_segments(DocumentFeatures& f, const TranslationTable* table,
                      const ScoreParams& params, const AlignOptions& options, LengthUnit unit,
                      DpResult& pass) {
  const std::vector<Bead>& path = pass.beads;
  const size_t size = options.segment_beads;
  std::vector<size_t> cuts{0};  // the first bead of each stretch
  for (size_t k = 0; k + 1 + size <= path.size(); ++k) {
    const Bead& b = path[k];
    if (k + 1 - cuts.back() >= size && b.src_count == 1 && b.tgt_count == 1 &&
        b.score >= options.train_sure_posterior && !is_marker_bead(b, f.src, f.tgt))
      cuts.push_back(k + 1);
  }
  if (cuts.size() < 2) return 0;
  cuts.push_back(path.size());
  // One round of EM from the document's numbers: more rounds, or a band of 24, gave the same
  // figures on eval-books (zh-en b, de-fr a and b at 10k) at up to twice the cost.
  FitOptions fit = options.fit;
  fit.choose_unit = false;
  fit.max_iterations = std::min(fit.max_iterations, 1);
  // Only a stretch that differs from the whole path is fitted again (a document whose parts
  // are alike costs nothing more): its mean log length ratio over its pair beads, or its share
  // of 1-1 beads, more than kSegmentZ standard errors from the whole path's.
  constexpr double kSegmentZ = 3;
  std::vector<double> log_ratio(path.size(), NAN);
  // Paragraph-marker beads are no translation: left out of both statistics.
  std::vector<uint8_t> text(path.size(), 1);
  double ratio_sum = 0, ratio_squares = 0, pairs = 0, one_one = 0, text_beads = 0;
  for (size_t k = 0; k < path.size(); ++k) {
    const Bead& b = path[k];
    if (is_marker_bead(b, f.src, f.tgt)) {
      text[k] = 0;
      continue;
    }
    text_beads += 1;
    one_one += b.src_count == 1 && b.tgt_count == 1;
    if (b.src_count == 0 || b.tgt_count == 0) continue;
    double ls = 0, lt = 0;
    for (uint32_t i = b.src_begin; i < b.src_end(); ++i) ls += f.src.length[i];
    for (uint32_t j = b.tgt_begin; j < b.tgt_end(); ++j) lt += f.tgt.length[j];
    if (ls <= 0 || lt <= 0) continue;
    log_ratio[k] = std::log(lt / ls);
    ratio_sum += log_ratio[k];
    ratio_squares += log_ratio[k] * log_ratio[k];
    pairs += 1;
  }
  const double ratio_mean = pairs > 0 ? ratio_sum / pairs : 0;
  const double ratio_var =
      pairs > 1 ? std::max(1e-12, ratio_squares / pairs - ratio_mean * ratio_mean) : 1;
  const double p_one = text_beads > 0 ? one_one / text_beads : 0;
  // The stretches to fit again, each searched on its own: side by side with two threads.
  std::vector<size_t> differing;
  for (size_t c = 0; c + 1 < cuts.size(); ++c) {
    const Bead& first = path[cuts[c]];
    const Bead& last = path[cuts[c + 1] - 1];
    double sum = 0, count = 0, ones = 0, beads = 0;
    for (size_t k = cuts[c]; k < cuts[c + 1]; ++k) {
      if (!text[k]) continue;
      beads += 1;
      ones += path[k].src_count == 1 && path[k].tgt_count == 1;
      if (std::isnan(log_ratio[k])) continue;
      sum += log_ratio[k];
      count += 1;
    }
    const double z_ratio =
        count > 0 ? std::fabs(sum / count - ratio_mean) / std::sqrt(ratio_var / count) : 0;
    const double z_shape =
        p_one > 0 && p_one < 1 && beads > 0
            ? std::fabs(ones / beads - p_one) / std::sqrt(p_one * (1 - p_one) / beads)
            : 0;
    // A stretch of one side only (the other's last sentences missing) has nothing to fit.
    const bool one_side = first.src_begin == last.src_end() || first.tgt_begin == last.tgt_end();
    if ((z_ratio >= kSegmentZ || z_shape >= kSegmentZ) && !one_side) differing.push_back(c);
  }
  // The beads of stretch c searched again, or nothing when it keeps its beads.
  auto refit = [&](size_t c) -> std::optional<std::vector<Bead>> {
    const Bead& first = path[cuts[c]];
    const Bead& last = path[cuts[c + 1] - 1];
    const uint32_t s0 = first.src_begin, t0 = first.tgt_begin;
    std::vector<Bead> local(path.begin() + cuts[c], path.begin() + cuts[c + 1]);
    for (Bead& b : local) {
      b.src_begin -= s0;
      b.tgt_begin -= t0;
    }
    std::vector<FitWindow> windows;
    windows.push_back({slice(f.src, s0, last.src_end()), slice(f.tgt, t0, last.tgt_end()), Band()});
    FitWindow& w = windows.front();
    const size_t wn = w.src.size(), wm = w.tgt.size();
    const std::vector<double> guide = guide_from_beads(local, wn, wm);
    w.band = Band::around(guide, wm, options.second_half_width);
    ScoreParams local_params = params;
    local_params.src_skip_runs = local_params.tgt_skip_runs = SkipRunModel();
    // The fitting rounds and the search read the same lexical scores (one table). With
    // choose_unit off, fit_model leaves `f` as it is: stretches can be fitted side by side.
    LexicalTable lexical_table;
    fit_model(f, windows, table, options.use_anchors, fit, local_params, unit,
              options.keep_scores_bytes, &lexical_table);
    if (fit.skip_runs) fit_skip_runs(local, fit.prior_pseudo_beads, local_params);
    const LexicalModel model(f, w.src, w.tgt, table, options.use_anchors);
    BeadScorer scorer(local_params, w.src, w.tgt, &model, w.band);
    DpResult result = run_dp_shared(w.band, wm, local_params, scorer, nullptr, true,
                                    options.keep_scores_bytes, {}, &lexical_table);
    // A path along the band's edge might go elsewhere in a wider band: searched once more in a
    // band twice as wide; if it still runs along the edge, the stretch keeps the beads searched
    // in the document's band.
    if (result.touches_edge) {
      const Band wider = Band::around(guide, wm, 2 * options.second_half_width);
      BeadScorer wider_scorer(local_params, w.src, w.tgt, &model, wider);
      result = run_dp_shared(wider, wm, local_params, wider_scorer, nullptr, true,
                             options.keep_scores_bytes);
    }
    if (result.touches_edge) return std::nullopt;
    for (Bead& b : result.beads) {
      b.src_begin += s0;
      b.tgt_begin += t0;
    }
    return std::move(result.beads);
  };
  std::vector<std::optional<std::vector<Bead>>> refits(differing.size());
  for_each_index(differing.size(), options.two_threads,
                 [&](size_t d) { refits[d] = refit(differing[d]); });

  size_t refitted = 0;
  std::vector<Bead> out;
  out.reserve(path.size());
  size_t d = 0;
  for (size_t c = 0; c + 1 < cuts.size(); ++c) {
    if (d < differing.size() && differing[d] == c && refits[d]) {
      ++refitted;
      out.insert(out.end(), refits[d]->begin(), refits[d]->end());
    } else {
      out.insert(out.end(), path.begin() + cuts[c], path.begin() + cuts[c + 1]);
    }
    if (d < differing.size() && differing[d] == c) ++d;
  }
  pass.beads = std::move(out);
  return refitted;
}

// The lengths of a side's sentences, paragraph markers left out.
std::vector<float> text_lengths(const SideFeatures& side) {
  if (!side.has_markers()) return side.length;
  std::vector<float> out;
  for (uint32_t i = 0; i < side.size(); ++i)
    if (!side.is_marker(i)) out.push_back(side.length[i]);
  return out;
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
    std::vector<float> src = text_lengths(f.src), tgt = text_lengths(f.tgt);
    if (src.empty() || tgt.empty()) return 1.0;
    std::nth_element(src.begin(), src.begin() + src.size() / 2, src.end());
    std::nth_element(tgt.begin(), tgt.begin() + tgt.size() / 2, tgt.end());
    return double(tgt[tgt.size() / 2]) / double(src[src.size() / 2]);
  }
  double total_s = 0, total_t = 0;
  for (float l : f.src.length) total_s += l;
  for (float l : f.tgt.length) total_t += l;
  // A marker's length (1) is no text.
  total_s -= f.src.markers_in(0, static_cast<uint32_t>(n));
  total_t -= f.tgt.markers_in(0, static_cast<uint32_t>(m));
  return total_s > 0 && total_t > 0 ? total_t / total_s : 1.0;
}

// Target length per source length over the beads of `beads` that pair both sides; 0 when
// there are none.
double paired_length_ratio(const DocumentFeatures& f, const std::vector<Bead>& beads) {
  double src = 0, tgt = 0;
  for (const Bead& b : beads) {
    if (b.src_count == 0 || b.tgt_count == 0) continue;
    for (uint32_t s = b.src_begin; s < b.src_end(); ++s) src += f.src.length[s];
    for (uint32_t t = b.tgt_begin; t < b.tgt_end(); ++t) tgt += f.tgt.length[t];
    src -= f.src.markers_in(b.src_begin, b.src_end());  // a marker's length is no text
    tgt -= f.tgt.markers_in(b.tgt_begin, b.tgt_end());
  }
  return src > 0 && tgt > 0 ? tgt / src : 0.0;
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

// Consecutive sentences as units: lengths added, word and anchor ids concatenated; a unit
// starts at each sentence i for which `starts(i)` holds (and at 0). `first` gets the index of
// each unit's first sentence, and the sentence count at the end.
template <typename StartsUnit>
SideFeatures units_of(const SideFeatures& s, StartsUnit starts, std::vector<uint32_t>& first) {
  SideFeatures p;
  first.clear();
  for (uint32_t i = 0; i < s.size(); ++i) {
    if (i == 0 || starts(i)) {
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

// Blocks of `per` consecutive sentences (the last may be shorter).
SideFeatures blocks_of(const SideFeatures& s, size_t per, std::vector<uint32_t>& first) {
  return units_of(s, [per](uint32_t i) { return i % per == 0; }, first);
}

SideFeatures paragraphs_of(const SideFeatures& s, std::vector<uint32_t>& first) {
  return units_of(s, [&s](uint32_t i) { return s.paragraph[i] != s.paragraph[i - 1]; }, first);
}

// Unit beads (over `src_first` / `tgt_first` as units_of makes them) as beads over sentences.
std::vector<Bead> sentence_groups(const std::vector<Bead>& units,
                                  const std::vector<uint32_t>& src_first,
                                  const std::vector<uint32_t>& tgt_first) {
  std::vector<Bead> groups;
  groups.reserve(units.size());
  for (const Bead& b : units) {
    Bead g;
    g.src_begin = src_first[b.src_begin];
    g.src_count = src_first[b.src_end()] - g.src_begin;
    g.tgt_begin = tgt_first[b.tgt_begin];
    g.tgt_count = tgt_first[b.tgt_end()] - g.tgt_begin;
    groups.push_back(g);
  }
  return groups;
}

}  // namespace

namespace {

// The ids of `lists` kept where `keep(id)` holds.
template <typename Keep>
void filter_ids(IdLists& lists, Keep keep) {
  IdLists kept;
  kept.ids.reserve(lists.ids.size());
  for (size_t u = 0; u < lists.size(); ++u) {
    for (uint32_t k = lists.begin[u]; k < lists.begin[u + 1]; ++k)
      if (keep(lists.ids[k])) kept.ids.push_back(lists.ids[k]);
    kept.close_row();
  }
  lists = std::move(kept);
}

// The blocks in which each id of `lists` occurs.
std::vector<uint32_t> block_counts(const IdLists& lists, size_t ids) {
  std::vector<uint32_t> count(ids, 0), last(ids, UINT32_MAX);
  for (uint32_t u = 0; u < lists.size(); ++u)
    for (uint32_t k = lists.begin[u]; k < lists.begin[u + 1]; ++k)
      if (last[lists.ids[k]] != u) {
        last[lists.ids[k]] = u;
        ++count[lists.ids[k]];
      }
  return count;
}

}  // namespace

// A token spread over the whole document adds about the same to every pairing of a block (its
// expected count per source token is the same everywhere), and every path pairs each block
// once: it says nothing about which block pairs with which, yet it is most of the work (a
// document made of copies of a few texts has almost no other token).
void drop_everywhere_tokens(SideFeatures& bs, SideFeatures& bt) {
  auto ids_of = [](const IdLists& l) {
    return l.ids.empty() ? size_t(0) : size_t(*std::max_element(l.ids.begin(), l.ids.end())) + 1;
  };
  const size_t anchors = std::max(ids_of(bs.anchors), ids_of(bt.anchors));
  const std::vector<uint32_t> src_anchor = block_counts(bs.anchors, anchors);
  const std::vector<uint32_t> tgt_anchor = block_counts(bt.anchors, anchors);
  auto anchor_kept = [&](uint32_t id) {
    return 2 * src_anchor[id] <= bs.size() && 2 * tgt_anchor[id] <= bt.size();
  };
  filter_ids(bs.anchors, anchor_kept);
  filter_ids(bt.anchors, anchor_kept);
  for (SideFeatures* side : {&bs, &bt}) {
    const std::vector<uint32_t> words = block_counts(side->words, ids_of(side->words));
    const size_t blocks = side->size();
    filter_ids(side->words, [&](uint32_t id) { return 2 * words[id] <= blocks; });
  }
}

// Blocks of at least this many sentences leave out the tokens found in most of them, and their
// lengths are compared allowing for a length ratio that varies along the document.
constexpr size_t kEverywhereBlock = 40;

// ScoreParams::length_ratio_spread of blocks of kEverywhereBlock sentences or more: the ratio
// varies between documents and their parts (Text+Berg dev and test documents: 3.5% relative
// standard deviation; MAC-Dev chapters, zh-en: 14%). With sentence noise alone, the lengths
// of 1,000-sentence blocks outweighed every other evidence: on bench-align's real 1M pair
// the block path strayed by up to 27,000 sentences and the alignment ended at strict F1
// 0.101 (0.880 with the spread). Smaller blocks keep 0: there the sentence noise dominates,
// and on eval-books' books (blocks of 5 to 31 sentences) the spread moved strict F1 both ways
// (zh-en b 10k 0.713 -> 0.686, a 10k 0.689 -> 0.698).
constexpr double kBlockRatioSpread = 0.05;

// The parameters of a search over blocks of `per_src` and `per_tgt` sentences.
ScoreParams block_params(const ScoreParams& params, size_t per_src, size_t per_tgt) {
  ScoreParams block = params;
  if (std::min(per_src, per_tgt) >= kEverywhereBlock) block.length_ratio_spread = kBlockRatioSpread;
  return block;
}

std::vector<Bead> block_path(const DocumentFeatures& f, const TranslationTable* table,
                             const ScoreParams& params, bool use_anchors, size_t max_blocks) {
  const size_t n = f.src.size(), m = f.tgt.size();
  if (n == 0 || m == 0 || max_blocks == 0) return {};
  // Blocks of equal sentence counts per side, about as many on both sides, so that a block
  // pairs with one block (or two) of the other side wherever the documents correspond.
  const size_t per_src = (n + max_blocks - 1) / max_blocks;
  const size_t per_tgt = (m + max_blocks - 1) / max_blocks;
  std::vector<uint32_t> src_first, tgt_first;
  SideFeatures bs = blocks_of(f.src, per_src, src_first);
  SideFeatures bt = blocks_of(f.tgt, per_tgt, tgt_first);
  // Blocks of a few sentences (eval-books' books: 5 to 20) differ in whether they hold such a
  // token (a quotation, a question): there it is evidence (zh-en b 20k: strict F1 0.720 ->
  // 0.706 without it).
  if (std::min(per_src, per_tgt) >= kEverywhereBlock && std::min(bs.size(), bt.size()) >= 4)
    drop_everywhere_tokens(bs, bt);
  const LexicalModel model(f, bs, bt, table, use_anchors, /*postings=*/true);
  const Band band = Band::full(bs.size(), bt.size());
  // The scorer keeps a reference to its parameters: they must outlive it.
  const ScoreParams block = block_params(params, per_src, per_tgt);
  BeadScorer scorer(block, bs, bt, &model, band);
  scorer.use_postings(true);
  const DpResult result = run_dp(band, bt.size(), scorer, 1.0, /*posteriors=*/false);
  return sentence_groups(result.beads, src_first, tgt_first);
}

namespace {

// The block path refined, when its blocks are longer than the first pass's half-width
// (options.min_half_width): the blocks cut into units of about a tenth of their length,
// searched in a band around the block path (search(), so the band widens where that path was
// off), and again in tenths until the units are no longer than the half-width (a 1M-sentence
// pair's blocks of 1,000: units of 100, then of 10). A band around 100-sentence blocks is off
// by tens of sentences inside a block pair (its corners are where the blocks happen to be cut,
// not where the documents correspond), and the first pass then widened its band over the whole
// document, several times (bench-align's real 100k pair: 27 s of its 53). A level costs about
// a banded pass over the sentences' tokens; units of kEverywhereBlock sentences or more leave
// out the tokens most of them hold, as blocks do (the 1M pair's level of 100: 14 s -> 6 s).
std::vector<Bead> refined_block_path(const DocumentFeatures& f, const TranslationTable* table,
                                     const ScoreParams& params, const AlignOptions& options,
                                     std::vector<Bead> path) {
  const size_t n = f.src.size(), m = f.tgt.size();
  if (path.empty()) return path;
  size_t per_src = (n + options.guide_blocks - 1) / options.guide_blocks;
  size_t per_tgt = (m + options.guide_blocks - 1) / options.guide_blocks;
  // A band at least as wide as the blocks holds the path inside a block pair (its corners are
  // off by less than a block): refining there only costs (eval-books' 20k books, blocks of 20
  // sentences and a band of 24: zh-en b strict F1 0.720 -> 0.707 refined). Blocks longer than
  // that made the first pass widen its band over the whole book several times (the zh-en 30k
  // book, blocks of 31: 4.8 s -> 2.1 s refined, strict F1 0.701 -> 0.712).
  // Units of one sentence are not cut further.
  while (std::min(per_src, per_tgt) > std::max<size_t>(options.min_half_width, 1)) {
    const size_t src_unit = (per_src + 9) / 10, tgt_unit = (per_tgt + 9) / 10;
    std::vector<uint32_t> src_first, tgt_first;
    SideFeatures bs = blocks_of(f.src, src_unit, src_first);
    SideFeatures bt = blocks_of(f.tgt, tgt_unit, tgt_first);
    if (std::min(src_unit, tgt_unit) >= kEverywhereBlock && std::min(bs.size(), bt.size()) >= 4)
      drop_everywhere_tokens(bs, bt);
    // The path's column at each unit row, in units.
    const std::vector<double> sentences = guide_from_beads(path, n, m);
    std::vector<double> center(bs.size() + 1);
    for (size_t r = 0; r <= bs.size(); ++r)
      center[r] = sentences[src_first[r]] / double(tgt_unit);
    const LexicalModel model(f, bs, bt, table, options.use_anchors);
    // Its retries are not the sentence search's: -v's widenings count those only.
    AlignmentStats level_stats;
    const ScoreParams unit_params = block_params(params, src_unit, tgt_unit);
    const DpResult result = search(bs, bt, unit_params, &model, center, options,
                                   options.min_half_width, /*posteriors=*/false, level_stats);
    path = sentence_groups(result.beads, src_first, tgt_first);
    per_src = src_unit;
    per_tgt = tgt_unit;
  }
  return path;
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
  params.src_skip_runs = params.tgt_skip_runs = SkipRunModel();  // nor do sentence runs
  const LexicalModel model(f, ps, pt, table, options.use_anchors);
  const Band band = Band::full(np, mp);
  BeadScorer scorer(params, ps, pt, &model, band);
  const DpResult result = run_dp(band, mp, scorer, 1.0);
  double confidence = 0;
  for (const Bead& b : result.beads) confidence += b.score;
  confidence /= double(std::max<size_t>(result.beads.size(), 1));
  if (confidence < options.paragraph_min_confidence) return std::nullopt;
  return Band::from_groups(sentence_groups(result.beads, src_first, tgt_first), f.src.size(),
                          f.tgt.size());
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
  // Freed after the first pass: on a long document its token lists are tens of megabytes.
  std::optional<LexicalModel> first_model(std::in_place, f, &given, options.use_anchors);
  // The first pass needs only its path: its 1-1 beads train the lexicon.
  // Progress: the first pass is about a third of the work, the second the rest.
  auto report = [&](double from, double to) -> std::function<void(double)> {
    if (!options.progress) return {};
    return [&options, from, to](double share) { options.progress(from + share * (to - from)); };
  };
  // A document too large to search whole is searched in a band around a guide. The anchor
  // chain alone can miss a long stretch one side lacks (the band then cannot reach the path
  // past it), and a book that repeats its names and numbers has no rare anchors at all: the
  // band follows an alignment of blocks of sentences instead, searched over the whole block
  // matrix (README, "How it aligns", item 2).
  std::vector<double> guide = guide_from_anchors(chain, n, m);
  // Only where the anchors are sparser than the blocks would be: a dense anchor chain guides
  // to the sentence, blocks only to the block (a 100k-sentence pair with 9,000 anchors took 8x
  // as long around blocks: the coarse guide made the band widen six times).
  if (double(n + 1) * double(m + 1) > double(options.full_matrix_cells) &&
      options.guide_blocks > 0 && chain.size() < options.guide_blocks) {
    std::vector<Bead> blocks =
        block_path(f, &given, params, options.use_anchors, options.guide_blocks);
    // Without anchors the starting ratio comes from the totals, which mislead when one side
    // lacks a long stretch; the paired blocks say better. With a ratio that far off the block
    // path itself may be off: searched again with the blocks' ratio until it settles (5%).
    for (int round = 0; round < 4; ++round) {
      const double block_ratio = paired_length_ratio(f, blocks);
      if (block_ratio <= 0 || std::fabs(std::log(block_ratio / params.length_ratio)) < 0.05) break;
      params.length_ratio = block_ratio;
      blocks = block_path(f, &given, params, options.use_anchors, options.guide_blocks);
    }
    blocks = refined_block_path(f, &given, params, options, std::move(blocks));
    if (!blocks.empty()) {
      guide = guide_from_beads(blocks, n, m);
      stats.block_guide = true;
    }
  }
  Band first_band;
  // A document fitted whole reads the first pass's lexical scores again in every round of EM:
  // the first pass keeps them (when they fit the table's budget), and so does the refit for the
  // final search.
  const bool fitted_whole = options.fit.max_iterations > 0 && n + m <= options.fit_sample_sentences;
  LexicalTable first_table, second_table;
  DpResult pass = search(f, params, &*first_model, guide, options, options.min_half_width,
                         options.first_pass_posteriors, stats, report(0.0, 0.3), &first_band,
                         fitted_whole ? &first_table : nullptr);

  // The model fitted to this document pair (priors, length unit, ratio, variance) by EM over the
  // first pass's band; on a small document its last round's path replaces the first pass's.
  LengthUnit unit = LengthUnit::kGraphemes;
  std::vector<FitWindow> windows;
  if (options.fit.max_iterations > 0) {
    windows =
        fit_windows(f, pass.beads, first_band, options.fit_sample_sentences,
                    options.min_half_width);
    const bool whole = windows.size() == 1 && windows.front().src.size() == n;
    DpResult fitted = fit_model(f, windows, &given, options.use_anchors, options.fit, params, unit,
                                options.keep_scores_bytes, fitted_whole ? &first_table : nullptr,
                                options.two_threads);
    if (whole) {
      pass = std::move(fitted);
    } else {
      // The lexicon trains on this path's 1-1 beads. A document fitted whole trains on a path
      // searched with the fitted model; one fitted on windows had only the first pass's,
      // searched with the neutral priors and the starting ratio, and learnt its mistakes
      // (eval-books zh-en books at 5k sentences: strict F1 0.660 -> 0.695 as built, 0.645 ->
      // 0.693 with a section missing). So the first pass is searched again with the fitted
      // model, around its own path: one more banded pass, linear like the first.
      AlignmentStats refit_stats;
      pass = search(f, params, &*first_model, guide_from_beads(pass.beads, n, m), options,
                    options.min_half_width, options.first_pass_posteriors, refit_stats);
      stats.band_retries += refit_stats.band_retries;
    }
  }
  first_model.reset();
  first_table = LexicalTable();
  stats.length_unit = length_unit_name(unit);

  // Pass 2: a lexicon trained on the confident beads of pass 1.
  TranslationTable trained;
  const TranslationTable* table = &given;
  if (options.use_lexicon && options.lexicon_in != nullptr) {
    trained = TranslationTable::from_tsv(*options.lexicon_in, options.lexicon_in_name, f);
    if (options.dictionary != nullptr) trained.add_dictionary(*options.dictionary, f, 1.0f);
    table = &trained;
  } else if (options.use_lexicon) {
    // A wrong training pair teaches the lexicon its words as translations, and both directions
    // of the lexical score then confirm the error: train on the beads the first pass is sure of
    // when they are at least half of the usable ones, else on all usable ones.
    std::vector<std::pair<uint32_t, uint32_t>> pairs, sure;
    for (const Bead& b : pass.beads)
      if (b.src_count == 1 && b.tgt_count == 1 && b.score >= options.train_min_posterior &&
          !is_marker_bead(b, f.src, f.tgt)) {
        pairs.emplace_back(b.src_begin, b.tgt_begin);
        if (b.score >= options.train_sure_posterior) sure.emplace_back(b.src_begin, b.tgt_begin);
      }
    if (2 * sure.size() >= pairs.size()) pairs.swap(sure);
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
      trained = TranslationTable::train(f, pairs, options.ibm_iterations, options.lexicon_min_prob,
                                        options.two_threads);
      if (options.dictionary != nullptr) trained.add_dictionary(*options.dictionary, f, 1.0f);
      table = &trained;
    }
  }
  stats.lexicon_entries = table->entry_count();
  // The priors and the lexical mixture weight refitted with the lexicon's evidence.
  if (options.fit.max_iterations > 0 && !windows.empty() && options.use_lexicon) {
    FitOptions refit = options.fit;
    refit.choose_unit = false;
    // Fitting llr_lambda too (refit.fit_lambda) takes it to about 0.6 on Text+Berg dev and
    // costs strict F1 on both dev sets (0.850 -> 0.845, MAC-Dev 0.657 -> 0.618): the maximum
    // likelihood share is not the best weight for telling beads apart. It stays fixed.
    fit_model(f, windows, table, options.use_anchors, refit, params, unit,
              options.keep_scores_bytes, fitted_whole ? &second_table : nullptr,
              options.two_threads);
  }
  // Long stretches one side lacks cost once, not once per sentence, in the final search: fitted
  // on the path so far, so a document without such a stretch is searched as before.
  if (options.fit.max_iterations > 0 && options.fit.skip_runs)
    fit_skip_runs(pass.beads, options.fit.prior_pseudo_beads, params);
  const LexicalModel second_model(f, table, options.use_anchors);
  std::optional<Band> paragraphs;
  if (options.paragraph_first) paragraphs = paragraph_band(f, table, params, options);
  if (paragraphs && paragraphs->cells() > options.max_dp_cells) paragraphs.reset();  // too big
  Band final_band;
  if (paragraphs) {
    stats.paragraph_first = true;
    final_band = *paragraphs;
    BeadScorer scorer(params, f.src, f.tgt, &second_model, *paragraphs);
    BeadScorer backward_scorer(params, f.src, f.tgt, &second_model, *paragraphs);
    pass = run_dp_shared(*paragraphs, m, params, scorer,
                         options.two_threads ? &backward_scorer : nullptr, true,
                         options.keep_scores_bytes, report(0.4, 1.0), &second_table);
  } else {
    pass = search(f, params, &second_model, guide_from_beads(pass.beads, n, m), options,
                  options.second_half_width, true, stats, report(0.4, 1.0), &final_band,
                  &second_table);
  }
  if (!final_band.lo.empty())
    repair(f, params, &second_model, options, final_band, pass, stats, &second_table);
  // Not after paragraph-first alignment: a stretch's own band would not keep to the groups.
  if (options.segment_beads > 0 && options.fit.max_iterations > 0 && !stats.paragraph_first &&
      n + m > options.fit_sample_sentences)
    stats.segments = refit_segments(f, table, params, options, unit, pass);
  if (!options.keep_band) final_band = Band();
  stats.band_lo = std::move(final_band.lo);
  stats.band_hi = std::move(final_band.hi);

  if (options.progress) options.progress(1.0);
  if (lexicon_out != nullptr) *lexicon_out = table->to_tsv(f);
  alignment.beads = std::move(pass.beads);
  set_score_stats(alignment.beads, n, m, stats);
  if (n > 0 && m > 0)  // else no other alignment
    calibrate_scores(params, alignment.beads, &f.src, &f.tgt);
  stats.length_ratio = params.length_ratio;
  stats.length_variance = params.length_variance;
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return alignment;
}

}  // namespace talign
