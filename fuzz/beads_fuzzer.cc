// libFuzzer entry point for the beads target (see fuzz_targets.h; run with scripts/fuzz beads).
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return talign::fuzz::fuzz_beads(data, size);
}
