// Tests for align/input: decoding, newline and NFC normalisation, errors with byte offsets.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "align/common/error.h"
#include "align/input/document.h"

using talign::decode_document;
using talign::Encoding;
using talign::Error;
using talign::ErrorKind;

namespace {

// Encodes a UTF-8 string (BMP and astral code points) as UTF-16 bytes, for building test inputs.
std::string to_utf16(const std::u32string& text, bool big_endian, bool bom) {
  std::string out;
  auto unit = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
  };
  if (bom) unit(0xFEFF);
  for (char32_t c : text) {
    if (c >= 0x10000) {
      unit(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      unit(static_cast<char16_t>(c));
    }
  }
  return out;
}

// Runs decode_document and returns the thrown Error; fails the test if nothing is thrown.
Error decode_error(const std::string& bytes) {
  try {
    decode_document(bytes, "in.txt");
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error thrown");
  return Error(ErrorKind::kData, "", "");
}

}  // namespace

TEST_CASE("plain UTF-8 passes through unchanged", "[input]") {
  const std::string text = "Grüße aus Zürich.\nСлава — 😀 日本語\n";
  const auto doc = decode_document(text, "x");
  CHECK(doc.text == text);
  CHECK(doc.encoding == Encoding::kUtf8);
}

TEST_CASE("a UTF-8 BOM is removed", "[input]") {
  const auto doc = decode_document("\xEF\xBB\xBFHello.", "x");
  CHECK(doc.text == "Hello.");
  CHECK(doc.encoding == Encoding::kUtf8Bom);
}

TEST_CASE("CRLF, CR, NEL and line separators become LF; paragraph separators a blank line",
          "[input]") {
  CHECK(decode_document("a\r\nb\rc\nd", "x").text == "a\nb\nc\nd");
  CHECK(decode_document("a\xC2\x85" "b\xE2\x80\xA8" "c", "x").text == "a\nb\nc");
  CHECK(decode_document("a\xE2\x80\xA9" "b\fc", "x").text == "a\n\nb\n\nc");
  CHECK(decode_document("a\r\n\r\nb\r", "x").text == "a\n\nb\n");
}

TEST_CASE("text is normalised to NFC", "[input]") {
  // "e" + COMBINING ACUTE ACCENT composes to U+00E9; Hangul jamo compose to a syllable.
  CHECK(decode_document("Caf" "e\xCC\x81", "x").text == "Caf\xC3\xA9");
  CHECK(decode_document("\xE1\x84\x80\xE1\x85\xA1", "x").text == "\xEA\xB0\x80");
}

TEST_CASE("UTF-16 with a BOM is decoded, both byte orders, astral characters included",
          "[input]") {
  const std::u32string text = U"Hé 😀\r\nمرحبا";
  const std::string expected = "H\xC3\xA9 \xF0\x9F\x98\x80\n\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
  auto le = decode_document(to_utf16(text, false, true), "x");
  CHECK(le.text == expected);
  CHECK(le.encoding == Encoding::kUtf16Le);
  auto be = decode_document(to_utf16(text, true, true), "x");
  CHECK(be.text == expected);
  CHECK(be.encoding == Encoding::kUtf16Be);
}

TEST_CASE("UTF-16 without a BOM is recognised by its NUL pattern", "[input]") {
  const std::u32string text = U"This is plain English text in UTF-16.\n";
  CHECK(decode_document(to_utf16(text, false, false), "x").encoding == Encoding::kUtf16Le);
  CHECK(decode_document(to_utf16(text, true, false), "x").text ==
        "This is plain English text in UTF-16.\n");
}

TEST_CASE("invalid UTF-8 is reported with its byte offset and line", "[input]") {
  const Error e = decode_error("line one\nab\xFF" "cd");
  CHECK(e.kind() == ErrorKind::kData);
  CHECK(e.byte() == 11);
  CHECK(e.line() == 2);
  CHECK(std::string(e.what()) == "in.txt: invalid UTF-8 at byte 11 (line 2)");
}

TEST_CASE("overlong forms, surrogates, out-of-range and truncated sequences are rejected",
          "[input]") {
  CHECK(decode_error("ok \xC0\xAF").byte() == 3);          // overlong "/"
  CHECK(decode_error("\xE0\x80\xAF").byte() == 0);         // overlong 3-byte
  CHECK(decode_error("x\xED\xA0\x80").byte() == 1);        // UTF-16 surrogate
  CHECK(decode_error("\xF4\x90\x80\x80").byte() == 0);     // above U+10FFFF
  CHECK(decode_error("abc\xE2\x82").byte() == 3);          // truncated at end
  CHECK(decode_error("a\x80").byte() == 1);                // stray continuation byte
  // The BOM's bytes count in the offset: errors point into the file as it is on disk.
  CHECK(decode_error("\xEF\xBB\xBF" "ab\xFE").byte() == 5);
}

TEST_CASE("a NUL byte is a data error (binary file)", "[input]") {
  const Error e = decode_error(std::string("text\0more", 9));
  CHECK(e.byte() == 4);
  CHECK(std::string(e.what()).find("NUL") != std::string::npos);
}

TEST_CASE("an unpaired UTF-16 surrogate is reported at its byte offset", "[input]") {
  std::string bytes = to_utf16(U"ab", false, true);
  bytes += std::string("\x00\xD8", 2);  // high surrogate, then a plain letter
  bytes += std::string("c\0", 2);
  const Error e = decode_error(bytes);
  CHECK(e.byte() == 6);
}

TEST_CASE("read_document reports missing paths and directories", "[input]") {
  try {
    talign::read_document("/nonexistent/talign-test.txt");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(std::string(e.what()).find("/nonexistent/talign-test.txt: cannot open") == 0);
  }
  try {
    talign::read_document("/tmp");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "/tmp: is a directory");
  }
}

