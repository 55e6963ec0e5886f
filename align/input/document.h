// Document: the text of one input file, decoded to NFC UTF-8 with LF newlines.
// This is the first pipeline stage; every later stage works on Document::text.
#pragma once

#include <string>
#include <string_view>

namespace talign {

// How the input bytes were encoded, as detected from the BOM or the NUL-byte pattern.
enum class Encoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be };

// Name for messages, e.g. "UTF-16LE".
const char* encoding_name(Encoding encoding);

struct Document {
  std::string name;  // the path as given ("-" for stdin); used in messages
  std::string text;  // NFC, valid UTF-8, LF newlines, no BOM, no NUL
  Encoding encoding = Encoding::kUtf8;
};

// Decodes bytes already in memory. Accepts UTF-8 with or without BOM and UTF-16 LE/BE with a BOM
// (or without one when the NUL-byte pattern is unambiguous). CRLF, CR, NEL and U+2028 become LF;
// U+2029 and form feed become a blank line (a paragraph break). Throws Error(kData) naming `name`
// and the byte offset of the first invalid sequence or NUL byte.
Document decode_document(std::string_view bytes, const std::string& name);

// Reads `path` ("-" = standard input) and decodes it as decode_document does. Throws Error(kData)
// for a missing, unreadable or non-regular path.
Document read_document(const std::string& path);

// Returns the 1-based line number of byte offset `byte` in `bytes` (counting LF and lone CR).
int64_t line_of_byte(std::string_view bytes, size_t byte);

}  // namespace talign
