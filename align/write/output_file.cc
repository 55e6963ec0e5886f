#include "align/write/output_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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

// procfs's magic number (linux/magic.h), for telling descriptor links apart.
constexpr long kProcSuperMagic = 0x9fa0;

std::string parent_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows the symbolic links of `path` by hand, so that a dangling link still names the file it
// would create; the last path reached goes to `final_path`. Returns true if a link on the way
// lives in procfs (/dev/stdout -> /proc/self/fd/1, /dev/fd/3): such a link names a file a process
// already has open, which the caller wants written, not replaced.
bool follow_links(const std::string& path, std::string& final_path) {
  std::string current = path;
  for (int hop = 0; hop < 40; ++hop) {  // 40: the kernel's own limit on nested links
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) break;
    const std::string dir = parent_of(current);
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == kProcSuperMagic) {
      final_path = current;
      return true;
    }
    char target[PATH_MAX];
    const ssize_t length = ::readlink(current.c_str(), target, sizeof target);
    if (length <= 0 || static_cast<size_t>(length) >= sizeof target) break;
    const std::string link(target, static_cast<size_t>(length));
    current = link.front() == '/' ? link : dir + "/" + link;
  }
  final_path = current;
  return false;
}

}  // namespace

void remove_pending_outputs() {
  for (auto& slot : pending_paths) {
    char* path = slot.load();
    if (path != nullptr) ::unlink(path);
  }
}

OutputFile::OutputFile(std::string path)
    : path_(std::move(path)), name_(path_ == "-" ? "<stdout>" : path_) {
  if (path_.empty()) throw Error(ErrorKind::kUsage, "", "empty output path");
  if (path_ == "-") {
    stream_ = stdout;
    return;
  }
  std::string final_path;
  const bool descriptor = follow_links(path_, final_path);
  struct stat info {};
  const bool exists = ::stat(path_.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) throw Error(ErrorKind::kOutput, name_, "is a directory");
  if (exists && (!S_ISREG(info.st_mode) || descriptor)) {
    // A regular file behind a descriptor is already open (`> out`, `>> log`): append, so that
    // neither what the shell truncated nor what it kept is overwritten.
    open_direct(S_ISREG(info.st_mode));
    return;
  }
  // Replacing a file needs only a writable directory, but a user who made the file read-only
  // does not want it replaced: as `>` would, refuse.
  if (exists && ::access(path_.c_str(), W_OK) != 0)
    fail(std::string("cannot write: ") + std::strerror(errno));
  std::string real_path;
  if (exists) {
    char* resolved = ::realpath(path_.c_str(), nullptr);
    real_path = resolved != nullptr ? resolved : final_path;
    std::free(resolved);
  } else {
    char* resolved = ::realpath(parent_of(final_path).c_str(), nullptr);
    if (resolved == nullptr) fail(std::string("cannot create output: ") + std::strerror(errno));
    real_path = std::string(resolved) + "/" + base_of(final_path);
    std::free(resolved);
  }
  // Permission bits only: set-user-ID and the like are not for a file this process created.
  open_temporary(real_path, exists, info.st_mode & 0777);
}

void OutputFile::open_direct(bool append) {
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
  if (fd < 0) fail(std::string("cannot open for writing: ") + std::strerror(errno));
  stream_ = ::fdopen(fd, append ? "ab" : "wb");
  if (stream_ == nullptr) {
    const int saved = errno;
    ::close(fd);
    fail(std::string("cannot open for writing: ") + std::strerror(saved));
  }
}

void OutputFile::open_temporary(const std::string& real_path, bool exists, unsigned mode) {
  real_path_ = real_path;
  std::string pattern = parent_of(real_path) + "/." + base_of(real_path) + ".talign-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) fail(std::string("cannot create output: ") + std::strerror(errno));
  if (!exists) {
    // mkstemp creates 0600; give a new file the permissions a plain fopen would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, static_cast<mode_t>(mode));
  temp_path_ = pattern;
  register_pending(::strdup(temp_path_.c_str()));
  stream_ = ::fdopen(fd, "wb");
  if (stream_ == nullptr) {
    const int saved = errno;
    ::close(fd);
    fail(std::string("cannot open output: ") + std::strerror(saved));
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
  throw Error(ErrorKind::kOutput, name_, what);
}

void OutputFile::write(std::string_view data) {
  if (stream_ == nullptr) throw Error(ErrorKind::kOutput, name_, "write after failure");
  if (std::fwrite(data.data(), 1, data.size(), stream_) != data.size())
    fail(std::string("write failed: ") + std::strerror(errno));
}

namespace {
std::atomic<bool> sync_each_output{true};
}  // namespace

void set_sync_each_output(bool each) { sync_each_output = each; }

void sync_outputs() { ::sync(); }

void OutputFile::commit() {
  if (stream_ == nullptr) throw Error(ErrorKind::kOutput, name_, "commit after failure");
  if (std::fflush(stream_) != 0) fail(std::string("write failed: ") + std::strerror(errno));
  if (temp_path_.empty()) {
    committed_ = true;
    return;
  }
  // The data must be on disk before the rename makes it the target, or a crash could leave an
  // empty file where the old one was.
  if (sync_each_output && ::fsync(::fileno(stream_)) != 0)
    fail(std::string("write failed: ") + std::strerror(errno));
  if (std::fclose(stream_) != 0) {
    stream_ = nullptr;
    fail(std::string("write failed: ") + std::strerror(errno));
  }
  stream_ = nullptr;
  if (::rename(temp_path_.c_str(), real_path_.c_str()) != 0)
    fail(std::string("cannot rename into place: ") + std::strerror(errno));
  unregister_pending(temp_path_.c_str());
  committed_ = true;
}

}  // namespace talign
