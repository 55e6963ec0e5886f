#include "align/align/band_search.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "align/align/dp.h"
#include "align/align/guide.h"

namespace talign {

DpResult run_dp_shared(const Band& band, size_t m, const ScoreParams& params, BeadScorer& scorer,
                       BeadScorer* backward_scorer, bool posteriors, size_t keep_bytes,
                       const std::function<void(double)>& progress, LexicalTable* shared) {
  LexicalTable local;
  LexicalTable* table = shared != nullptr ? shared : &local;
  if (table->empty() && (posteriors || shared != nullptr) &&
      LexicalTable::bytes(band, params) <= keep_bytes)
    *table = scorer.tabulate_lexical();
  if (!table->empty()) {
    scorer.use_table(table);
    if (backward_scorer != nullptr) backward_scorer->use_table(table);
  }
  return run_dp(band, m, scorer, params.temperature, posteriors, backward_scorer, progress,
                keep_bytes);
}

std::vector<uint32_t> edge_rows(const std::vector<Bead>& path, const Band& band, size_t n,
                                size_t m) {
  std::vector<uint32_t> rows;
  for (const Bead& b : path) {
    const uint32_t i = b.src_end(), j = b.tgt_end();
    if (i == n && j == m) continue;
    if ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m))
      if (rows.empty() || rows.back() != i) rows.push_back(i);
  }
  return rows;
}

std::optional<Band> changed_part(const Band& band, const Band& before,
                                 const std::vector<Bead>& path, size_t n, size_t m, size_t margin) {
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t rows = 0;
  for (size_t i = 0; i < band.rows(); ++i) {
    if (band.lo[i] == before.lo[i] && band.hi[i] == before.hi[i]) continue;
    const size_t first = i > margin ? i - margin : 0;
    const size_t last = std::min(band.rows(), i + margin + 1);
    if (!ranges.empty() && first <= ranges.back().second) {
      rows += last - ranges.back().second;
      ranges.back().second = last;
    } else {
      rows += last - first;
      ranges.emplace_back(first, last);
    }
  }
  if (ranges.empty() || 2 * rows >= band.rows()) return std::nullopt;
  Band part = Band::from_groups(path, n, m);
  part.add_rows(band, ranges);
  // Inside `band` only: a bead's rectangle can reach past its edge, where a path would not be
  // seen to touch it.
  for (size_t i = 0; i < part.rows(); ++i) {
    part.lo[i] = std::max(part.lo[i], band.lo[i]);
    part.hi[i] = std::min(part.hi[i], band.hi[i]);
    if (part.lo[i] > part.hi[i] || (i > 0 && part.lo[i] > part.hi[i - 1])) return std::nullopt;
  }
  return part;
}

