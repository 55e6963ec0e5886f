// Error: the one exception type the library throws. It says what went wrong and where
// (file, byte offset, line), so a tool can print it as one line and map it to an exit code.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace talign {

// What kind of failure, so callers can choose an exit code without parsing text.
enum class ErrorKind {
  kData,   // the input is unusable: invalid encoding, malformed file, unreadable path
  kUsage,  // the caller asked for something that cannot be done: bad option value
  kOutput  // the output could not be written: permission, full disk
};

class Error : public std::runtime_error {
 public:
  // byte, line and column are a 0-based byte offset, a 1-based line and a 1-based column;
  // negative means "not applicable".
  Error(ErrorKind kind, std::string file, const std::string& message, int64_t byte = -1,
        int64_t line = -1, int64_t column = -1);

  ErrorKind kind() const { return kind_; }
  const std::string& file() const { return file_; }
  int64_t byte() const { return byte_; }
  int64_t line() const { return line_; }
  int64_t column() const { return column_; }

 private:
  ErrorKind kind_;
  std::string file_;
  int64_t byte_;
  int64_t line_;
  int64_t column_;
};

// The name used in messages for a path: "-" reads as "<stdin>".
std::string display_name(const std::string& path);

}  // namespace talign
