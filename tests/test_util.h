// Helpers several test files use: a file's bytes, the Error a call throws, the text an inline code
// covers, a bead as its sentences, and how many rounds a randomised test runs.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "align/input/document.h"

namespace talign::testing {

// The bytes of the file at `path`, which must exist.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs `f` and returns the Error it throws; fails the test if it throws nothing.
template <typename F>
Error error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error thrown");
  return Error(ErrorKind::kData, "", "");
}

// The text an inline code covers.
inline std::string covered(const Document& doc, const InlineCode& code) {
  return doc.text.substr(code.begin, code.end - code.begin);
}

// A run of source sentences and the target sentences that translate them.
struct Unit {
  std::vector<std::string> src, tgt;
};

// The rounds a randomised test runs: `full` times TALIGN_TEST_ROUNDS (a factor, 1 when unset),
// rounded up. scripts/test lowers it for the sanitizer run, where a round costs several times as
// much: that run takes the first rounds of the full one (the same seeds), which checks the
// properties as often as before and the memory safety of the code paths they take on fewer cases.
inline int scaled_rounds(int full) {
  const char* factor = std::getenv("TALIGN_TEST_ROUNDS");
  if (factor == nullptr || *factor == '\0') return full;
  char* end = nullptr;
  const double f = std::strtod(factor, &end);
  if (*end != '\0' || !(f > 0)) FAIL("TALIGN_TEST_ROUNDS is not a positive number: " << factor);
  return static_cast<int>(std::ceil(full * f));
}

}  // namespace talign::testing
