#include "align/align/dp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <thread>

namespace talign {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// e^-38 is below half the last bit of any double >= 1 (2^-53).
constexpr double kNegligibleLog = 38.0;
constexpr uint8_t kNoBead = 255;
// Bits of a cell's skip-run back pointer: where its best path comes from (a bead, or the last
// skip of a source / target run), and whether each run's best extends a run through the cell
// before it (else it opens there).
constexpr uint8_t kFromBead = 0, kFromSrcRun = 1, kFromTgtRun = 2, kSrcRunExtends = 4,
                  kTgtRunExtends = 8;

// Accumulates log(sum(exp(x))) without overflow.
struct LogSum {
  double max = kNegInf;
  double sum = 0;
  void add(double x) {
    if (x == kNegInf) return;
    if (x <= max) {
      // sum >= 1 (the maximum's term): a term below half its last bit (e^-37 < 2^-53) would
      // not change it, so its exp is not taken. The same bits, a third fewer exps.
      if (x - max > -kNegligibleLog) sum += std::exp(x - max);
    } else {
      sum = sum * std::exp(max - x) + 1.0;
      max = x;
    }
  }
  double value() const { return max == kNegInf ? kNegInf : max + std::log(sum); }
};

// Log-sums over all bead sequences, one float per band cell, stored per row relative to the
// row's maximum (kept in double) so that float storage keeps its precision on long documents.
class CellLogs {
 public:
  CellLogs(const Band& band, const std::vector<size_t>& offset, bool allocate)
      : band_(band), offset_(offset),
        values_(allocate ? offset.back() : 0, -std::numeric_limits<float>::infinity()),
        shift_(allocate ? band.rows() : 0, 0.0) {}

  double at(size_t i, uint32_t j) const {
    return double(values_[offset_[i] + (j - band_.lo[i])]) + shift_[i];
  }
  // Row i's stored values (at(i, j) is row_values(i)[j - band.lo[i]] + row_shift(i)).
  const float* row_values(size_t i) const { return values_.data() + offset_[i]; }
  double row_shift(size_t i) const { return shift_[i]; }
  // Stores row i from absolute values.
  void store(size_t i, const std::vector<double>& row) {
    const double shift = *std::max_element(row.begin(), row.end());
    shift_[i] = shift == kNegInf ? 0.0 : shift;
    for (size_t k = 0; k < row.size(); ++k)
      values_[offset_[i] + k] = static_cast<float>(row[k] - shift_[i]);
  }

 private:
  const Band& band_;
  const std::vector<size_t>& offset_;
  std::vector<float> values_;
  std::vector<double> shift_;
};

// The scores of every searched shape's beads ending in DP row i, computed a row at a time
// (BeadScorer::score_row) for the last few rows a pass reads.
class RowScores {
 public:
  // With `all`, every row's scores are computed at once and kept (see keep_all), so that the
  // passes after the first read them instead of scoring again; `offset` gives each row's
  // first cell, as in search_band.
  RowScores(const Band& band, BeadScorer& scorer, bool all = false,
            const std::vector<size_t>* offset = nullptr)
      : band_(band), scorer_(scorer) {
    if (!all) return;
    offset_ = offset;
    all_.resize(offset->back() * kShapes.size());
    for (size_t i = 0; i < band.rows(); ++i) {
      const uint32_t lo = band.lo[i], hi = band.hi[i];
      for (int s = 0; s < static_cast<int>(kShapes.size()); ++s)
        if (scorer.active(s) && kShapes[s].src <= i)
          scorer.score_row(static_cast<uint32_t>(i), lo, hi, s, at(i, s));
    }
  }

  // Whether a pass computing the scores of every searched bead over `band` can keep them all
  // (RowScores with `all`) in `budget` bytes.
  static bool keep_all(const Band& band, size_t budget) {
    return band.cells() * kShapes.size() * sizeof(double) <= budget;
  }

