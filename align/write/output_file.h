// OutputFile: where a command's data goes. A regular file is written to a temporary file in the
// directory the target really lives in (symbolic links resolved) and renamed onto it by commit(),
// so a failed or interrupted run never leaves a partial output and a symbolic link stays a link
// whose target gets the content; the replaced file's permission bits are kept. "-" is standard
// output. Other targets (a pipe, a device, an open descriptor such as /dev/stdout) are written
// directly, since renaming over them would replace them. A hard link to the old file keeps the
// old content: the atomic replace gives the name a new file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace talign {

class OutputFile {
 public:
  // Opens `path` for writing ("-" = stdout). Throws Error(kUsage) for an empty path and
  // Error(kOutput) if the output cannot be created.
  explicit OutputFile(std::string path);
  // Removes the temporary file unless commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends bytes. Throws Error(kOutput) on a write error (e.g. a full disk).
  void write(std::string_view data);
  // Flushes and, for a regular file, syncs the temporary file and renames it onto the target.
  // Throws Error(kOutput) on failure, in which case the target is untouched.
  void commit();

  const std::string& path() const { return path_; }

 private:
  void open_direct(bool append);
  void open_temporary(const std::string& real_path, bool exists, unsigned mode);
  [[noreturn]] void fail(const std::string& what);

  std::string path_;
  std::string name_;       // for messages: "<stdout>" for "-"
  std::string real_path_;  // the file the rename replaces (symbolic links resolved)
  std::string temp_path_;  // empty when writing directly
  std::FILE* stream_ = nullptr;
  bool committed_ = false;
};

// Whether commit() syncs each file before renaming it into place (the default), or leaves the
// syncing to one sync_outputs() call at the end of a run of many files (talign batch --sync
// end): writing, syncing and renaming costs about 0.4 ms a file, more than aligning a small
// document. Renames stay atomic either way; without the per-file sync a crash of the machine
// (not of talign) before sync_outputs() can leave files of this run empty or partial.
// Process-wide; set it before any output is opened.
void set_sync_each_output(bool each);

// Flushes every file written so far to disk (sync(2), which cannot fail).
void sync_outputs();

// Removes every temporary file an OutputFile still has open. Async-signal-safe, so a SIGINT or
// SIGTERM handler can call it before exiting.
void remove_pending_outputs();

}  // namespace talign
