// align_documents: the alignment pipeline for one document pair. Features are extracted, a first
// pass aligns by length and anchors inside a band around the anchor chain, the length model is
// re-estimated from confident beads, a translation lexicon is trained on them (IBM Model 1) or
// taken from the user, and a second pass aligns with length, anchors and translated words.
// When both sides have paragraphs that correspond, paragraphs are aligned first and sentences
// only inside aligned paragraph groups.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "align/align/alignment.h"
#include "align/align/dp.h"
#include "align/align/model_fit.h"
#include "align/align/scorer.h"
#include "align/features/features.h"
#include "align/split/sentences.h"

namespace talign {

class Dictionary;

struct AlignOptions {
  bool use_length = true;       // Gale-Church length model
  bool use_anchors = true;      // numbers, names, cognates, punctuation
  bool use_lexicon = true;      // translated words (trained, loaded or from a dictionary)
  bool paragraph_first = true;  // align paragraphs first when both sides have them
  const Dictionary* dictionary = nullptr;   // --dict, optional
  const std::string* lexicon_in = nullptr;  // --lexicon-in: TSV text, optional
  std::string lexicon_in_name;              // its file name, for errors
  ScoreParams params;                       // starting parameters (ratio and variance re-estimated)
  size_t full_matrix_cells = 4'000'000;     // below this the whole matrix is searched
  size_t min_half_width = 24;     // initial band half-width for long documents (first pass)
  // A document too large to search whole is guided by an alignment of blocks of sentences, at
  // most this many blocks a side, searched whole (block_path), unless the anchor chain has at
  // least as many points; 0: always by the anchor chain.
  size_t guide_blocks = 1000;
  size_t second_half_width = 12;  // around the first pass's path (widened when touched)
  bool first_pass_posteriors = false;  // posteriors select training beads (slower)
  int ibm_iterations = 5;
  size_t max_training_pairs = 20'000;  // lexicon training sample on very long documents
  // IBM-1 keeps a slot per source word x target word of each training pair ((s+1)(t+1) cells):
  // pairs beyond this many cells, and any single pair over 1% of it, are left out of training.
  size_t max_training_cells = 16'000'000;
  // The band never widens past this many DP cells, and a paragraph band larger than it is not
  // used (the memory budget; see align/align/memory.h).
  size_t max_dp_cells = SIZE_MAX;
  float lexicon_min_prob = 0.1f;  // tuned on Text+Berg dev (0.01-0.2 within 0.01 F1)
  double train_min_posterior = 0.5;  // 1-1 beads at least this confident train the lexicon
  double train_sure_posterior = 0.9;  // ... or only these, when they are half of those or more
  FitOptions fit;  // fitting priors, length unit, ratio and variance to the document (EM)
  // Documents with more sentences (both sides) than this are fitted on evenly spread windows of
  // about this many sentences, so that fitting costs the same at any length.
  size_t fit_sample_sentences = 6000;
  // Repair of a final path that got lost (README, "How it aligns"): a stretch whose bead
  // posteriors averaged over +-repair_window beads fall below repair_low is searched again in a
  // corridor added to the band between the nearest beads around it scoring >= repair_high.
  size_t repair_window = 40;   // beads each side of the average; 0: no repair
  double repair_low = 0.25;    // a mean posterior below this is doubtful
  double repair_high = 0.5;    // a bead at least this confident anchors a corridor
  size_t repair_cells = 1000;  // the corridor's width in DP cells per source sentence, at most
  int repair_rounds = 2;       // searches again at most this many times
  // ... and so is a stretch where at least this share of the beads in the window are skips
  // (1-0, 0-1) among pairs: the path wanders (doubtful_stretches); above 1: never.
  double repair_skip_share = 0.5;
  // A document fitted on windows (longer than fit_sample_sentences) is fitted and searched again
  // in stretches of about this many beads of its final path, each on its own; 0: off.
  size_t segment_beads = 250;
  double paragraph_min_confidence = 0.8;  // mean posterior a paragraph alignment needs to be used
  // Use a second thread for one document (two cores): a search's backward pass, the fit
  // windows of a round, the two directions of lexicon training and the stretches refitted run
  // side by side. The output is the same either way. Batch turns it off: its workers already
  // keep the cores busy, one document each.
  bool two_threads = true;
  // Memory a search may use to keep scores it would otherwise compute again: the lexical
  // scores of a band (LexicalTable, shared by EM rounds and passes) and the bead scores of a
  // pass (read by its backward and posterior passes, in place of the second thread above),
  // and the lexical values of a search's rows for its next try (LexicalRows, two sets).
  // Longer documents compute them as they go. 0: never kept (same output, more time).
  size_t keep_scores_bytes = size_t(64) << 20;
  // Keep the final search band in AlignmentStats (band_lo/band_hi) for a report: two numbers
  // per source sentence.
  bool keep_band = false;
  // Called now and then with the share of the work done (0..1), e.g. for a progress meter.
  std::function<void(double)> progress;
};

// Sets a numeric parameter by name (for tuning scripts): "skip_bonus", "temperature",
// "llr_lambda", "llr_weight", "prior_1-1" (and the other shapes), "min_prob",
// "train_posterior", "train_sure", "backward_weight", "score_floor", "score_discount",
// "ibm_iterations", "prior_weight", "fit_iterations", "extend_threshold", "choose_unit",
// "skip_runs", "fit_sample", "repair_window", "repair_low", "repair_high", "repair_cells",
// "repair_rounds", "repair_skip_share", "guide_blocks", "segment_beads". Returns false for an unknown name or a
// value outside the parameter's domain (e.g. a temperature <= 0).
bool set_parameter(AlignOptions& options, const std::string& name, double value);

// The path of the coarse search that guides the first pass on a long document: each side cut
// into blocks of equal sentence counts (about `max_blocks` a side), the blocks aligned over
// the whole block matrix by length and the lexical score of `table` and anchors; returned as
// beads over sentences (block edges), covering both documents. Empty when a side is empty.
std::vector<Bead> block_path(const DocumentFeatures& f, const TranslationTable* table,
                             const ScoreParams& params, bool use_anchors, size_t max_blocks);

// Leaves out of the words and anchors of two sides cut into blocks (block_path) those found in
// more than half the blocks of their side (an anchor: of either side); the other ids keep their
// order and repeats.
void drop_everywhere_tokens(SideFeatures& src_blocks, SideFeatures& tgt_blocks);

// Beads [begin, end) of a path to search again; beads begin - 1 and end (when they exist) are
// confident: the corridor searched again runs between them.
struct Stretch {
  size_t begin, end;
};

// The stretches of `beads` to search again: where the posterior averaged over +-`window` beads
// is below `low`, or where at least `skip_share` of those beads are skips but not all of them
// (a path that wanders), each grown to the nearest beads on both sides that score at least
// `high`, alone and averaged, or to the document's ends; stretches that then overlap or touch
// are merged. A single doubtful bead among confident ones is an honest hard case, not a lost
// path: the average needs many of them.
std::vector<Stretch> doubtful_stretches(const std::vector<Bead>& beads, size_t window, double low,
                                        double high, double skip_share);

// Searches the doubtful stretches (doubtful_stretches with options.repair_*) of `result`, the
// best path through `band` under `params`, again, in corridors between the confident beads
// around each (options.repair_cells wide at most; Band::add_corridor): a band built around a
// path that left the true alignment cannot see the way back. Only the stretches are searched,
// the rest of the path held (the cells of its beads), so a repair costs its corridors. Up to
// options.repair_rounds rounds, while the path moves. `result` becomes the new best path,
// which scores at least as well; beads held keep their posteriors, beads in a corridor get
// those of the search (given the path around them), and the few beads the search changed
// outside the corridors take the lowest posterior of the old beads they overlap. `band`
// gains the corridors searched; stats.repairs counts the stretches. `lexical` (may be null)
// is the search's lexical model; `shared` (may be null) a table of it over any band, filled
// here when empty.
void repair(const DocumentFeatures& f, const ScoreParams& params, const LexicalModel* lexical,
            const AlignOptions& options, Band& band, DpResult& result, AlignmentStats& stats,
            LexicalTable* shared);

// Aligns `src` with `tgt`. If `lexicon_out` is given, the lexicon used for the final pass is
// written to it as TSV. Deterministic. Throws Error for a malformed --lexicon-in.
Alignment align_documents(const SentenceList& src, const SentenceList& tgt,
                          const AlignOptions& options, std::string* lexicon_out = nullptr);

}  // namespace talign
