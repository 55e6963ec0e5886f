#include "align/write/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "align/common/error.h"

namespace talign {
namespace {

// Temporary paths still open, for remove_pending_outputs(). A fixed table of C strings keeps the
// signal handler free of allocation and locks.
constexpr int kMaxPending = 64;
std::atomic<char*> pending_paths[kMaxPending];

void register_pending(char* path) {
  for (auto& slot : pending_paths) {
    char* expected = nullptr;
    if (slot.compare_exchange_strong(expected, path)) return;
  }
}

void unregister_pending(const char* path) {
  for (auto& slot : pending_paths) {
    char* current = slot.load();
    if (current != nullptr && std::strcmp(current, path) == 0) {
      if (slot.compare_exchange_strong(current, nullptr)) {
        std::free(current);
        return;
      }
    }
  }
}

}  // namespace

void remove_pending_outputs() {
  for (auto& slot : pending_paths) {
    char* path = slot.load();
    if (path != nullptr) ::unlink(path);
  }
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    stream_ = stdout;
    return;
  }
  struct stat info {};
  const bool exists = ::stat(path_.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) throw Error(ErrorKind::kOutput, path_, "is a directory");
  if (exists && !S_ISREG(info.st_mode)) {
    stream_ = std::fopen(path_.c_str(), "wb");
    if (stream_ == nullptr) fail(std::string("cannot open for writing: ") + std::strerror(errno));
    return;
  }
  const size_t slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  std::string pattern = (slash == std::string::npos ? "" : dir) + "." + base + ".talign-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) fail(std::string("cannot create output: ") + std::strerror(errno));
  // mkstemp creates 0600; give the file the permissions a plain fopen would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  temp_path_ = pattern;
  register_pending(::strdup(temp_path_.c_str()));
  stream_ = ::fdopen(fd, "wb");
  if (stream_ == nullptr) {
    ::close(fd);
    fail(std::string("cannot open output: ") + std::strerror(errno));
  }
}

OutputFile::~OutputFile() {
  if (stream_ != nullptr && stream_ != stdout) std::fclose(stream_);
  if (!committed_ && !temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    unregister_pending(temp_path_.c_str());
  }
}

void OutputFile::fail(const std::string& what) {
  if (stream_ != nullptr && stream_ != stdout) std::fclose(stream_);
  stream_ = nullptr;
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    unregister_pending(temp_path_.c_str());
    temp_path_.clear();
  }
  throw Error(ErrorKind::kOutput, path_, what);
}

void OutputFile::write(std::string_view data) {
  if (stream_ == nullptr) throw Error(ErrorKind::kOutput, path_, "write after failure");
  if (std::fwrite(data.data(), 1, data.size(), stream_) != data.size())
    fail(std::string("write failed: ") + std::strerror(errno));
}

void OutputFile::commit() {
  if (stream_ == nullptr) throw Error(ErrorKind::kOutput, path_, "commit after failure");
  if (std::fflush(stream_) != 0) fail(std::string("write failed: ") + std::strerror(errno));
  if (temp_path_.empty()) {
    committed_ = true;
    return;
  }
  if (std::fclose(stream_) != 0) {
    stream_ = nullptr;
    fail(std::string("write failed: ") + std::strerror(errno));
  }
  stream_ = nullptr;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0)
    fail(std::string("cannot rename into place: ") + std::strerror(errno));
  unregister_pending(temp_path_.c_str());
  committed_ = true;
}

}  // namespace talign
