#include "align/common/error.h"

namespace talign {
namespace {

// "FILE: message at byte N (line L)": one line, the position only where it applies.
std::string compose(const std::string& file, const std::string& message, int64_t byte,
                    int64_t line) {
  std::string text = file.empty() ? message : file + ": " + message;
  if (byte >= 0) text += " at byte " + std::to_string(byte);
  if (line > 0) text += (byte >= 0 ? " (line " : " at line ") + std::to_string(line) +
                        (byte >= 0 ? ")" : "");
  return text;
}

}  // namespace

Error::Error(ErrorKind kind, std::string file, const std::string& message, int64_t byte,
             int64_t line)
    : std::runtime_error(compose(display_name(file), message, byte, line)),
      kind_(kind),
      file_(std::move(file)),
      byte_(byte),
      line_(line) {}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace talign
