#include "align/eval/evaluate.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

namespace talign {
namespace {

// A bead as its source and target sentence ids.
using BeadIds = std::pair<std::vector<uint32_t>, std::vector<uint32_t>>;

// score.py turns each list into a set of tuples: duplicate beads count once, and a bead empty on
// both sides is dropped.
std::set<BeadIds> bead_set(const std::vector<BeadRecord>& beads) {
  std::set<BeadIds> out;
  for (const BeadRecord& b : beads)
    if (!b.src.empty() || !b.tgt.empty()) out.emplace(b.src, b.tgt);
  return out;
}

// The beads with a sentence on both sides (what recall looks at).
std::vector<BeadRecord> without_null(const std::vector<BeadRecord>& beads) {
  std::vector<BeadRecord> out;
  for (const BeadRecord& b : beads)
    if (!b.src.empty() && !b.tgt.empty()) out.push_back(b);
  return out;
}

double ratio(int64_t num, int64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

double f1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

MatchCounts& MatchCounts::operator+=(const MatchCounts& other) {
  strict_tp += other.strict_tp;
  strict_fp += other.strict_fp;
  lax_tp += other.lax_tp;
  lax_fp += other.lax_fp;
  return *this;
}

EvalCounts& EvalCounts::operator+=(const EvalCounts& other) {
  precision += other.precision;
  recall += other.recall;
  return *this;
}

MatchCounts precision_counts(const std::vector<BeadRecord>& gold,
                             const std::vector<BeadRecord>& test) {
  const std::set<BeadIds> gold_set = bead_set(gold);
  // Gold source id -> every target id a gold bead containing it aligns it to.
  std::unordered_map<uint32_t, std::vector<uint32_t>> gold_targets;
  for (const BeadIds& g : gold_set)
    for (uint32_t s : g.first)
      gold_targets[s].insert(gold_targets[s].end(), g.second.begin(), g.second.end());

  MatchCounts counts;
  for (const BeadIds& t : bead_set(test)) {
    if (gold_set.count(t)) {
      ++counts.strict_tp;
      ++counts.lax_tp;
      continue;
    }
    ++counts.strict_fp;
    // Sorted, so a long garbage bead against long gold beads stays n log n, not quadratic.
    std::vector<uint32_t> targets = t.second;
    std::sort(targets.begin(), targets.end());
    bool overlap = false;
    for (size_t i = 0; i < t.first.size() && !overlap; ++i) {
      const auto it = gold_targets.find(t.first[i]);
      if (it == gold_targets.end()) continue;
      for (uint32_t g : it->second)
        if (std::binary_search(targets.begin(), targets.end(), g)) {
          overlap = true;
          break;
        }
    }
    ++(overlap ? counts.lax_tp : counts.lax_fp);
  }
  return counts;
}

void add_file(EvalCounts& counts, const std::vector<BeadRecord>& gold,
              const std::vector<BeadRecord>& test) {
  counts.precision += precision_counts(gold, test);
  counts.recall += precision_counts(without_null(test), without_null(gold));
}

EvalScores scores(const EvalCounts& counts) {
  EvalScores s;
  const MatchCounts& p = counts.precision;
  const MatchCounts& r = counts.recall;
  s.strict_precision = ratio(p.strict_tp, p.strict_tp + p.strict_fp);
  s.strict_recall = ratio(r.strict_tp, r.strict_tp + r.strict_fp);
  s.strict_f1 = f1(s.strict_precision, s.strict_recall);
  s.lax_precision = ratio(p.lax_tp, p.lax_tp + p.lax_fp);
  s.lax_recall = ratio(r.lax_tp, r.lax_tp + r.lax_fp);
  s.lax_f1 = f1(s.lax_precision, s.lax_recall);
  return s;
}

Calibration& Calibration::operator+=(const Calibration& other) {
  for (int k = 0; k < kCalibrationBuckets; ++k) {
    buckets[k].beads += other.buckets[k].beads;
    buckets[k].score_sum += other.buckets[k].score_sum;
    buckets[k].exact += other.buckets[k].exact;
  }
  unscored += other.unscored;
  return *this;
}

int64_t Calibration::beads() const {
  int64_t n = 0;
  for (const CalibrationBucket& b : buckets) n += b.beads;
  return n;
}

int calibration_bucket(double score) {
  // The double nearest k/10 times 10 rounds to exactly k (tests/eval_test.cc checks every
  // boundary), so a score written as "0.700" lands in bucket 7, not 6.
  const double scaled = std::floor(score * kCalibrationBuckets);
  return static_cast<int>(std::clamp(scaled, 0.0, double(kCalibrationBuckets - 1)));
}

void add_calibration(Calibration& calibration, const std::vector<BeadRecord>& gold,
                     const std::vector<BeadRecord>& test) {
  const std::set<BeadIds> gold_set = bead_set(gold);
  for (const BeadRecord& t : test) {
    if (t.score < 0) {
      ++calibration.unscored;
      continue;
    }
    CalibrationBucket& b = calibration.buckets[calibration_bucket(t.score)];
    ++b.beads;
    b.score_sum += t.score;
    if (gold_set.count(BeadIds(t.src, t.tgt))) ++b.exact;
  }
}

double expected_calibration_error(const Calibration& calibration) {
  const int64_t total = calibration.beads();
  if (total == 0) return 0.0;
  double ece = 0;
  for (const CalibrationBucket& b : calibration.buckets) {
    if (b.beads == 0) continue;
    const double n = static_cast<double>(b.beads);
    ece += n / static_cast<double>(total) *
           std::fabs(b.score_sum / n - static_cast<double>(b.exact) / n);
  }
  return ece;
}

}  // namespace talign
