// libFuzzer entry point for the decode target (see fuzz_targets.h; run with scripts/fuzz decode).
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return talign::fuzz::fuzz_decode(data, size);
}
