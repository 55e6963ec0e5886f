// Subtitles aligned by their cue times. Two subtitle files of one film share a clock, up to a
// constant offset (one release starts earlier) and a speed factor (one was cut from a release
// at another frame rate: 25 vs 23.976 fps is 4.3%, a re-timed release a fraction of a percent).
// So the time mapping is estimated first, from the cue boundaries alone, and the cues are then
// aligned by a banded DP whose bead score is dominated by how well the mapped times agree, with
// a length model so that a cue merged or split differently becomes a 2-1 or 1-2 bead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "align/align/alignment.h"
#include "align/input/document.h"
#include "align/split/sentences.h"

namespace talign {

// target time = speed * source time + offset_ms (both in milliseconds).
struct TimeMap {
  double speed = 1.0;
  double offset_ms = 0.0;
  // Cue boundaries (starts and ends) of the source that met a target boundary of the same kind
  // within half a second under the mapping: what the mapping was fitted on.
  size_t matched_boundaries = 0;
  // How many agree on average under the mapping moved by a few seconds: by chance.
  double chance_boundaries = 0.0;
  // True when enough boundaries matched for the times to be trusted: at least 1.8 times as many
  // as by chance, and more than by chance by a fifth of the boundaries of the side with fewer
  // cues (and by 3); otherwise the files are aligned by text.
  bool found = false;

  double map(double source_ms) const { return speed * source_ms + offset_ms; }
};

// Estimates the mapping from `src` cues to `tgt` cues (only their times are read; any order).
// For a few base speeds (1, 25/23.976 and its inverse) it finds, in windows of consecutive
// source cues, the offset on which most cue starts and ends agree (a vote over offsets within
// 10 minutes of 0 and of the difference of the first cues' starts); a line through the window
// offsets chosen robustly (the one most windows agree with within half a second) gives a speed
// correction of up to 1%; least squares on the boundaries that then match refines speed and
// offset, three times. The base speed matching most boundaries wins. Linear in the number of
// cues for a bounded cue density. Deterministic.
TimeMap estimate_time_map(std::span<const Cue> src, std::span<const Cue> tgt);

// Aligns subtitle units: src.text(i) is the text of cue src_cues[i] (one unit per cue, in file
// order; likewise for the target), under `map` (found or not: a mapping that was not found
// aligns badly, so callers align by text then). Every cue is in exactly one bead, in order; a
// cue without counterpart is a 1-0 or 0-1 bead; shapes go up to 3-1 and 1-3 (and 2-2). Bead
// scores are posterior probabilities in [0, 1] from forward-backward over the band. Cost is
// linear in the number of cues: the band follows the mapping (+-8 cues, widened while the best
// path touches its edge). Fills stats: time_* fields, length_ratio (characters), band_width,
// mean_score, confident_share, seconds.
Alignment align_subtitles(const SentenceList& src, std::span<const Cue> src_cues,
                          const SentenceList& tgt, std::span<const Cue> tgt_cues,
                          const TimeMap& map);

// One line for --verbose about stats of a subtitle pair (stats.subtitles): "aligned by cue
// times: target = 1.001000 x source + 2.500 s (76 cue boundaries agree, 9.5 by chance)", or
// that the times did not agree and the cues were aligned by text.
std::string cue_time_summary(const AlignmentStats& stats);

}  // namespace talign
