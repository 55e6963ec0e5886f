#include "align/input/document.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>

#include "align/common/error.h"
#include "align/common/utf8.h"
#include "align/input/format.h"

namespace talign {
namespace {

// Returns the length of the valid UTF-8 sequence at s[i], or 0 if it is invalid (overlong,
// surrogate, beyond U+10FFFF, truncated). NUL counts as invalid here: text never contains it.
size_t utf8_sequence_length(const unsigned char* s, size_t size, size_t i) {
  const unsigned char c = s[i];
  if (c >= 0x01 && c < 0x80) return 1;
  auto cont = [&](size_t k) { return i + k < size && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const unsigned char c1 = s[i + 1];
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const unsigned char c1 = s[i + 1];
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

[[noreturn]] void throw_at(std::string_view original, const std::string& name,
                           const std::string& what, size_t byte) {
  throw Error(ErrorKind::kData, name, what, static_cast<int64_t>(byte),
              line_of_byte(original, byte));
}

// Copies valid UTF-8 from `bytes` (starting at `start`) into `out`, normalising newlines.
// True if none of the eight bytes at `p` is non-ASCII, CR, NUL or FF (the bytes decode_utf8
// must look at one by one).
bool plain_ascii_word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  // A byte equal to b makes (x - 1) borrow into its high bit where x = w ^ b*kOnes is zero.
  auto has_byte = [&](uint64_t b) {
    const uint64_t x = w ^ (b * kOnes);
    return ((x - kOnes) & ~x & kHigh) != 0;
  };
  return (w & kHigh) == 0 && !has_byte(0) && !has_byte('\r') && !has_byte('\f');
}

void decode_utf8(std::string_view bytes, size_t start, const std::string& name, std::string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  out.reserve(size - start);
  // Text that needs no change is copied in runs: [copied, i) is valid and unchanged.
  size_t copied = start;
  size_t i = start;
  while (i < size) {
    // Eight bytes at a time while none is non-ASCII, CR, NUL or FF.
    while (i + 8 <= size && plain_ascii_word(s + i)) i += 8;
    if (i >= size) break;
    const unsigned char c = s[i];
    if (c < 0x80 && c != '\r' && c != 0 && c != '\f') {
      ++i;
      continue;
    }
    // Two- and three-byte characters of the common ranges (Latin, Cyrillic, Arabic, CJK),
    // checked inline; the rest, and C2/E2 (NEL, U+2028, U+2029), by utf8_sequence_length.
    if (c >= 0xC3 && c <= 0xDF && i + 1 < size && (s[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    if ((c == 0xE1 || (c >= 0xE3 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < size &&
        (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    const bool special = c == '\r' || c == '\f' || c == 0xC2 || c == 0xE2 || c == 0;
    size_t len = 0;
    if (!special) {
      len = utf8_sequence_length(s, size, i);
      if (len == 0) throw_at(bytes, name, "invalid UTF-8", i);
      i += len;
      continue;
    }
    out.append(bytes.data() + copied, i - copied);
    if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < size && s[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\f') {
      out.append("\n\n");
      ++i;
    } else {
      if (c == 0) throw_at(bytes, name, "NUL byte (binary file?)", i);
      len = utf8_sequence_length(s, size, i);
      if (len == 0) throw_at(bytes, name, "invalid UTF-8", i);
      if (len == 2 && c == 0xC2 && s[i + 1] == 0x85) {  // NEL
        out.push_back('\n');
      } else if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA8) {  // LINE SEP
        out.push_back('\n');
      } else if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA9) {  // PARA SEP
        out.append("\n\n");
      } else {
        out.append(bytes.data() + i, len);
      }
      i += len;
    }
    copied = i;
  }
  out.append(bytes.data() + copied, size - copied);
}

// Decodes UTF-16 (after the BOM at `start`) to UTF-8, normalising newlines as decode_utf8 does.
// `note` is added to error messages (it says when the encoding was only guessed).
void decode_utf16(std::string_view bytes, size_t start, bool big_endian, const std::string& name,
                  const std::string& note, std::string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  auto unit_at = [&](size_t i) -> char16_t {
    return big_endian ? static_cast<char16_t>((s[i] << 8) | s[i + 1])
                      : static_cast<char16_t>((s[i + 1] << 8) | s[i]);
  };
  out.reserve(size - start);
  size_t i = start;
  while (i < size) {
    if (i + 1 >= size) throw_at(bytes, name, "truncated UTF-16 (odd number of bytes)" + note, i);
    char32_t cp = unit_at(i);
    size_t width = 2;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 3 >= size) throw_at(bytes, name, "invalid UTF-16 (unpaired surrogate)" + note, i);
      const char16_t low = unit_at(i + 2);
      if (low < 0xDC00 || low > 0xDFFF)
        throw_at(bytes, name, "invalid UTF-16 (unpaired surrogate)" + note, i);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      width = 4;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      throw_at(bytes, name, "invalid UTF-16 (unpaired surrogate)" + note, i);
    }
    if (cp == 0) throw_at(bytes, name, "NUL character (binary file?)" + note, i);
    i += width;
    if (cp == '\r') {
      out.push_back('\n');
      if (i + 1 < size && unit_at(i) == '\n') i += 2;
    } else if (cp == 0x85 || cp == 0x2028) {
      out.push_back('\n');
    } else if (cp == '\f' || cp == 0x2029) {
      out.append("\n\n");
    } else {
      append_utf8(cp, out);
    }
  }
}

// Without a BOM, UTF-16 text in a Latin script shows NUL in every other byte. Returns the byte
// order if the first bytes clearly follow that pattern, else nothing.
bool looks_like_utf16(std::string_view bytes, bool& big_endian) {
  const size_t n = std::min<size_t>(bytes.size() & ~size_t{1}, 4096);
  if (n < 4) return false;
  size_t even_nul = 0, odd_nul = 0;
  for (size_t i = 0; i < n; i += 2) {
    even_nul += bytes[i] == 0;
    odd_nul += bytes[i + 1] == 0;
  }
  const size_t units = n / 2;
  if (odd_nul * 10 >= units * 7 && even_nul == 0) {
    big_endian = false;
    return true;
  }
  if (even_nul * 10 >= units * 7 && odd_nul == 0) {
    big_endian = true;
    return true;
  }
  return false;
}

// UTF-32 shows three NUL bytes in most four-byte units: for a code point below U+10000 the two
// high bytes are zero. Recognised (with or without a BOM) only to say that it is not supported.
// Returns "UTF-32LE"/"UTF-32BE", or nullptr.
const char* utf32_name(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) return "UTF-32LE";
  if (bytes.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) return "UTF-32BE";
  const size_t n = std::min<size_t>(bytes.size() & ~size_t{3}, 4096);
  if (n < 8) return nullptr;
  bool little = true, big = true;
  size_t little_bmp = 0, big_bmp = 0;  // units whose two high bytes are zero
  for (size_t i = 0; i < n && (little || big); i += 4) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(bytes[i + k]); };
    if (b(0) == 0 && b(1) == 0 && b(2) == 0 && b(3) == 0) return nullptr;  // U+0000: not text
    little = little && b(3) == 0 && b(2) <= 0x10;
    big = big && b(0) == 0 && b(1) <= 0x10;
    little_bmp += b(2) == 0 && b(3) == 0;
    big_bmp += b(0) == 0 && b(1) == 0;
  }
  // Mostly below U+10000 too: UTF-16 of ASCII with every other character a tab or line feed
  // ("a\nb\n", a BOM then "\n\n") also has the NUL pattern above, never this one.
  const size_t units = n / 4;
  little = little && little_bmp * 10 >= units * 7;
  big = big && big_bmp * 10 >= units * 7;
  return little ? "UTF-32LE" : big ? "UTF-32BE" : nullptr;
}

[[noreturn]] void throw_utf32(const std::string& name, const char* encoding) {
  throw Error(
      ErrorKind::kData, name,
      std::string("looks like ") + encoding + " (UTF-32 is not supported; convert to UTF-8)");
}

// Enough of the start of a file to tell UTF-16 and UTF-32 from UTF-8 by their NUL bytes.
constexpr size_t kProbeBytes = 64 * 1024;

[[noreturn]] void throw_too_large(const std::string& name) {
  throw Error(ErrorKind::kData, name, "input larger than 2 GiB (not supported; split the file)");
}

// Reads all of `fd`, checking as it goes, so that an endless or huge stream (/dev/zero, a runaway
// pipe) fails at once instead of filling memory: once the first kProbeBytes show that the input
// is neither UTF-16 nor UTF-32, a NUL byte is an error as soon as it is read; more than
// kMaxInputBytes is an error. `size_hint` is the expected size, if known.
// A file whose first bytes are a zip archive (DOCX, ODT) sets `zip` and is read unchecked, as
// bytes; one in a known binary format that is not text (PDF, images...) is refused at once.
std::string read_input(int fd, const std::string& name, size_t size_hint, bool& zip) {
  std::string bytes;
  bytes.reserve(size_hint);
  std::vector<char> buffer(1 << 16);
  bool probed = false;
  bool wide = false;   // UTF-16: NUL bytes are part of the text
  size_t checked = 0;  // bytes already searched for NUL
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::kData, name, std::string("cannot read: ") + std::strerror(errno));
    }
    if (bytes.size() + static_cast<size_t>(got) > kMaxInputBytes) throw_too_large(name);
    bytes.append(buffer.data(), static_cast<size_t>(got));
    const bool done = got == 0;
    if (!probed && (bytes.size() >= kProbeBytes || done)) {
      probed = true;
      zip = is_zip_archive(bytes);
      if (!zip) refuse_non_text(bytes, name);
      if (const char* utf32 = utf32_name(bytes)) throw_utf32(name, utf32);
      bool big_endian = false;
      wide = bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0 ||
             looks_like_utf16(bytes, big_endian);
    }
    if (probed && !wide && !zip) {
      const size_t nul = bytes.find('\0', checked);
      if (nul != std::string::npos) throw_at(bytes, name, "NUL byte (binary file?)", nul);
      checked = bytes.size();
    }
    if (done) return bytes;
  }
}

}  // namespace

