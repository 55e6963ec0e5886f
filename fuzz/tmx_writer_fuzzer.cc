// libFuzzer entry point for the tmx_writer target (see fuzz_targets.h; run with scripts/fuzz
// tmx_writer).
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return talign::fuzz::fuzz_tmx_writer(data, size);
}
