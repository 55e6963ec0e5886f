// Bead and Alignment: the aligner's result. A bead pairs a run of source sentences with a run of
// target sentences (either run may be empty, not both); an alignment is a monotone list of beads
// that covers every sentence of both sides exactly once, in order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace talign {

// A bead score meaning "not known" (e.g. a pair read from a Moses file): writers leave it out.
inline constexpr float kUnknownScore = -1.0f;

struct Bead {
  uint32_t src_begin = 0;
  uint32_t src_count = 0;  // 0..6 from the aligner (kShapes); any from a file
  uint32_t tgt_begin = 0;
  uint32_t tgt_count = 0;  // 0..6 from the aligner (kShapes); any from a file
  float score = 0;         // confidence in [0, 1]: the model's posterior probability of the
                           // bead; kUnknownScore for pairs read from elsewhere

  uint32_t src_end() const { return src_begin + src_count; }
  uint32_t tgt_end() const { return tgt_begin + tgt_count; }
  // "1-1", "2-1", "0-1", ...
  std::string type() const { return std::to_string(src_count) + "-" + std::to_string(tgt_count); }
};

// Facts about one alignment run, for reports and --verbose.
struct AlignmentStats {
  double length_ratio = 1.0;      // target length per source length, in length_unit
  double length_variance = 0.0;   // of the length model, per source length unit
  const char* length_unit = "graphemes";  // graphemes, bytes or words (chosen per document)
  size_t anchors = 0;             // anchor points on the guide path
  size_t band_width = 0;          // final half-width of the search band (0: full matrix)
  size_t band_retries = 0;        // times the band was widened because the path touched it
  size_t repairs = 0;             // doubtful stretches of the final path searched again
  size_t segments = 0;            // stretches of a long document fitted again on their own
  bool block_guide = false;       // the first pass followed an alignment of sentence blocks
  size_t lexicon_entries = 0;     // translation pairs in the lexicon used
  bool paragraph_first = false;   // paragraphs were aligned first
  double mean_score = 0.0;        // mean bead confidence
  double confident_share = 0.0;   // of the side with more sentences in non-empty beads scoring
                                  // >= 0.5, the share of its sentences there
  double seconds = 0.0;           // wall time of the alignment; < 0: not known
  // Subtitles (align/align/subtitle_aligner.h): `subtitles` when both sides had cue times,
  // `by_time` when they were aligned by them, under target time = time_speed x source time +
  // time_offset_ms, fitted on time_boundaries cue starts and ends that agree (about
  // time_chance_boundaries would by chance).
  bool subtitles = false;
  bool by_time = false;
  double time_speed = 1.0;
  double time_offset_ms = 0.0;
  size_t time_boundaries = 0;
  double time_chance_boundaries = 0.0;
  // The anchor chain that guided the first pass: (source, target) sentence pairs.
  std::vector<std::pair<uint32_t, uint32_t>> anchor_points;
  // The final pass's search band, for reports: for DP rows 0..n (source sentences consumed), the
  // first and last target column searched. Empty unless AlignOptions::keep_band was set.
  std::vector<uint32_t> band_lo, band_hi;

  // True when the documents do not look like translations of each other: on both sides fewer
  // than half of the sentences are in confident pairs. (A partial translation is still a
  // translation: its shorter side is mostly paired.)
  bool looks_unrelated() const { return confident_share < 0.5; }
};

struct Alignment {
  std::vector<Bead> beads;
  AlignmentStats stats;
};

// Sets stats.mean_score (over the beads with a known score) and stats.confident_share from
// `beads` of documents with `src_size` and `tgt_size` sentences. With any score unknown there is
// no basis for calling the documents unrelated: confident_share is 1.
void set_score_stats(const std::vector<Bead>& beads, size_t src_size, size_t tgt_size,
                     AlignmentStats& stats);

// True if `beads` cover [0, src_size) and [0, tgt_size) exactly once each, in order.
bool covers_exactly(const std::vector<Bead>& beads, size_t src_size, size_t tgt_size);

}  // namespace talign