void normalize_nfc(std::string& text, const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw Error(ErrorKind::kData, name, "ICU NFC data unavailable");
  if (nfc->isNormalizedUTF8(text, status) && U_SUCCESS(status)) return;
  status = U_ZERO_ERROR;
  std::string normalized;
  normalized.reserve(text.size());
  icu::StringByteSink<std::string> sink(&normalized);
  nfc->normalizeUTF8(0, text, sink, nullptr, status);
  if (U_FAILURE(status)) throw Error(ErrorKind::kData, name, "NFC normalisation failed");
  text.swap(normalized);
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8: return "UTF-8";
    case Encoding::kUtf8Bom: return "UTF-8 (BOM)";
    case Encoding::kUtf16Le: return "UTF-16LE";
    case Encoding::kUtf16Be: return "UTF-16BE";
  }
  return "?";
}

int64_t line_of_byte(std::string_view bytes, size_t byte) {
  int64_t line = 1;
  const size_t end = std::min(byte, bytes.size());
  for (size_t i = 0; i < end; ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')))
      ++line;
  }
  return line;
}

Document decode_document(std::string_view bytes, const std::string& name) {
  Document doc;
  doc.name = name;
  bool big_endian = false;
  if (const char* utf32 = utf32_name(bytes)) throw_utf32(name, utf32);
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    doc.encoding = Encoding::kUtf8Bom;
    decode_utf8(bytes, 3, name, doc.text);
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    doc.encoding = Encoding::kUtf16Le;
    decode_utf16(bytes, 2, false, name, "", doc.text);
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    doc.encoding = Encoding::kUtf16Be;
    decode_utf16(bytes, 2, true, name, "", doc.text);
  } else if (looks_like_utf16(bytes, big_endian)) {
    doc.encoding = big_endian ? Encoding::kUtf16Be : Encoding::kUtf16Le;
    decode_utf16(bytes, 0, big_endian, name,
                 std::string(" in text taken for ") + encoding_name(doc.encoding) +
                     " (no BOM; guessed from its NUL bytes)",
                 doc.text);
  } else {
    decode_utf8(bytes, 0, name, doc.text);
  }
  normalize_nfc(doc.text, name);
  return doc;
}

std::string read_input_bytes(const std::string& path, bool& zip) {
  zip = false;
  if (path == "-") return read_input(STDIN_FILENO, path, 0, zip);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(ErrorKind::kData, path, std::string("cannot open: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode))
    throw Error(ErrorKind::kData, path, S_ISDIR(info.st_mode) ? "is a directory" : "cannot stat");
  if (S_ISREG(info.st_mode) && static_cast<uint64_t>(info.st_size) > kMaxInputBytes)
    throw_too_large(path);
  const size_t size_hint = S_ISREG(info.st_mode) ? static_cast<size_t>(info.st_size) : 0;
  return read_input(fd, path, size_hint, zip);
}

Document read_document(const std::string& path) {
  bool zip = false;
  std::string bytes = read_input_bytes(path, zip);
  if (zip) refuse_zip_as_text(path);
  return decode_document(bytes, path);
}

}  // namespace talign
