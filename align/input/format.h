// Input formats: telling them apart from a file's first bytes and name, refusing files that are
// not text, and reading any supported file into a Document (read_input_document).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "align/input/document.h"

namespace talign {

// The format named `name` ("auto", "text", "docx", "odt", "html", "md", "srt", "vtt", "xliff";
// "txt", "markdown", "xhtml", "xlf" too). Throws Error(kUsage) naming the accepted names.
InputFormat parse_input_format(std::string_view name);

// The canonical name of `format`, as parse_input_format takes it.
const char* input_format_name(InputFormat format);

// The names --from accepts, in the order --help lists them.
std::vector<std::string> input_format_names();

// True if `head` (a file's first bytes) starts a zip archive.
bool is_zip_archive(std::string_view head);

// Throws Error(kData) naming `path` when `head` starts a file in a known format that is not text
// (PDF, legacy Word/Excel (OLE2), RTF, PostScript, images, gzip/bzip2/xz/7z/RAR archives, ELF
// executables), saying what it is and how to get text out of it. Returns otherwise.
void refuse_non_text(std::string_view head, const std::string& path);

// Throws Error(kData) for a zip archive given where only plain text is read.
[[noreturn]] void refuse_zip_as_text(const std::string& path);

// The format of a file from its content (`bytes`: all of it or at least its first 64 KiB; `zip`
// as read_input_bytes set it) and, where content cannot tell (Markdown), its name. DOCX and ODT
// are told apart by the archive's entries, HTML, XLIFF, WebVTT and SubRip by their first
// non-blank lines; anything else is text. A zip archive that is neither DOCX nor ODT throws
// Error(kData) naming `path`.
InputFormat detect_format(std::string_view bytes, bool zip, const std::string& path);

// Reads `path` ("-" = standard input) in `format` (kAuto: detect_format) into a Document whose
// text has one paragraph per block of the source (a blank line between paragraphs). Throws
// Error(kData) naming the file (and position where there is one) for unreadable, malformed or
// non-text input, and Error(kUsage) when `format` cannot be read from the input (a zip forced
// to be read as HTML...).
Document read_input_document(const std::string& path, InputFormat format = InputFormat::kAuto);

// A document already decoded as text (decode_document) read in `format`: Markdown, subtitles,
// or markup given as UTF-8 (UTF-16 HTML or XLIFF, decoded first); kText returns it as it is.
Document read_input_document_text(const Document& decoded, InputFormat format);

}  // namespace talign