DpResult search(const SideFeatures& src, const SideFeatures& tgt, const ScoreParams& params,
                const LexicalModel* lexical, const std::vector<double>& center,
                const AlignOptions& options, size_t half_width, bool posteriors,
                AlignmentStats& stats, const std::function<void(double)>& progress,
                Band* final_band, LexicalTable* shared) {
  const size_t n = src.size(), m = tgt.size();
  const bool full = double(n + 1) * double(m + 1) <= double(options.full_matrix_cells);
  half_width =
      std::max<size_t>(half_width, 3 * static_cast<size_t>(std::ceil(double(m + 1) / (n + 1))));
  // A path that runs along the band's edge is first searched again in a band of the same width
  // centred on it (the guide was off there); only where it still runs along the edge after that
  // is the band doubled: in the rows within kWidenMargin rows (or four half-widths) of those
  // where it touches, so that a book that goes astray in one place does not pay for a wider
  // band everywhere.
  constexpr size_t kWidenMargin = 250;  // rows; about the fit windows' 250 beads (not tuned)
  std::vector<double> guide = center;
  std::vector<size_t> widths(n + 1, half_width);
  bool recentred = false;
  // A try that may be retried looks for the best path only (a posterior pass does about three
  // times the work); the band the search ends with is searched once more with posteriors when
  // asked. Long documents' first tries mostly touch the edge (the zh-en 30k book, bench-align's
  // real 100k and 1M pairs): posteriors there were work thrown away.
  const bool first_whole = full || 2 * half_width + 1 >= m + 1;
  const bool with_posteriors = posteriors && first_whole;
  // A retry searches only the rows near where the band changed, and the path found before
  // elsewhere (changed_part): a book that goes astray in a few places pays for those places,
  // not for the whole band again at every retry (bench-align's real 1M pair searched 80
  // million cells at each of its last seven). The band it ends with is searched whole once
  // more, so that the search returns that band's best path (the zh-en 30k book: 10.4 s ->
  // 7.7 s with the posteriors' change, bench-align's real 100k pair 23.0 s -> 21.0 s, the
  // same bytes).
  Band previous;
  std::vector<Bead> previous_path;
  // A whole band's try that may be followed by another keeps the lexical values of the rows it
  // computes for it (LexicalRows): a band recentred or widened shares most of its cells with
  // the one before. Two sets, since one is read (by two threads) while the other fills. A
  // part's retry keeps none.
  LexicalRows rows_read(options.keep_scores_bytes), rows_kept(options.keep_scores_bytes);
  // `whole_band`: `band` is the search's band, not a part of it (only then may it fill `shared`:
  // later passes read that table over the whole band).
  auto run = [&](const Band& band, bool posterior_pass, bool keep_rows, bool whole_band) {
    BeadScorer scorer(params, src, tgt, lexical, band);
    scorer.use_rows(&rows_read, keep_rows ? &rows_kept : nullptr);
    std::optional<BeadScorer> backward_scorer;
    if (posterior_pass && options.two_threads) {
      backward_scorer.emplace(params, src, tgt, lexical, band);
      backward_scorer->use_rows(&rows_read, nullptr);
    }
    DpResult result = run_dp_shared(
        band, m, params, scorer, backward_scorer ? &*backward_scorer : nullptr, posterior_pass,
        options.keep_scores_bytes, progress, whole_band ? shared : nullptr);
    // A run that keeps nothing leaves the rows it read for the next: a part's retry reads the
    // last whole band's rows, and so does the whole band searched after it.
    if (keep_rows) {
      std::swap(rows_read, rows_kept);
      rows_kept.clear();
    }
    return result;
  };
  for (;;) {
    const size_t widest = *std::max_element(widths.begin(), widths.end());
    const size_t narrowest = *std::min_element(widths.begin(), widths.end());
    // The whole matrix only when every row spans it (a row wider than the matrix is clamped).
    const bool whole = full || 2 * narrowest + 1 >= m + 1;
    const Band band = whole ? Band::full(n, m) : Band::around(guide, m, widths);
    std::optional<Band> part;
    if (!previous.lo.empty() && !whole)
      part = changed_part(band, previous, previous_path, n, m, std::max(kWidenMargin, 4 * widest));
    const Band& searched = part ? *part : band;
    DpResult result = run(searched, with_posteriors,
                          /*keep_rows=*/!part && !whole &&
                              LexicalRows::worth_keeping(band, options.keep_scores_bytes),
                          /*whole_band=*/!part);
    // The edge that matters is the band's: the part's rows are the path's own elsewhere.
    if (part) result.touches_edge = !edge_rows(result.beads, band, n, m).empty();
    stats.band_width = whole ? 0 : widest;
    // Also stop when a doubled band would not fit the memory budget (max_dp_cells).
    const bool over_budget = 2 * band.cells() > options.max_dp_cells;
    if (whole || !result.touches_edge || over_budget) {
      // A part's path decides nothing by itself: the band's own best path, searched whole,
      // must keep off the edge too, or the search goes on from it.
      if (part || (posteriors && !with_posteriors))
        result = run(band, posteriors, /*keep_rows=*/false, /*whole_band=*/true);
      if (whole || !result.touches_edge || over_budget) {
        if (final_band != nullptr) *final_band = band;
        return result;
      }
    }
    ++stats.band_retries;
    previous = band;
    previous_path = result.beads;
    if (!recentred) {
      guide = guide_from_beads(result.beads, n, m);
      recentred = true;
      continue;
    }
    recentred = false;
    std::vector<size_t> doubled = widths;
    size_t covered = 0;  // rows [0, covered) already doubled
    for (uint32_t row : edge_rows(result.beads, band, n, m)) {
      const size_t margin = std::max(kWidenMargin, 4 * widths[row]);
      const size_t first = std::max(covered, row > margin ? row - margin : 0);
      const size_t last = std::min(n + 1, size_t(row) + margin + 1);
      for (size_t i = first; i < last; ++i) doubled[i] = 2 * widths[i];
      covered = std::max(covered, last);
    }
    // touches_edge and edge_rows test the same cells; should they ever disagree, the whole
    // band doubles, so that every round widens something and the loop ends.
    if (covered == 0)
      for (size_t& w : doubled) w *= 2;
    widths.swap(doubled);
  }
}

DpResult search(const DocumentFeatures& f, const ScoreParams& params, const LexicalModel* lexical,
                const std::vector<double>& center, const AlignOptions& options, size_t half_width,
                bool posteriors, AlignmentStats& stats, const std::function<void(double)>& progress,
                Band* final_band, LexicalTable* shared) {
  return search(f.src, f.tgt, params, lexical, center, options, half_width, posteriors, stats,
                progress, final_band, shared);
}

}  // namespace talign
