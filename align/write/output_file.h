// OutputFile: where a command's data goes. A regular file is written to a temporary file in the
// same directory and renamed into place by commit(), so a failed or interrupted run never leaves a
// partial output; "-" is standard output; other targets (a pipe, /dev/stdout, a device) are
// written directly, since renaming over them would replace them.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace talign {

class OutputFile {
 public:
  // Opens `path` for writing ("-" = stdout). Throws Error(kOutput) if it cannot be created.
  explicit OutputFile(std::string path);
  // Removes the temporary file unless commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends bytes. Throws Error(kOutput) on a write error (e.g. a full disk).
  void write(std::string_view data);
  // Flushes and, for a regular file, renames the temporary file onto the target. Throws
  // Error(kOutput) on failure, in which case the target is untouched.
  void commit();

  const std::string& path() const { return path_; }

 private:
  void fail(const std::string& what);

  std::string path_;
  std::string temp_path_;  // empty when writing directly
  std::FILE* stream_ = nullptr;
  bool committed_ = false;
};

// Removes every temporary file an OutputFile still has open. Async-signal-safe, so a SIGINT or
// SIGTERM handler can call it before exiting.
void remove_pending_outputs();

}  // namespace talign
