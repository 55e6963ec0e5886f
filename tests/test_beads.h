// make_bead: a bead from its position, counts and score, for tests that write beads by hand.
#pragma once

#include <cstdint>

#include "align/align/alignment.h"

namespace talign::testing {

inline Bead make_bead(uint32_t src_begin, uint32_t src_count, uint32_t tgt_begin,
                      uint32_t tgt_count, float score = 1.0f) {
  Bead b;
  b.src_begin = src_begin;
  b.src_count = src_count;
  b.tgt_begin = tgt_begin;
  b.tgt_count = tgt_count;
  b.score = score;
  return b;
}

}  // namespace talign::testing
