// Tests for align/write/output_file: atomic replacement, no partial files, non-regular targets.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "align/common/error.h"
#include "align/write/output_file.h"

namespace fs = std::filesystem;

namespace {

// A fresh empty directory for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("talign-out-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  size_t entries() const { return std::distance(fs::directory_iterator(path), {}); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("committed output appears whole and leaves no temporary file", "[output]") {
  TempDir dir;
  const fs::path target = dir.path / "out.txt";
  {
    talign::OutputFile out(target.string());
    out.write("first\n");
    CHECK_FALSE(fs::exists(target));  // nothing visible before commit
    out.write("second\n");
    out.commit();
  }
  CHECK(slurp(target) == "first\nsecond\n");
  CHECK(dir.entries() == 1);
}

TEST_CASE("output that is not committed leaves the old file untouched and no debris",
          "[output]") {
  TempDir dir;
  const fs::path target = dir.path / "out.txt";
  std::ofstream(target) << "old";
  {
    talign::OutputFile out(target.string());
    out.write("partial");
  }  // e.g. an exception unwound before commit
  CHECK(slurp(target) == "old");
  CHECK(dir.entries() == 1);
}

TEST_CASE("a directory or an unwritable location is an output error", "[output]") {
  TempDir dir;
  CHECK_THROWS_AS(talign::OutputFile(dir.path.string()), talign::Error);
  try {
    talign::OutputFile out((dir.path / "missing-dir" / "out.txt").string());
    FAIL("no error");
  } catch (const talign::Error& e) {
    CHECK(e.kind() == talign::ErrorKind::kOutput);
    CHECK(std::string(e.what()).find("missing-dir/out.txt: cannot create output") !=
          std::string::npos);
  }
}

TEST_CASE("a non-regular target such as /dev/null is written directly, not replaced",
          "[output]") {
  {
    talign::OutputFile out("/dev/null");
    out.write("discarded");
    out.commit();
  }
  struct stat info {};
  REQUIRE(::stat("/dev/null", &info) == 0);
  CHECK(S_ISCHR(info.st_mode));
}

TEST_CASE("remove_pending_outputs deletes temporary files of unfinished outputs", "[output]") {
  TempDir dir;
  talign::OutputFile out((dir.path / "out.txt").string());
  out.write("x");
  CHECK(dir.entries() == 1);  // the temporary file
  talign::remove_pending_outputs();
  CHECK(dir.entries() == 0);
}
