// Readers not written yet: each throws until its own file replaces it here (issue 16 work in
// progress; this file goes when the last one lands).
#include "align/common/error.h"
#include "align/input/readers.h"

namespace talign {
namespace {
[[noreturn]] void pending(const std::string& name, const char* format) {
  throw Error(ErrorKind::kData, name, std::string("reading ") + format + " is not supported yet");
}
}  // namespace

Document read_docx(std::string_view, const std::string& name) { pending(name, "DOCX"); }
Document read_odt(std::string_view, const std::string& name) { pending(name, "ODT"); }
Document read_html(std::string_view, const std::string& name) { pending(name, "HTML"); }
Document read_markdown(std::string_view, const std::string& name) { pending(name, "Markdown"); }
Document read_srt(std::string_view, const std::string& name) { pending(name, "SubRip"); }
Document read_vtt(std::string_view, const std::string& name) { pending(name, "WebVTT"); }

}  // namespace talign
