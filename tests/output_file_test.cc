// Tests for align/write/output_file: atomic replacement, no partial files, non-regular targets.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "align/common/error.h"
#include "align/write/output_file.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using talign::testing::read_file;

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
  CHECK(read_file(target) == "first\nsecond\n");
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
  CHECK(read_file(target) == "old");
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

TEST_CASE("an empty output path is a usage error", "[output]") {
  try {
    talign::OutputFile out("");
    FAIL("no error");
  } catch (const talign::Error& e) {
    CHECK(e.kind() == talign::ErrorKind::kUsage);
    CHECK(std::string(e.what()) == "empty output path");
  }
}

TEST_CASE("a symbolic link stays a link; its target gets the content and keeps its mode",
          "[output]") {
  TempDir dir;
  fs::create_directories(dir.path / "real");
  const fs::path target = dir.path / "real" / "data.txt";
  std::ofstream(target) << "old";
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  const fs::path link = dir.path / "link.txt";
  fs::create_symlink("real/data.txt", link);
  {
    talign::OutputFile out(link.string());
    out.write("new\n");
    out.commit();
  }
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "real/data.txt");
  CHECK(read_file(target) == "new\n");
  struct stat info {};
  REQUIRE(::stat(target.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0640);
  CHECK(dir.entries() == 2);  // real/ and link.txt: no temporary file left beside the link
  CHECK(std::distance(fs::directory_iterator(dir.path / "real"), {}) == 1);
}

TEST_CASE("a dangling symbolic link stays a link and its target is created", "[output]") {
  TempDir dir;
  const fs::path link = dir.path / "link.txt";
  fs::create_symlink("created.txt", link);
  {
    talign::OutputFile out(link.string());
    out.write("fresh");
    out.commit();
  }
  CHECK(fs::is_symlink(link));
  CHECK(read_file(dir.path / "created.txt") == "fresh");
}

TEST_CASE("a link to an open descriptor (/proc/self/fd/N) is written through, not replaced",
          "[output]") {
  // A descriptor of our own stands in for the stdout of `talign ... -o /dev/stdout > file`; the
  // real /dev/stdout is never touched by tests.
  TempDir dir;
  const fs::path file = dir.path / "shell-output.txt";
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "head\n", 5) == 5);
  const fs::path link = dir.path / "stdout-link";
  fs::create_symlink("/proc/self/fd/" + std::to_string(fd), link);
  {
    talign::OutputFile out(link.string());
    out.write("body\n");
    out.commit();
  }
  ::close(fd);
  CHECK(fs::is_symlink(link));
  CHECK(read_file(file) == "head\nbody\n");  // appended: what was written before is kept
  CHECK(dir.entries() == 2);

  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const fs::path pipe_link = dir.path / "pipe-link";
  fs::create_symlink("/proc/self/fd/" + std::to_string(pipe_fds[1]), pipe_link);
  {
    talign::OutputFile out(pipe_link.string());
    out.write("through the pipe");
    out.commit();
  }
  ::close(pipe_fds[1]);
  char buffer[64] = {};
  const ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer - 1);
  ::close(pipe_fds[0]);
  CHECK(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0) == "through the pipe");
  CHECK(fs::is_symlink(pipe_link));
}
