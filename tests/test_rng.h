// Rng: the tests' random numbers (splitmix64), deterministic on every platform, so that a seed
// names one generated case everywhere.
#pragma once

#include <cstddef>
#include <cstdint>

namespace talign::testing {

struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  size_t between(size_t lo, size_t hi) { return lo + below(hi - lo + 1); }  // inclusive
  double uniform() { return double(next() >> 11) / double(1ull << 53); }
  bool coin(double p = 0.5) { return uniform() < p; }
};

}  // namespace talign::testing
