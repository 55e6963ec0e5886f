// The memory budget of aligning one document pair: an estimate of the peak made from the
// sentences before aligning, and the decision it drives (align as asked, align in a reduced
// search, or refuse), so that a pair too big for the machine fails with a message instead of
// being killed by the operating system.
#pragma once

#include <cstddef>
#include <string>

#include "align/align/aligner.h"
#include "align/split/sentences.h"

namespace talign {

// Peak memory (resident bytes, the program itself included) that aligning `src` with `tgt`
// under `options` is estimated to need: the sentences and their features (about 4 bytes per
// byte of text and 64 per sentence), plus the larger of the dynamic programme (9 bytes per cell
// with posteriors: the whole matrix up to options.full_matrix_cells, else the initial band) and
// IBM-1 lexicon training (40 to 140 bytes per training cell, the fewer the more cells, for
// options.max_training_cells at most).
// Calibrated against /usr/bin/time -v: ordinary text stays at or below it (README, "Bad input
// and limits").
size_t estimate_alignment_memory(const SentenceList& src, const SentenceList& tgt,
                                 const AlignOptions& options);

// Fits `options` into `limit` bytes (0 = no limit). Within it, `options` is unchanged except
// that the band may not grow past the budget (max_dp_cells). Over it, scores are first no
// longer kept for the passes to share (keep_scores_bytes = 0: the same search, slower); if that
// is not enough the search is reduced: a band instead of the whole matrix, no paragraph-first
// pass, one thread, then a smaller lexicon training sample; `reduced` is set. Returns the estimate for the options chosen.
// Throws Error(kData) naming `src_name` (and `tgt_name` in the message) with the estimate and
// the limit when even the reduced search does not fit.
size_t fit_memory_limit(const SentenceList& src, const SentenceList& tgt, size_t limit,
                        AlignOptions& options, bool& reduced, const std::string& src_name,
                        const std::string& tgt_name);

// Throws Error(kData) like fit_memory_limit when the files at these paths are so big that no
// search over their text could fit in `limit` (0 = no limit): checked before reading them, so
// that a huge file is refused without being read. Paths that are not regular files ("-", a
// pipe) count as empty.
void check_file_sizes(const std::string& src_path, const std::string& tgt_path, size_t limit);

// The default budget: half of the physical memory, or of the control group's limit when that
// is lower (a container). 0 when neither can be read.
size_t default_memory_limit();

// "512 MiB", "1.5 GiB": a size for messages.
std::string format_bytes(size_t bytes);

}  // namespace talign
