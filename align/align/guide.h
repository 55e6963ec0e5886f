// The guide path: where the search band is centred. Rare anchors shared by one source and one
// target sentence (a number, a name) are reliable points of the alignment; the longest chain of
// such points that is monotone in both documents, joined by straight lines, guides the band
// (in the spirit of Melamed's SIMR and of YASA).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "align/align/alignment.h"
#include "align/features/features.h"

namespace talign {

// Sentence pairs (source, target) that share an anchor key found exactly once on each side,
// reduced to the longest chain increasing on both sides. Sorted.
std::vector<std::pair<uint32_t, uint32_t>> anchor_chain(const DocumentFeatures& features);

// For DP rows 0..n, the column the guide passes through: straight lines from (0, 0) through the
// centre of each anchor's cell to (n, m).
std::vector<double> guide_from_anchors(const std::vector<std::pair<uint32_t, uint32_t>>& chain,
                                       size_t n, size_t m);

// For DP rows 0..n, the column an existing alignment passes through (mean of its cells in the row).
std::vector<double> guide_from_beads(const std::vector<Bead>& beads, size_t n, size_t m);

}  // namespace talign
