// Document: the text of one input file, decoded to NFC UTF-8 with LF newlines, whatever the
// file's format. This is the first pipeline stage; every later stage works on Document::text.
// Readers of structured formats (align/input/readers.h) also record the inline formatting
// codes, subtitle cue times and language attributes they met, as byte ranges of that text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

// How the input bytes were encoded, as detected from the BOM or the NUL-byte pattern.
enum class Encoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be };

// Name for messages, e.g. "UTF-16LE".
const char* encoding_name(Encoding encoding);

// The formats talign reads (align/input/format.h detects them).
enum class InputFormat { kAuto, kText, kDocx, kOdt, kHtml, kMarkdown, kSrt, kVtt, kXliff };

// What an inline formatting code stands for. kBold .. kSpan are pairs (an opening and a closing
// tag around text); the others are isolated codes at one position.
enum class CodeKind : uint8_t {
  kBold,
  kItalic,
  kUnderline,
  kLink,       // `native` is the link's target
  kSpan,       // any other paired formatting (superscript, a styled run...)
  kLineBreak,  // a line break inside a paragraph (also a LF in the text)
  kFootnote,   // a footnote or endnote reference; `native` is its mark
  kPlaceholder // an image, a field without text...
};

// True for the kinds that open and close around text.
inline bool is_paired(CodeKind kind) { return kind <= CodeKind::kSpan; }

// One inline code. A pair covers text bytes [begin, end); an isolated code sits at begin (== end).
struct InlineCode {
  size_t begin = 0;
  size_t end = 0;
  CodeKind kind = CodeKind::kSpan;
  std::string native;  // what the code was in the file, or its target (see CodeKind)
};

// A subtitle cue: its text is bytes [begin, end) of Document::text (one paragraph).
struct Cue {
  size_t begin = 0;
  size_t end = 0;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
};

// A language attribute (HTML lang, xml:lang): the text from `begin` on is in `lang` (as written
// in the file), until the next LanguageMark.
struct LanguageMark {
  size_t begin = 0;
  std::string lang;
};

struct Document {
  std::string name;  // the path as given ("-" for stdin); used in messages
  std::string text;  // NFC, valid UTF-8, LF newlines, no BOM, no NUL; blank line = paragraph end
  Encoding encoding = Encoding::kUtf8;
  InputFormat format = InputFormat::kText;
  std::vector<InlineCode> codes;        // sorted by begin (then by end, descending: outer first)
  std::vector<Cue> cues;                // subtitles only, in file order
  std::vector<LanguageMark> languages;  // sorted by begin
};

// Decodes bytes already in memory. Accepts UTF-8 with or without BOM and UTF-16 LE/BE with a BOM
// (or without one when the NUL-byte pattern is unambiguous). CRLF, CR, NEL and U+2028 become LF;
// U+2029 and form feed become a blank line (a paragraph break). Throws Error(kData) naming `name`
// and the byte offset of the first invalid sequence or NUL byte.
Document decode_document(std::string_view bytes, const std::string& name);

// Inputs larger than this are refused (read_document, read_input_bytes, the parallel-corpus
// readers): the whole text is held in memory several times over.
inline constexpr uint64_t kMaxInputBytes = uint64_t{2} << 30;

// Reads `path` ("-" = standard input) and decodes it as decode_document does: plain text only.
// Throws Error(kData) for a missing, unreadable or non-regular path, and for a file in a format
// that is not plain text (a zip archive, PDF...; read_input_bytes).
Document read_document(const std::string& path);

// Reads all bytes of `path` ("-" = standard input) undecoded. A zip archive (DOCX, ODT) sets
// `zip` and is returned as it is; any other file is checked as read_document checks it while
// reading (a NUL byte outside UTF-16 text fails at once), and a file in a known format that is
// not text (PDF, legacy Word, RTF, images, other archives) is refused naming what it is
// (refuse_non_text in format.h). Throws Error(kData) for a missing, unreadable or non-regular
// path, or one over 2 GiB.
std::string read_input_bytes(const std::string& path, bool& zip);

// Normalises `text` (valid UTF-8) to NFC in place; `name` is for the error ICU could raise.
void normalize_nfc(std::string& text, const std::string& name);

// Returns the 1-based line number of byte offset `byte` in `bytes` (counting LF and lone CR).
int64_t line_of_byte(std::string_view bytes, size_t byte);

}  // namespace talign
