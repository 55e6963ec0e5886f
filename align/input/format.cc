#include "align/input/format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/input/readers.h"
#include "align/input/zip_archive.h"

namespace talign {
namespace {

struct FormatName {
  const char* name;
  InputFormat format;
};

// Canonical names first (input_format_name returns the first match), then aliases.
constexpr std::array<FormatName, 14> kFormatNames{{
    {"auto", InputFormat::kAuto},
    {"text", InputFormat::kText},
    {"docx", InputFormat::kDocx},
    {"odt", InputFormat::kOdt},
    {"html", InputFormat::kHtml},
    {"md", InputFormat::kMarkdown},
    {"srt", InputFormat::kSrt},
    {"vtt", InputFormat::kVtt},
    {"xliff", InputFormat::kXliff},
    {"txt", InputFormat::kText},
    {"markdown", InputFormat::kMarkdown},
    {"xhtml", InputFormat::kHtml},
    {"htm", InputFormat::kHtml},
    {"xlf", InputFormat::kXliff},
}};
constexpr size_t kCanonicalNames = 9;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The file name's extension, lower case, without the dot ("" when there is none).
std::string extension_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return ascii_lower(std::string_view(path).substr(dot + 1));
}

struct Refusal {
  std::string_view magic;
  size_t offset;
  const char* what;
};

// Formats that are not text, by their magic bytes, with what to do about them.
const Refusal kRefusals[] = {
    {"%PDF-", 0, "a PDF file; get its text with: pdftotext -layout FILE out.txt (poppler-utils)"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0,
     "a legacy Microsoft Office file (.doc, .xls, .ppt); convert it with: libreoffice "
     "--headless --convert-to docx FILE"},
    {"{\\rtf", 0, "an RTF file; convert it with: libreoffice --headless --convert-to docx FILE"},
    {"%!PS", 0, "a PostScript file; get its text with: ps2pdf FILE out.pdf && pdftotext -layout out.pdf out.txt"},
    {"\x89PNG\r\n\x1A\n", 0, "a PNG image; talign reads text (OCR it first, e.g. tesseract)"},
    {"\xFF\xD8\xFF", 0, "a JPEG image; talign reads text (OCR it first, e.g. tesseract)"},
    {"GIF87a", 0, "a GIF image; talign reads text"},
    {"GIF89a", 0, "a GIF image; talign reads text"},
    {"II*\0", 0, "a TIFF image; talign reads text (OCR it first, e.g. tesseract)"},
    {"MM\0*", 0, "a TIFF image; talign reads text (OCR it first, e.g. tesseract)"},
    {"WEBP", 8, "a WebP image; talign reads text"},
    {"\x1F\x8B", 0, "a gzip archive; decompress it first (zcat FILE | talign ... -)"},
    {"BZh", 0, nullptr},  // checked with its block magic below: "BZh" alone can start text
    {"\xFD" "7zXZ\0", 0, "an xz archive; decompress it first (xzcat FILE | talign ... -)"},
    {"\x28\xB5\x2F\xFD", 0, "a zstd archive; decompress it first (zstdcat FILE | talign ... -)"},
    {"7z\xBC\xAF\x27\x1C", 0, "a 7-Zip archive; extract the text files first"},
    {"Rar!\x1A\x07", 0, "a RAR archive; extract the text files first"},
    {"\x7F" "ELF", 0, "an executable (ELF), not text"},
    {"OggS", 0, "an Ogg media file, not text"},
    {"ID3", 0, "an MP3 audio file, not text"},
};

// `what` with FILE replaced by the path (quoted when it needs it), to copy into a shell.
std::string with_path(std::string what, const std::string& path) {
  std::string quoted = path;
  if (path.find_first_of(" '\"$`\\!*?[]();&|<>") != std::string::npos) {
    quoted = "'";
    for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
  }
  if (path == "-") quoted = "FILE";
  for (size_t at = what.find("FILE"); at != std::string::npos; at = what.find("FILE", at + quoted.size()))
    what.replace(at, 4, quoted);
  return what;
}

bool has_magic(std::string_view head, std::string_view magic, size_t offset) {
  return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

// The text after an optional UTF-8 BOM and leading white space, lower case, at most `count` bytes.
std::string text_start(std::string_view bytes, size_t count) {
  if (starts_with(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  size_t i = 0;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  return ascii_lower(bytes.substr(i, count));
}

bool looks_like_html(std::string_view start) {
  if (starts_with(start, "<!doctype html") || starts_with(start, "<html")) return true;
  if (start.empty() || start[0] != '<') return false;
  // An XML or fragment file: HTML if an html, head or body element comes early.
  for (const char* tag : {"<html", "<head>", "<head ", "<body", "<!doctype html"})
    if (start.find(tag) != std::string::npos) return true;
  return false;
}

bool looks_like_xliff(std::string_view start) {
  return (starts_with(start, "<?xml") || starts_with(start, "<xliff")) &&
         start.find("<xliff") != std::string::npos;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// SubRip: a cue number on the first non-blank line, then "hh:mm:ss,mmm --> hh:mm:ss,mmm".
bool looks_like_srt(std::string_view start) {
  const size_t first_end = start.find('\n');
  if (first_end == std::string_view::npos) return false;
  std::string_view first = start.substr(0, first_end);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  const size_t second_end = start.find('\n', first_end + 1);
  const std::string_view second = start.substr(first_end + 1, second_end - first_end - 1);
  return is_digits(first) && second.find("-->") != std::string_view::npos &&
         second.find(':') != std::string_view::npos;
}

// A UTF-16 BOM, or NULs in every other byte of the start: worth decoding before sniffing.
bool may_be_utf16(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) return true;
  // ASCII text in UTF-16 has a NUL in every other byte.
  const size_t n = std::min<size_t>(bytes.size(), 64);
  size_t nul = 0;
  for (size_t i = 0; i < n; ++i) nul += bytes[i] == '\0';
  return n >= 4 && 2 * nul >= n - 1;
}

const char* refused_zip(const ZipArchive& archive) {
  if (archive.has("xl/workbook.xml"))
    return "an Excel workbook (.xlsx), not a text document; save the text as .docx or .txt";
  if (archive.has("ppt/presentation.xml"))
    return "a PowerPoint presentation (.pptx); convert it with: libreoffice --headless "
           "--convert-to odt FILE, or save its text";
  if (const auto mimetype = archive.read("mimetype", 256)) {
    if (starts_with(*mimetype, "application/epub"))
      return "an EPUB book; convert it with: pandoc FILE -o FILE.docx (or FILE.html)";
    if (starts_with(*mimetype, "application/vnd.oasis.opendocument"))
      return "an OpenDocument file that is not text (a spreadsheet, presentation or drawing)";
  }
  return "a zip archive that is not a Word (.docx) or OpenDocument text (.odt) document";
}

}  // namespace

InputFormat parse_input_format(std::string_view name) {
  const std::string lower = ascii_lower(name);
  for (const FormatName& f : kFormatNames)
    if (lower == f.name) return f.format;
  std::string names;
  for (size_t i = 0; i < kCanonicalNames; ++i) names += (i ? ", " : "") + std::string(kFormatNames[i].name);
  throw Error(ErrorKind::kUsage, "", "unknown input format '" + std::string(name) + "' (" + names + ")");
}

const char* input_format_name(InputFormat format) {
  for (const FormatName& f : kFormatNames)
    if (f.format == format) return f.name;
  return "?";
}

std::vector<std::string> input_format_names() {
  std::vector<std::string> names;
  for (size_t i = 0; i < kCanonicalNames; ++i) names.emplace_back(kFormatNames[i].name);
  return names;
}

bool is_zip_archive(std::string_view head) {
  return starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06");
}

void refuse_non_text(std::string_view head, const std::string& path) {
  for (const Refusal& r : kRefusals) {
    if (!has_magic(head, r.magic, r.offset)) continue;
    if (r.what == nullptr) {  // bzip2: "BZh", a block size digit, then the block magic
      if (head.size() >= 10 && head[3] >= '1' && head[3] <= '9' &&
          head.substr(4, 6) == "\x31\x41\x59\x26\x53\x59")
        throw Error(ErrorKind::kData, path,
                    with_path("is a bzip2 archive; decompress it first (bzcat FILE | talign ... -)", path));
      continue;
    }
    if (r.offset == 8 && !starts_with(head, "RIFF")) continue;  // WebP is a RIFF container
    throw Error(ErrorKind::kData, path, with_path(std::string("is ") + r.what, path));
  }
}

void refuse_zip_as_text(const std::string& path) {
  throw Error(ErrorKind::kData, path,
              "is a zip archive (a .docx or .odt document?), not plain text; talign align and "
              "split read documents (--from docx|odt), other commands read text only");
}

InputFormat detect_format(std::string_view bytes, bool zip, const std::string& path) {
  if (zip) {
    const ZipArchive archive(bytes, path);
    if (archive.has("word/document.xml")) return InputFormat::kDocx;
    if (const auto mimetype = archive.read("mimetype", 256))
      if (starts_with(*mimetype, "application/vnd.oasis.opendocument.text") &&
          archive.has("content.xml"))
        return InputFormat::kOdt;
    throw Error(ErrorKind::kData, path, with_path(std::string("is ") + refused_zip(archive), path));
  }
  const std::string start = text_start(bytes, 4096);
  if (looks_like_xliff(start)) return InputFormat::kXliff;
  if (looks_like_html(start)) return InputFormat::kHtml;
  if (starts_with(start, "webvtt") &&
      (start.size() == 6 || start[6] == ' ' || start[6] == '\t' || start[6] == '\n' || start[6] == '\r'))
    return InputFormat::kVtt;
  if (looks_like_srt(start)) return InputFormat::kSrt;
  const std::string ext = extension_of(path);
  if (ext == "md" || ext == "markdown") return InputFormat::kMarkdown;
  return InputFormat::kText;
}

Document read_input_document(const std::string& path, InputFormat format) {
  bool zip = false;
  const std::string bytes = read_input_bytes(path, zip);
  if (format == InputFormat::kAuto) {
    if (!zip && may_be_utf16(bytes)) {
      // Sniff the decoded text; the readers of markup then get UTF-8.
      Document decoded = decode_document(bytes, path);
      format = detect_format(decoded.text, false, path);
      if (format == InputFormat::kText) return decoded;
      return read_input_document_text(decoded, format);
    }
    format = detect_format(bytes, zip, path);
  }
  const bool container = format == InputFormat::kDocx || format == InputFormat::kOdt;
  if (zip != container)
    throw Error(ErrorKind::kData, path,
                std::string(zip ? "is a zip archive, not " : "is not a zip archive, so not ") +
                    "a " + input_format_name(format) + " file (--from)");
  switch (format) {
    case InputFormat::kDocx: return read_docx(bytes, path);
    case InputFormat::kOdt: return read_odt(bytes, path);
    case InputFormat::kHtml: return read_html(bytes, path);
    case InputFormat::kXliff: return read_xliff(bytes, path);
    default: break;
  }
  return read_input_document_text(decode_document(bytes, path), format);
}

Document read_input_document_text(const Document& decoded, InputFormat format) {
  switch (format) {
    case InputFormat::kMarkdown: return read_markdown(decoded.text, decoded.name);
    case InputFormat::kSrt: return read_srt(decoded.text, decoded.name);
    case InputFormat::kVtt: return read_vtt(decoded.text, decoded.name);
    case InputFormat::kHtml: return read_html_text(decoded.text, decoded.name);
    case InputFormat::kXliff: return read_xliff(decoded.text, decoded.name);
    default: return decoded;
  }
}

}  // namespace talign
