// Helpers several test files use: a file's bytes, the Error a call throws, the text an inline code
// covers, and a bead as its sentences.
#pragma once

#include <catch2/catch.hpp>
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

}  // namespace talign::testing