TEST_CASE("read_document reads a file from disk", "[input]") {
  const std::string path = "talign-input-test.txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBFOne.\r\nTwo.";
  }
  const auto doc = talign::read_document(path);
  CHECK(doc.text == "One.\nTwo.");
  CHECK(doc.name == path);
  std::remove(path.c_str());
}

TEST_CASE("line_of_byte counts LF, CRLF and lone CR", "[input]") {
  CHECK(talign::line_of_byte("a\nb\r\nc\rd", 0) == 1);
  CHECK(talign::line_of_byte("a\nb\r\nc\rd", 2) == 2);
  CHECK(talign::line_of_byte("a\nb\r\nc\rd", 5) == 3);
  CHECK(talign::line_of_byte("a\nb\r\nc\rd", 7) == 4);
}

TEST_CASE("an endless binary stream fails at its first NUL byte, without reading it all",
          "[input]") {
  // /dev/zero never ends: reading it whole before checking would never return.
  try {
    talign::read_document("/dev/zero");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(std::string(e.what()) == "/dev/zero: NUL byte (binary file?) at byte 0 (line 1)");
  }
}

TEST_CASE("an input larger than 2 GiB is refused before it is read", "[input]") {
  const std::string path = "talign-input-huge.txt";
  {
    std::ofstream out(path, std::ios::binary);
  }
  // A sparse file: no disk space is used.
  REQUIRE(::truncate(path.c_str(), (int64_t{2} << 30) + 1) == 0);
  try {
    talign::read_document(path);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(std::string(e.what()).find(path + ": input larger than 2 GiB") == 0);
  }
  std::remove(path.c_str());
}

TEST_CASE("UTF-32 is recognised and refused with a message saying so", "[input]") {
  const std::string le("T\0\0\0e\0\0\0x\0\0\0t\0\0\0.\0\0\0", 20);
  const std::string be("\0\0\0T\0\0\0e\0\0\0x\0\0\0t", 16);
  const std::string le_bom = std::string("\xFF\xFE\0\0", 4) + le;
  for (const std::string& bytes : {le, be, le_bom}) {
    const std::string what = decode_error(bytes).what();
    CHECK(what.find("UTF-32 is not supported; convert to UTF-8") != std::string::npos);
  }
  CHECK(std::string(decode_error(le).what()).find("UTF-32LE") != std::string::npos);
  CHECK(std::string(decode_error(be).what()).find("UTF-32BE") != std::string::npos);
}

TEST_CASE("UTF-16 guessed from NUL bytes says so when it does not decode", "[input]") {
  // "Hi." then a high surrogate (U+D834) with no low surrogate after it; no BOM.
  const std::string bytes("H\0i\0.\0\x34\xD8x\0", 10);
  const Error e = decode_error(bytes);
  CHECK(e.byte() == 6);
  CHECK(std::string(e.what()).find("in text taken for UTF-16LE (no BOM; guessed from its NUL "
                                   "bytes)") != std::string::npos);
  // With a BOM there is nothing to guess.
  const std::string with_bom = std::string("\xFF\xFE", 2) + bytes;
  CHECK(std::string(decode_error(with_bom).what()).find("guessed") == std::string::npos);
}
