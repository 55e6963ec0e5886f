#include "align/common/error.h"

namespace talign {
namespace {

// "FILE: message at byte N (line L)" or "FILE: message at line L, column C": one line, the
// position only where it applies.
std::string compose(const std::string& file, const std::string& message, int64_t byte,
                    int64_t line, int64_t column) {
  std::string text = file.empty() ? message : file + ": " + message;
  if (byte >= 0) text += " at byte " + std::to_string(byte);
  if (line > 0) {
    text += (byte >= 0 ? " (line " : " at line ") + std::to_string(line);
    if (column > 0) text += ", column " + std::to_string(column);
    if (byte >= 0) text += ")";
  }
  return text;
}

}  // namespace

Error::Error(ErrorKind kind, std::string file, const std::string& message, int64_t byte,
             int64_t line, int64_t column)
    : std::runtime_error(compose(display_name(file), message, byte, line, column)),
      kind_(kind),
      file_(std::move(file)),
      byte_(byte),
      line_(line),
      column_(column) {}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace talign
