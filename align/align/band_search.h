// The banded search of a whole document: the DP (dp.h) run in a band around a guide path, the
// band recentred or widened while the best path runs along its edge, each retry searching only
// the part of the band that changed. Every pass of align_documents searches this way.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "align/align/aligner.h"
#include "align/align/dp.h"
#include "align/align/scorer.h"

namespace talign {

// Runs the DP over `band` with `scorer` and, when given, `backward_scorer` (both over `band`),
// sharing one lexical table between the passes where it pays and fits (keep_bytes).
// `shared`, when given, is a table of the same lexical model to read, or, when empty, where to
// keep the one made here for later passes (made then even for a pass without posteriors).
DpResult run_dp_shared(const Band& band, size_t m, const ScoreParams& params, BeadScorer& scorer,
                       BeadScorer* backward_scorer, bool posteriors, size_t keep_bytes,
                       const std::function<void(double)>& progress = {},
                       LexicalTable* shared = nullptr);

// The DP rows (ascending, each once) where `path` (over n x m sentences) runs along the edge of
// `band`: a bead ends on a row's first or last column that is not the matrix's own edge. The
// cells DpResult::touches_edge tests.
std::vector<uint32_t> edge_rows(const std::vector<Bead>& path, const Band& band, size_t n,
                                size_t m);

// The part of `band` a search that found `path` in `before` (a band over as many rows) needs to
// search again: `band`'s rows within `margin` rows of those where it differs from `before`, and
// elsewhere only the cells of `path`'s beads that `band` holds. Its best path is `band`'s
// unless that one leaves `path` more than `margin` rows away from every change (best paths
// that start far apart meet). Nothing when those rows are half the band or more (the whole
// band costs little more), or should the part not connect its rows. The part lies inside
// `band`.
std::optional<Band> changed_part(const Band& band, const Band& before,
                                 const std::vector<Bead>& path, size_t n, size_t m, size_t margin);

// Searches `src` against `tgt` in a band of `half_width` (at least three times the sentence
// ratio) around `center` (a column per DP row; the whole matrix when it has at most
// options.full_matrix_cells cells), recentring the band on the path found and then widening it
// where the path runs along its edge, until it does not, the band is the whole matrix, or a
// doubled band would pass options.max_dp_cells. Returns the best path of the band it ends with
// (set into `final_band` when given), with posteriors when `posteriors`; stats.band_retries
// counts the retries and stats.band_width is the widest half-width (0: whole matrix).
// `shared`: as in run_dp_shared, for the band searched whole.
DpResult search(const SideFeatures& src, const SideFeatures& tgt, const ScoreParams& params,
                const LexicalModel* lexical, const std::vector<double>& center,
                const AlignOptions& options, size_t half_width, bool posteriors,
                AlignmentStats& stats, const std::function<void(double)>& progress = {},
                Band* final_band = nullptr, LexicalTable* shared = nullptr);

// search() over the documents' sentences.
DpResult search(const DocumentFeatures& f, const ScoreParams& params, const LexicalModel* lexical,
                const std::vector<double>& center, const AlignOptions& options, size_t half_width,
                bool posteriors, AlignmentStats& stats,
                const std::function<void(double)>& progress = {}, Band* final_band = nullptr,
                LexicalTable* shared = nullptr);

}  // namespace talign