  // Scores of the beads of shape kShapes[k] ending in row i, indexed by j - band.lo[i]; only
  // for an active shape with kShapes[k].src <= i.
  const double* of(size_t i, int k) {
    if (offset_ != nullptr) return at(i, k);
    Slot& slot = slots_[i % slots_.size()];
    if (slot.row != static_cast<int64_t>(i)) {
      slot.row = static_cast<int64_t>(i);
      const uint32_t lo = band_.lo[i], hi = band_.hi[i];
      slot.width = hi - lo + 1;
      slot.values.resize(kShapes.size() * slot.width);
      for (int s = 0; s < static_cast<int>(kShapes.size()); ++s)
        if (scorer_.active(s) && kShapes[s].src <= i)
          scorer_.score_row(static_cast<uint32_t>(i), lo, hi, s,
                            &slot.values[size_t(s) * slot.width]);
    }
    return &slot.values[size_t(k) * slot.width];
  }

 private:
  struct Slot {
    int64_t row = -1;
    uint32_t width = 0;
    std::vector<double> values;
  };
  double* at(size_t i, int k) {
    const size_t width = band_.hi[i] - band_.lo[i] + 1;
    return &all_[(*offset_)[i] * kShapes.size() + size_t(k) * width];
  }

  const Band& band_;
  BeadScorer& scorer_;
  std::array<Slot, kMaxRun + 1> slots_;
  const std::vector<size_t>* offset_ = nullptr;  // set when all rows are kept
  std::vector<double> all_;
};

// A searched shape whose beads end in DP row i and start inside the band: at the columns
// j_min..j_max (the bead starts at (i - src, j - tgt); p_lo is the start row's band.lo). The
// pointers are the passes' own.
struct StartRow {
  uint8_t k;
  uint8_t tgt;
  bool same_row;  // a 0-b bead: starts in row i
  uint32_t j_min, j_max, p_lo;
  const double* score;    // row i's bead scores, by j - band.lo[i]
  const double* viterbi;  // the start row's Viterbi scores, by pj - p_lo
  const float* logs;      // the start row's stored forward log-sums (CellLogs), by pj - p_lo
  double shift;           // and their shift
};

// Fills `out` with the StartRows of row i in kShapes order (the order the sums take their
// terms in); returns how many.
size_t start_rows(const Band& band, const BeadScorer& scorer, size_t i,
                  std::array<StartRow, kShapes.size()>& out) {
  const uint32_t lo = band.lo[i], hi = band.hi[i];
  size_t count = 0;
  for (int k = 0; k < static_cast<int>(kShapes.size()); ++k) {
    const Shape shape = kShapes[k];
    if (!scorer.active(k) || i < shape.src) continue;
    const size_t pi = i - shape.src;
    const uint32_t p_lo = band.lo[pi], p_hi = band.hi[pi];
    const uint32_t j_min = std::max(lo, p_lo + shape.tgt), j_max = std::min(hi, p_hi + shape.tgt);
    if (j_min > j_max) continue;
    StartRow& start = out[count++];
    start.k = static_cast<uint8_t>(k);
    start.tgt = shape.tgt;
    start.same_row = shape.src == 0;
    start.j_min = j_min;
    start.j_max = j_max;
    start.p_lo = p_lo;
  }
  return count;
}

// The skip-run models (SkipRunModel) a search uses: those of the scorer's parameters whose skip
// shape is searched, with the skip bonus every skip bead gets (ScoreParams::skip_bonus) added
// for each skip a step takes.
struct RunModels {
  explicit RunModels(const BeadScorer& scorer)
      : src(with_bonus(scorer.params().src_skip_runs, scorer.params().skip_bonus)),
        tgt(with_bonus(scorer.params().tgt_skip_runs, scorer.params().skip_bonus)),
        use_src(!src.empty() && scorer.active(shape_index(1, 0))),
        use_tgt(!tgt.empty() && scorer.active(shape_index(0, 1))) {}
  static SkipRunModel with_bonus(SkipRunModel model, double bonus) {
    if (model.empty()) return model;
    model.log_open += kMinSkipRun * bonus;
    model.log_extend += bonus;
    return model;
  }
  SkipRunModel src, tgt;
  bool use_src, use_tgt;
  bool any() const { return use_src || use_tgt; }
};

// Log-sums of the run states, per cell: forward, over the paths from (0, 0) that end at the cell
// inside a run of source (target) skips; backward, over the ways on to (n, m) of a path that is
// inside such a run at the cell (the run may end there or go on).
struct RunLogs {
  // Only the sides whose runs are searched hold values: on a 25M-cell band each is 100 MB.
  RunLogs(const Band& band, const std::vector<size_t>& offset, bool allocate_src, bool allocate_tgt)
      : src(band, offset, allocate_src), tgt(band, offset, allocate_tgt) {}
  CellLogs src, tgt;
};

// Backward log-sums: for each cell, the log-sum over all bead sequences from it to (n, m); with
// `runs` (null: no run model), over the sequences with skip runs too, and the run states' sums.
void backward_pass(const Band& band, size_t m, const BeadScorer& scorer, RowScores& scores,
                   double inv_t, CellLogs& backward, RunLogs* runs = nullptr) {
  const size_t n = band.rows() - 1;
  const RunModels models(scorer);
  const bool use_src = runs != nullptr && models.use_src;
  const bool use_tgt = runs != nullptr && models.use_tgt;
  std::array<std::vector<double>, kMinSkipRun + 1> rows, src_rows;
  std::vector<double> tgt_row;
  // What each searched shape's beads starting in a row read, fetched once per row: the columns
  // j where the bead's end (i + src, j + tgt) is inside the band, its scores and the end row's
  // backward sums. In kShapes order, as the sums need.
  struct EndRow {
    uint8_t tgt;
    bool same_row;  // a 0-b bead: ends in this row
    uint32_t j_min, j_max, e_lo;
    const double* score;  // the end row's, by nj - e_lo
    const double* sums;   // the end row's backward sums, by nj - e_lo (null: this row's)
  };
  std::array<EndRow, kShapes.size()> ends;
  for (size_t i = n + 1; i-- > 0;) {
    const uint32_t lo = band.lo[i], hi = band.hi[i];
    std::vector<double>& brow = rows[i % rows.size()];
    brow.assign(hi - lo + 1, kNegInf);
    size_t count = 0;
    for (int k = 0; k < static_cast<int>(kShapes.size()); ++k) {
      const Shape shape = kShapes[k];
      const size_t ni = i + shape.src;
      if (!scorer.active(k) || ni > n) continue;
      const uint32_t e_lo = band.lo[ni], e_hi = std::min<uint32_t>(band.hi[ni], m);
      if (e_hi < shape.tgt) continue;
      const uint32_t j_min = std::max(lo, e_lo >= shape.tgt ? e_lo - shape.tgt : 0);
      const uint32_t j_max = std::min(hi, e_hi - shape.tgt);
      if (j_min > j_max) continue;
      EndRow& end = ends[count++];
      end.tgt = shape.tgt;
      end.same_row = shape.src == 0;
      end.j_min = j_min;
      end.j_max = j_max;
      end.e_lo = e_lo;
      end.score = scores.of(ni, k);
      end.sums = end.same_row ? nullptr : rows[ni % rows.size()].data();
    }
    std::vector<double>& src_row = src_rows[i % src_rows.size()];
    if (use_src) src_row.assign(hi - lo + 1, kNegInf);
    if (use_tgt) tgt_row.assign(hi - lo + 1, kNegInf);
    for (uint32_t j = hi + 1; j-- > lo;) {
      if (i == n && j == m) {
        brow[j - lo] = 0;
        if (use_src) src_row[j - lo] = 0;
        if (use_tgt) tgt_row[j - lo] = 0;
        continue;
      }
      LogSum sum;
      // A run opening here: its first kMinSkipRun skips at once.
      const size_t open_row = i + kMinSkipRun;
      if (use_src && open_row <= n && band.contains(static_cast<uint32_t>(open_row), j))
        sum.add(models.src.log_open * inv_t +
                src_rows[open_row % src_rows.size()][j - band.lo[open_row]]);
      if (use_tgt && j + kMinSkipRun <= hi)
        sum.add(models.tgt.log_open * inv_t + tgt_row[j + kMinSkipRun - lo]);
      for (size_t c = 0; c < count; ++c) {
        const EndRow& end = ends[c];
        if (j < end.j_min || j > end.j_max) continue;
        const uint32_t nj = j + end.tgt;
        const double next_b = end.same_row ? brow[nj - lo] : end.sums[nj - end.e_lo];
        if (next_b == kNegInf) continue;
        sum.add(end.score[nj - end.e_lo] * inv_t + next_b);
      }
      brow[j - lo] = sum.value();
      // Inside a run here: it ends (and the path goes on as from any path) or takes one more.
      if (use_src) {
        LogSum run;
        run.add(brow[j - lo]);
        if (i < n && band.contains(static_cast<uint32_t>(i + 1), j))
          run.add(models.src.log_extend * inv_t +
                  src_rows[(i + 1) % src_rows.size()][j - band.lo[i + 1]]);
        src_row[j - lo] = run.value();
      }
      if (use_tgt) {
        LogSum run;
        run.add(brow[j - lo]);
        if (j < hi) run.add(models.tgt.log_extend * inv_t + tgt_row[j + 1 - lo]);
        tgt_row[j - lo] = run.value();
      }
    }
    backward.store(i, brow);
    if (use_src) runs->src.store(i, src_row);
    if (use_tgt) runs->tgt.store(i, tgt_row);
  }
}

// The search behind run_dp and run_dp_expectations: with `visit`, every likely bead of the band
// is visited with its posterior after the backward pass.
DpResult search_band(const Band& band, size_t m, BeadScorer& scorer, double temperature,
                     bool posteriors, BeadScorer* backward_scorer,
                     const std::function<void(double)>& progress, const PosteriorVisitor* visit,
                     size_t keep_bytes) {
  const size_t n = band.rows() - 1;
  const double inv_t = 1.0 / temperature;
  std::vector<size_t> offset(n + 2, 0);
  for (size_t i = 0; i <= n; ++i) offset[i + 1] = offset[i] + (band.hi[i] - band.lo[i] + 1);
  std::vector<uint8_t> back(offset[n + 1], kNoBead);
  CellLogs forward(band, offset, posteriors);
  CellLogs backward(band, offset, posteriors);

  // Long skip runs (SkipRunModel), when the scorer's parameters have them: per cell, besides
  // the best path ending there, the best one ending in a run of 1-0 beads (kept for the last
  // kMinSkipRun + 1 rows) and in a run of 0-1 beads (this row); `run_back` says which of the
  // three is the cell's best and whether each run extends one or opens kMinSkipRun cells
  // before. The log-sums count the paths through runs too (RunLogs), so that a skip's
  // posterior is that of the model searched.
  const RunModels models(scorer);
  const SkipRunModel& src_runs = models.src;
  const SkipRunModel& tgt_runs = models.tgt;
  const int skip_src = shape_index(1, 0), skip_tgt = shape_index(0, 1);
  const bool use_src_runs = models.use_src, use_tgt_runs = models.use_tgt;
  const bool runs = models.any();
  std::vector<uint8_t> run_back(runs ? offset[n + 1] : 0, kFromBead);
  std::array<std::vector<double>, 2> src_run_rows, src_sum_rows;
  std::vector<double> tgt_run_row, tgt_sum_row;
  const bool run_sums = runs && posteriors;
  RunLogs forward_runs(band, offset, run_sums && use_src_runs, run_sums && use_tgt_runs);
  RunLogs backward_runs(band, offset, run_sums && use_src_runs, run_sums && use_tgt_runs);

  // The backward pass does not depend on the forward one: with a second scorer it runs on
  // another core at the same time.
  // When the band's scores fit in memory they are computed once and the passes read them:
  // cheaper than a second thread computing them again (RowScores::keep_all).
  const bool keep = posteriors && RowScores::keep_all(band, keep_bytes);
  std::optional<RowScores> backward_scores;
  std::exception_ptr backward_failure;
  std::thread backward_thread;
  // Joined on every way out, before what it reads goes: an exception in the forward pass
  // (out of memory) must not leave it running.
  struct JoinOnExit {
    std::thread& thread;
    ~JoinOnExit() {
      if (thread.joinable()) thread.join();
    }
  } join_backward{backward_thread};
  if (posteriors && backward_scorer != nullptr && !keep) {
    backward_scores.emplace(band, *backward_scorer);
    backward_thread = std::thread([&] {
      try {
        backward_pass(band, m, *backward_scorer, *backward_scores, inv_t, backward,
                      run_sums ? &backward_runs : nullptr);
      } catch (...) {
        backward_failure = std::current_exception();
      }
    });
  }

  // Forward: Viterbi scores for the last kMinSkipRun + 1 rows (a bead reaches kMaxRun rows
  // back, a skip run's opening kMinSkipRun), log-sums for all cells.
  std::array<std::vector<double>, kMinSkipRun + 1> viterbi;
  std::vector<double> forward_row;
  // The backward and posterior passes read the forward pass's scores again: kept, when they
  // fit, rather than computed three times.
  RowScores scores(band, scorer, keep, &offset);
  std::array<StartRow, kShapes.size()> starts;
  for (size_t i = 0; i <= n; ++i) {
    if (progress && (i & 1023) == 0) progress(double(i) / double(n + 1));
    const uint32_t lo = band.lo[i], hi = band.hi[i];
    std::vector<double>& vrow = viterbi[i % viterbi.size()];
    vrow.assign(hi - lo + 1, kNegInf);
    forward_row.assign(hi - lo + 1, kNegInf);
    if (use_src_runs) src_run_rows[i & 1].assign(hi - lo + 1, kNegInf);
    if (use_tgt_runs) tgt_run_row.assign(hi - lo + 1, kNegInf);
    if (run_sums && use_src_runs) src_sum_rows[i & 1].assign(hi - lo + 1, kNegInf);
    if (run_sums && use_tgt_runs) tgt_sum_row.assign(hi - lo + 1, kNegInf);
    // What each searched shape's beads ending in this row read, fetched once per row: the
    // columns j where the bead's start (i - src, j - tgt) is inside the band, its scores, and
    // the start row's Viterbi scores and log-sums. In kShapes order, as the sums need.
    const size_t count = start_rows(band, scorer, i, starts);
    for (size_t c = 0; c < count; ++c) {
      StartRow& start = starts[c];
      const size_t pi = i - kShapes[start.k].src;
      start.score = scores.of(i, start.k);
      start.viterbi = start.same_row ? nullptr : viterbi[pi % viterbi.size()].data();
      start.logs = posteriors && !start.same_row ? forward.row_values(pi) : nullptr;
      start.shift = posteriors && !start.same_row ? forward.row_shift(pi) : 0.0;
    }
    for (uint32_t j = lo; j <= hi; ++j) {
      if (i == 0 && j == 0) {
        vrow[0] = 0;
        forward_row[0] = 0;
        continue;
      }
      double best = kNegInf;
      uint8_t best_k = kNoBead;
      LogSum sum;
      for (size_t c = 0; c < count; ++c) {
        const StartRow& start = starts[c];
        if (j < start.j_min || j > start.j_max) continue;
        const uint32_t pj = j - start.tgt;
        const double prev_v = start.same_row ? vrow[pj - lo] : start.viterbi[pj - start.p_lo];
        if (prev_v == kNegInf) continue;
        const double s = start.score[j - lo];
        if (prev_v + s > best) {
          best = prev_v + s;
          best_k = start.k;
        }
        if (posteriors)
          sum.add((start.same_row ? forward_row[pj - lo]
                                  : double(start.logs[pj - start.p_lo]) + start.shift) +
                  s * inv_t);
      }
      back[offset[i] + (j - lo)] = best_k;
      if (run_sums) {
        // Paths ending here inside a run: opened kMinSkipRun cells before, or one more skip.
        if (use_src_runs) {
          LogSum run;
          if (i >= size_t(kMinSkipRun) &&
              band.contains(static_cast<uint32_t>(i - kMinSkipRun), j))
            run.add(forward.at(i - kMinSkipRun, j) + src_runs.log_open * inv_t);
          if (i > 0 && band.contains(static_cast<uint32_t>(i - 1), j))
            run.add(src_sum_rows[(i - 1) & 1][j - band.lo[i - 1]] + src_runs.log_extend * inv_t);
          src_sum_rows[i & 1][j - lo] = run.value();
          sum.add(run.value());
        }
        if (use_tgt_runs) {
          LogSum run;
          if (j >= lo + kMinSkipRun)
            run.add(forward_row[j - kMinSkipRun - lo] + tgt_runs.log_open * inv_t);
          if (j > lo) run.add(tgt_sum_row[j - 1 - lo] + tgt_runs.log_extend * inv_t);
          tgt_sum_row[j - lo] = run.value();
          sum.add(run.value());
        }
      }
      forward_row[j - lo] = sum.value();
      if (runs) {
        uint8_t from = kFromBead;
        double src_run = kNegInf, tgt_run = kNegInf;
        // A run opens with its first kMinSkipRun skips at once (the band holds the cells
        // between: rows are monotone and connected) and extends one skip at a time.
        if (use_src_runs && i > 0 && band.contains(static_cast<uint32_t>(i - 1), j)) {
          double open = kNegInf;
          if (i >= size_t(kMinSkipRun)) {
            const size_t start = i - kMinSkipRun;
            if (band.contains(static_cast<uint32_t>(start), j))
              open = viterbi[start % viterbi.size()][j - band.lo[start]] + src_runs.log_open;
          }
          const double extend = src_run_rows[(i - 1) & 1][j - band.lo[i - 1]] + src_runs.log_extend;
          src_run = std::max(open, extend);
          if (extend > open) from |= kSrcRunExtends;
        }
        if (use_tgt_runs && j > lo) {
          const double open =
              j >= lo + kMinSkipRun ? vrow[j - kMinSkipRun - lo] + tgt_runs.log_open : kNegInf;
          const double extend = tgt_run_row[j - 1 - lo] + tgt_runs.log_extend;
          tgt_run = std::max(open, extend);
          if (extend > open) from |= kTgtRunExtends;
        }
        if (use_src_runs) src_run_rows[i & 1][j - lo] = src_run;
        if (use_tgt_runs) tgt_run_row[j - lo] = tgt_run;
        if (src_run > best) {
          best = src_run;
          from |= kFromSrcRun;
        }
        if (tgt_run > best) {
          best = tgt_run;
          from = (from & ~kFromSrcRun) | kFromTgtRun;
        }
        run_back[offset[i] + (j - lo)] = from;
      }
      vrow[j - lo] = best;
    }
    if (posteriors) forward.store(i, forward_row);
    if (run_sums && use_src_runs) forward_runs.src.store(i, src_sum_rows[i & 1]);
    if (run_sums && use_tgt_runs) forward_runs.tgt.store(i, tgt_sum_row);
  }

  DpResult result;
  result.best_score = viterbi[n % viterbi.size()][m - band.lo[n]];
  size_t i = n;
  uint32_t j = static_cast<uint32_t>(m);
  // The state the path is in at (i, j): kFromBead means the cell's best, whatever it is.
  uint8_t in_run = kFromBead;
  while (i > 0 || j > 0) {
    const size_t cell = offset[i] + (j - band.lo[i]);
    uint8_t state = in_run;
    if (state == kFromBead && runs) state = run_back[cell] & (kFromSrcRun | kFromTgtRun);
    int k;
    int beads = 1;  // a run's opening step is kMinSkipRun skip beads
    if (state == kFromSrcRun) {
      k = skip_src;
      const bool extends = run_back[cell] & kSrcRunExtends;
      in_run = extends ? kFromSrcRun : kFromBead;
      if (!extends) beads = kMinSkipRun;
    } else if (state == kFromTgtRun) {
      k = skip_tgt;
      const bool extends = run_back[cell] & kTgtRunExtends;
      in_run = extends ? kFromTgtRun : kFromBead;
      if (!extends) beads = kMinSkipRun;
    } else {
      k = back[cell];
      if (k == kNoBead) break;  // cannot happen with a connected band; keeps garbage out
    }
    for (int step = 0; step < beads; ++step) {
      const Shape shape = kShapes[k];
      Bead bead;
      bead.src_begin = static_cast<uint32_t>(i - shape.src);
      bead.src_count = shape.src;
      bead.tgt_begin = j - shape.tgt;
      bead.tgt_count = shape.tgt;
      bead.score = 1.0f;
      result.beads.push_back(bead);
      const bool inner = !(i == n && j == m);
      if (inner && ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m)))
        result.touches_edge = true;
      i -= shape.src;
      j -= shape.tgt;
    }
  }
  std::reverse(result.beads.begin(), result.beads.end());
  if (!posteriors) return result;

  if (backward_thread.joinable()) {
    backward_thread.join();
    if (backward_failure) std::rethrow_exception(backward_failure);
  } else {
    backward_pass(band, m, scorer, scores, inv_t, backward, run_sums ? &backward_runs : nullptr);
  }
  // A bead's posterior: all sequences through it, over all sequences.
  const double log_z = forward.at(n, static_cast<uint32_t>(m));
  // The log of the share of the sequences that take the skip bead of shape k ending at (i, j)
  // inside a run (kNegInf for other beads or without run models), before dividing by Z: as
  // one more skip of a run, or as one of the kMinSkipRun skips a run opens with (openings
  // ending at the bead's cell or up to kMinSkipRun - 1 cells after it).
  auto run_log_mass = [&](size_t i, uint32_t j, int k) {
    LogSum mass;
    if (k == skip_src && use_src_runs) {
      if (band.contains(static_cast<uint32_t>(i - 1), j))
        mass.add(forward_runs.src.at(i - 1, j) + src_runs.log_extend * inv_t +
                 backward_runs.src.at(i, j));
      for (size_t o = i; o < i + kMinSkipRun && o <= n; ++o)
        if (o >= size_t(kMinSkipRun) && band.contains(static_cast<uint32_t>(o - kMinSkipRun), j) &&
            band.contains(static_cast<uint32_t>(o), j))
          mass.add(forward.at(o - kMinSkipRun, j) + src_runs.log_open * inv_t +
                   backward_runs.src.at(o, j));
    } else if (k == skip_tgt && use_tgt_runs) {
      const uint32_t lo = band.lo[i], hi = band.hi[i];
      if (j > lo)
        mass.add(forward_runs.tgt.at(i, j - 1) + tgt_runs.log_extend * inv_t +
                 backward_runs.tgt.at(i, j));
      for (uint32_t o = j; o < j + kMinSkipRun && o <= hi; ++o)
        if (o >= lo + kMinSkipRun)
          mass.add(forward.at(i, o - kMinSkipRun) + tgt_runs.log_open * inv_t +
                   backward_runs.tgt.at(i, o));
    }
    return mass.value();
  };
  if (visit != nullptr && log_z != kNegInf) {
    const double min_log = std::log(kMinVisitedPosterior);
    for (size_t i = 0; i <= n; ++i) {
      const uint32_t lo = band.lo[i];
      const size_t count = start_rows(band, scorer, i, starts);
      for (size_t c = 0; c < count; ++c) {
        StartRow& start = starts[c];
        const size_t pi = i - kShapes[start.k].src;
        start.score = keep ? scores.of(i, start.k) : nullptr;
        start.logs = forward.row_values(pi);
        start.shift = forward.row_shift(pi);
      }
      for (uint32_t j = lo; j <= band.hi[i]; ++j) {
        const double after = backward.at(i, j) - log_z;
        if (after == kNegInf) continue;
        for (size_t c = 0; c < count; ++c) {
          const StartRow& start = starts[c];
          if (j < start.j_min || j > start.j_max) continue;
          const int k = start.k;
          const double before = double(start.logs[j - start.tgt - start.p_lo]) + start.shift;
          if (before == kNegInf) continue;
          const double score =
              keep ? start.score[j - lo] : scorer.score(static_cast<uint32_t>(i), j, k);
          double log_p = before + score * inv_t + after;
          if (run_sums && (k == skip_src || k == skip_tgt)) {
            LogSum total;
            total.add(log_p);
            total.add(run_log_mass(i, j, k) - log_z);
            log_p = total.value();
          }
          if (log_p >= min_log)
            (*visit)(static_cast<uint32_t>(i), j, k, std::min(1.0, std::exp(log_p)));
        }
      }
    }
  }
  for (Bead& b : result.beads) {
    int k = 0;
    while (kShapes[k].src != b.src_count || kShapes[k].tgt != b.tgt_count) ++k;
    const double s = (keep ? scores.of(b.src_end(), k)[b.tgt_end() - band.lo[b.src_end()]]
                           : scorer.score(b.src_end(), b.tgt_end(), k)) *
                     inv_t;
    LogSum mass;
    mass.add(forward.at(b.src_begin, b.tgt_begin) + s + backward.at(b.src_end(), b.tgt_end()));
    if (run_sums) mass.add(run_log_mass(b.src_end(), b.tgt_end(), k));
    const double posterior = std::exp(mass.value() - log_z);
    b.score = static_cast<float>(std::clamp(posterior, 0.0, 1.0));
  }
  return result;
}

}  // namespace

DpResult run_dp(const Band& band, size_t m, BeadScorer& scorer, double temperature,
                bool posteriors, BeadScorer* backward_scorer,
                const std::function<void(double)>& progress, size_t keep_bytes) {
  return search_band(band, m, scorer, temperature, posteriors, backward_scorer, progress, nullptr,
                     keep_bytes);
}

DpResult run_dp_expectations(const Band& band, size_t m, BeadScorer& scorer,
                             const PosteriorVisitor& visit, size_t keep_bytes) {
  return search_band(band, m, scorer, 1.0, true, nullptr, {}, &visit, keep_bytes);
}

}  // namespace talign
