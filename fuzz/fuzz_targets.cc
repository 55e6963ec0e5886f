#include "fuzz/fuzz_targets.h"

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "align/align/alignment.h"
#include "align/align/pipeline.h"
#include "align/align/scorer.h"
#include "align/common/error.h"
#include "align/common/xml.h"
#include "align/eval/beads.h"
#include "align/input/document.h"
#include "align/input/parallel_reader.h"
#include "align/split/language_data.h"
#include "align/split/presplit.h"
#include "align/split/splitter.h"
#include "align/split/srx.h"
#include "align/write/alignment_writer.h"
#include "tools/cli.h"
#include "tools/stream_command.h"

namespace talign::fuzz {
namespace {

// A broken invariant: report it and abort, so libFuzzer saves the input and the replay test fails.
[[noreturn]] void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, file, line);
  std::abort();
}

#define FUZZ_CHECK(condition) \
  ((condition) ? static_cast<void>(0) : check_failed(#condition, __FILE__, __LINE__))

std::string_view as_view(const uint8_t* data, size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

// Appends the code points of `s` to `out` (if given); false when `s` is not valid UTF-8
// (surrogates and overlong forms are invalid too, as ICU's U8_NEXT rejects them).
bool code_points(std::string_view s, std::vector<UChar32>* out) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c < 0) return false;
    if (out) out->push_back(c);
  }
  return true;
}

bool valid_utf8(std::string_view s) { return code_points(s, nullptr); }

bool is_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  FUZZ_CHECK(U_SUCCESS(status));
  const bool normalized =
      nfc->isNormalized(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size())), status);
  FUZZ_CHECK(U_SUCCESS(status));
  return normalized;
}

void append_utf8(UChar32 c, std::string& out) {
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, 4, c, error);
  FUZZ_CHECK(!error);
  out.append(buffer, static_cast<size_t>(length));
}

// The splitter's white space (is_trim_space in splitter.cc) and the line feed: the only
// characters splitting may drop or turn into a space.
bool splitter_space(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\n' || (c > 0x7F && u_isUWhiteSpace(c)) || c == 0x200B ||
         c == 0x2060 || c == 0xFEFF;
}

// A directory of this process for the files the file-based APIs need, under TALIGN_FUZZ_TMPDIR
// (scripts/fuzz sets it and removes it afterwards, since a crash skips the exit handler), else on
// tmpfs when there is one, since OutputFile syncs every file it commits. Never freed: the exit
// handler that removes it runs after static destructors.
const std::string& temp_dir() {
  static const std::string* const dir = [] {
    const char* given = std::getenv("TALIGN_FUZZ_TMPDIR");
    const char* tmp = std::getenv("TMPDIR");
    std::string base = given != nullptr && *given ? given : "/dev/shm";
    if (::access(base.c_str(), W_OK) != 0) base = tmp != nullptr && *tmp ? tmp : "/tmp";
    auto* path = new std::string(base + "/talign-fuzz-XXXXXX");
    FUZZ_CHECK(::mkdtemp(path->data()) != nullptr);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(temp_dir(), ignored);
    });
    return path;
  }();
  return *dir;
}

// The library never prints: libxml2 output that bypasses talign's error capture (it goes to
// libxml2's generic handler, stderr by default) is a finding.
void libxml2_printed(void*, const char* message, ...) {
  std::fprintf(stderr, "libxml2 printed: %s\n", message);
  check_failed("libxml2 reports through talign's handlers, never on stderr", __FILE__, __LINE__);
}

// Installs libxml2_printed for this thread (libxml2 keeps the handler per thread).
void trap_libxml2_output() {
  thread_local bool installed = false;
  if (installed) return;
  installed = true;
  xmlSetGenericErrorFunc(nullptr, libxml2_printed);
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  FUZZ_CHECK(static_cast<bool>(out));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kData, path, "cannot open");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The parts of the SentenceList contract every producer keeps: sentences non-empty, valid UTF-8,
// without line breaks; paragraphs from 0 up, by one at a time.
void check_sentences(const SentenceList& sentences) {
  uint32_t paragraph = 0;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const std::string_view text = sentences.text(i);
    FUZZ_CHECK(!text.empty());
    FUZZ_CHECK(valid_utf8(text));
    FUZZ_CHECK(text.find('\n') == std::string_view::npos);
    const uint32_t p = sentences.paragraph(i);
    FUZZ_CHECK(i == 0 ? p == 0 : p == paragraph || p == paragraph + 1);
    paragraph = p;
  }
}

bool same_beads(const std::vector<Bead>& a, const std::vector<Bead>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].src_begin != b[i].src_begin || a[i].src_count != b[i].src_count ||
        a[i].tgt_begin != b[i].tgt_begin || a[i].tgt_count != b[i].tgt_count ||
        a[i].score != b[i].score)
      return false;
  return true;
}

// ---- decode ----------------------------------------------------------------------------------

void check_decoded_text(std::string_view text) {
  std::vector<UChar32> cps;
  FUZZ_CHECK(code_points(text, &cps));
  for (UChar32 c : cps) {
    FUZZ_CHECK(c != 0);
    FUZZ_CHECK(c != '\r' && c != '\f' && c != 0x85 && c != 0x2028 && c != 0x2029);
  }
  FUZZ_CHECK(is_nfc(text));
}

// ---- split -----------------------------------------------------------------------------------

// Indexed by the low 4 bits of the first byte: languages with own data, without, and other forms.
constexpr std::array<const char*, 16> kSplitLanguages = {"en", "de",    "fr", "es", "it", "pt",
                                                         "nl", "ru",    "zh", "ja", "ar", "th",
                                                         "ko", "pt-BR", "xx", "eng"};
constexpr uint8_t kSplitLineParagraphs = 0x10;
constexpr uint8_t kSplitSrx = 0x20;

// Break and no-break rules of every kind SRX allows: both sides, one side only (a break after
// every colon, before every U+00BF), rules that overlap the built-in decisions.
constexpr std::string_view kSrxRules = R"(<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Fuzz">
        <rule break="no">
          <beforebreak>\b(?:Mr|Dr|St)\.</beforebreak><afterbreak>\s</afterbreak>
        </rule>
        <rule break="no"><beforebreak>\d</beforebreak><afterbreak>\.\d</afterbreak></rule>
        <rule break="yes">
          <beforebreak>[.?!;\u3002]</beforebreak><afterbreak>\s*\p{Lu}</afterbreak>
        </rule>
        <rule break="yes"><beforebreak>:</beforebreak></rule>
        <rule break="yes"><afterbreak>\u00BF</afterbreak></rule>
        <rule break="no"><beforebreak>\s</beforebreak><afterbreak>\p{Ll}</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern=".*" languagerulename="Fuzz"/></maprules>
  </body>
</srx>
)";

const SrxRules& fuzz_srx_rules() {
  static const SrxRules rules = [] {
    const std::string path = temp_dir() + "/rules.srx";
    write_file(path, kSrxRules);
    SrxRules loaded = SrxRules::load(path, "en");
    FUZZ_CHECK(loaded.warnings().empty());
    return loaded;
  }();
  return rules;
}

// One Splitter per configuration, kept for the whole run as a batch job keeps its splitters.
const Splitter& splitter_for(uint8_t selector) {
  static std::array<std::unique_ptr<Splitter>, 64> splitters;
  std::unique_ptr<Splitter>& splitter = splitters[selector & 0x3F];
  if (!splitter) {
    SplitterOptions options;
    options.line_paragraphs = (selector & kSplitLineParagraphs) != 0;
    const SrxRules* srx = (selector & kSplitSrx) != 0 ? &fuzz_srx_rules() : nullptr;
    splitter = std::make_unique<Splitter>(kSplitLanguages[selector & 0x0F], srx, options);
  }
  return *splitter;
}

// Splitting loses only white space: the other characters of the text, in order, are those of
// the sentences; sentences are trimmed and start where source_offset says.
void check_split(std::string_view text, const SentenceList& sentences) {
  check_sentences(sentences);
  std::string kept_text, kept_sentences;
  std::vector<UChar32> cps;
  FUZZ_CHECK(code_points(text, &cps));
  for (UChar32 c : cps)
    if (!splitter_space(c)) append_utf8(c, kept_text);
  size_t previous_offset = 0;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const std::string_view s = sentences.text(i);
    std::vector<UChar32> sc;
    FUZZ_CHECK(code_points(s, &sc));
    FUZZ_CHECK(!splitter_space(sc.front()) && !splitter_space(sc.back()));
    for (UChar32 c : sc)
      if (!splitter_space(c)) append_utf8(c, kept_sentences);
    const size_t offset = sentences.source_offset(i);
    FUZZ_CHECK(i == 0 || offset > previous_offset);
    FUZZ_CHECK(offset < text.size());
    std::string first;
    append_utf8(sc.front(), first);
    FUZZ_CHECK(text.substr(offset, first.size()) == first);
    previous_offset = offset;
  }
  FUZZ_CHECK(kept_text == kept_sentences);
}

// ---- align -----------------------------------------------------------------------------------

constexpr uint8_t kAlignPresplit = 0x01;
constexpr uint8_t kAlignParagraphs = 0x02;  // with presplit
constexpr uint8_t kAlignNoLexicon = 0x04;
constexpr uint8_t kAlignNoAnchors = 0x08;
constexpr uint8_t kAlignNoLength = 0x10;
constexpr uint8_t kAlignNoParagraphFirst = 0x20;
constexpr uint8_t kAlignParallelBackward = 0x40;
constexpr uint8_t kAlignNarrowBand = 0x80;  // banded search with a tiny band, widened on contact

constexpr std::array<const char*, 16> kAlignLanguages = {"en", "de", "fr",    "ru",     "zh", "ar",
                                                         "ja", "es", "it",    "nl",     "pt", "th",
                                                         "ko", "xx", "de-CH", "zh-Hant"};
constexpr char kAlignSeparator = '\xFF';   // never part of UTF-8
constexpr size_t kMaxAlignBytes = 4096;    // per side
constexpr size_t kMaxAlignSentences = 60;  // per side

size_t language_index(std::string_view lang) {
  for (size_t i = 0; i < kAlignLanguages.size(); ++i)
    if (lang == kAlignLanguages[i]) return i;
  return 0;
}

void check_alignment(const AlignedPair& pair) {
  check_sentences(pair.src);
  check_sentences(pair.tgt);
  const std::vector<Bead>& beads = pair.alignment.beads;
  FUZZ_CHECK(covers_exactly(beads, pair.src.size(), pair.tgt.size()));
  for (const Bead& b : beads) {
    // One of the shapes the search considers (up to 4-1 and 1-4; alignment.h's "0..3" is stale).
    FUZZ_CHECK(std::any_of(kShapes.begin(), kShapes.end(), [&](const Shape& shape) {
      return shape.src == b.src_count && shape.tgt == b.tgt_count;
    }));
    FUZZ_CHECK(b.score >= 0.0f && b.score <= 1.0f);  // false for NaN too
  }
  const AlignmentStats& stats = pair.alignment.stats;
  FUZZ_CHECK(stats.mean_score >= 0.0 && stats.mean_score <= 1.0);
  FUZZ_CHECK(stats.confident_share >= 0.0 && stats.confident_share <= 1.0);
  FUZZ_CHECK(std::isfinite(stats.length_ratio) && stats.length_ratio > 0.0);
  FUZZ_CHECK(std::isfinite(stats.length_variance) && stats.length_variance >= 0.0);
}

// ---- tmx_writer ------------------------------------------------------------------------------

constexpr std::array<const char*, 8> kWriterLanguages = {"en", "de", "zh",           "ja",
                                                         "ar", "th", "x-a&b<c>\"d'", ""};
constexpr std::array<double, 4> kWriterMinScores = {0.0, 0.5, 0.9995, 1.0};
constexpr char kWriterSeparator = '\xFE';
constexpr uint8_t kWriterKeepUnmatched = 0x01;
constexpr uint8_t kWriterDate = 0x08;  // in data[1]: the first piece is a --date value

// XML 1.0 forbids these even as character references; the writer replaces each by U+FFFD.
bool xml_forbidden(UChar32 c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
}

// `text` as a <seg> must read back: forbidden characters as U+FFFD, the rest unchanged.
std::string expected_segment(std::string_view text, size_t& invalid) {
  std::vector<UChar32> cps;
  FUZZ_CHECK(code_points(text, &cps));
  std::string out;
  for (UChar32 c : cps) {
    if (xml_forbidden(c)) {
      ++invalid;
      c = 0xFFFD;
    }
    append_utf8(c, out);
  }
  return out;
}

// The valid UTF-8 of a piece: invalid bytes dropped (SentenceList holds decoded text only).
std::string valid_part(std::string_view bytes) {
  std::string out;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(bytes.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes.data(), i, length, c);
    if (c >= 0)
      out.append(bytes.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return out;
}

std::vector<xmlNode*> child_elements(xmlNode* parent, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* n = parent->children; n != nullptr; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0) out.push_back(n);
  return out;
}

std::string node_text(xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

// ---- tmx_reader ------------------------------------------------------------------------------

// The ParallelCorpus contract: units as SentenceList sentences (trimmed, NFC), beads covering
// both sides, scores in [0,1] or unknown.
void check_corpus(const ParallelCorpus& corpus) {
  for (const SentenceList* side : {&corpus.src, &corpus.tgt}) {
    check_sentences(*side);
    for (size_t i = 0; i < side->size(); ++i) {
      const std::string_view text = side->text(i);
      FUZZ_CHECK(text.find('\r') == std::string_view::npos);
      for (char edge : {text.front(), text.back()}) FUZZ_CHECK(edge != ' ' && edge != '\t');
      FUZZ_CHECK(is_nfc(text));
      FUZZ_CHECK(side->paragraph(i) == 0);
    }
  }
  FUZZ_CHECK(covers_exactly(corpus.alignment.beads, corpus.src.size(), corpus.tgt.size()));
  for (const Bead& b : corpus.alignment.beads) {
    FUZZ_CHECK(b.src_count <= 1 && b.tgt_count <= 1);
    FUZZ_CHECK(b.score == kUnknownScore || (b.score >= 0.0f && b.score <= 1.0f));
  }
}

bool same_primary_language(const std::string& a, const std::string& b) {
  return primary_language(a) == primary_language(b);
}

// ---- beads -----------------------------------------------------------------------------------

// Independent of check_coverage: the ids of each side, concatenated, are 0, 1, ..., n-1.
bool complete(const std::vector<BeadRecord>& beads) {
  uint64_t next_src = 0, next_tgt = 0;
  for (const BeadRecord& b : beads) {
    for (uint32_t id : b.src)
      if (id != next_src++) return false;
    for (uint32_t id : b.tgt)
      if (id != next_tgt++) return false;
  }
  return true;
}

std::string format_beads(const std::vector<BeadRecord>& beads) {
  std::string out;
  for (const BeadRecord& b : beads) {
    for (const std::vector<uint32_t>* side : {&b.src, &b.tgt}) {
      out += side == &b.src ? "[" : ":[";
      for (size_t i = 0; i < side->size(); ++i) out += (i ? ", " : "") + std::to_string((*side)[i]);
      out += ']';
    }
    if (b.score >= 0) {
      char buffer[400];
      const auto end =
          std::to_chars(buffer, buffer + sizeof buffer, b.score, std::chars_format::fixed);
      FUZZ_CHECK(end.ec == std::errc());
      out += ':' + std::string(buffer, end.ptr);
    }
    out += '\n';
  }
  return out;
}

// ---- seeds -----------------------------------------------------------------------------------

// The corpora/ pairs: directory, source and target language.
struct CorpusPair {
  std::string dir, src_lang, tgt_lang;
};

std::vector<CorpusPair> corpus_pairs(const std::string& source_dir) {
  std::vector<CorpusPair> pairs;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/corpora")) {
    const std::string name = entry.path().filename().string();
    const size_t dash = name.find('-');
    if (!entry.is_directory() || dash == std::string::npos) continue;
    pairs.push_back({entry.path().string(), name.substr(0, dash), name.substr(dash + 1)});
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const CorpusPair& a, const CorpusPair& b) { return a.dir < b.dir; });
  return pairs;
}

std::vector<std::string> files_in(const std::string& dir, std::string_view extension) {
  std::vector<std::string> out;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.is_regular_file() && entry.path().extension() == extension)
      out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The first paragraphs of `text` up to about `bytes` bytes (at least one paragraph).
std::string head_paragraphs(const std::string& text, size_t bytes) {
  size_t end = 0;
  while (end < text.size()) {
    size_t next = text.find("\n\n", end);
    next = next == std::string::npos ? text.size() : next + 2;
    if (end > 0 && next > bytes) break;
    end = next;
  }
  return text.substr(0, end);
}

std::string utf16(const std::string& utf8, bool big_endian, bool bom = true) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  std::string out = !bom ? "" : big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (int32_t i = 0; i < u.length(); ++i) {
    const char16_t unit = u.charAt(i);
    const char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
    out += big_endian ? std::string{high, low} : std::string{low, high};
  }
  return out;
}

// Writer input: a control byte (side, new bead, score) then the sentence, per piece.
std::string writer_piece(bool target, bool new_bead, int score, const std::string& text) {
  return std::string(1, static_cast<char>((target ? 1 : 0) | (new_bead ? 2 : 0) | (score << 2))) +
         text + kWriterSeparator;
}

}  // namespace

// ---- targets ---------------------------------------------------------------------------------

int fuzz_decode(const uint8_t* data, size_t size) {
  const std::string_view bytes = as_view(data, size);
  // Plain UTF-8 (no NUL, so never taken for UTF-16 or UTF-32) always decodes.
  const bool plain_utf8 = valid_utf8(bytes) && bytes.find('\0') == std::string_view::npos;
  Document doc;
  try {
    doc = decode_document(bytes, "input");
  } catch (const Error& e) {
    FUZZ_CHECK(!plain_utf8);
    FUZZ_CHECK(e.kind() == ErrorKind::kData);
    FUZZ_CHECK(e.file() == "input");
    FUZZ_CHECK(e.byte() >= -1 && e.byte() <= static_cast<int64_t>(size));
    if (e.byte() >= 0) FUZZ_CHECK(e.line() == line_of_byte(bytes, static_cast<size_t>(e.byte())));
    return 0;
  }
  check_decoded_text(doc.text);
  // Decoded text is a fixed point in every encoding: after a BOM, as UTF-16 LE and BE, and as it
  // is unless it starts with U+FEFF (a second BOM), which plain decoding takes for a BOM.
  for (const std::string& again :
       {"\xEF\xBB\xBF" + doc.text, utf16(doc.text, false), utf16(doc.text, true)})
    FUZZ_CHECK(decode_document(again, "again").text == doc.text);
  if (doc.text.rfind("\xEF\xBB\xBF", 0) != 0) {
    const Document again = decode_document(doc.text, "again");
    FUZZ_CHECK(again.text == doc.text);
    FUZZ_CHECK(again.encoding == Encoding::kUtf8);
  }
  // ASCII as UTF-16 without a BOM: every other byte NUL, which decoding recognises.
  if (doc.text.size() >= 2 &&
      std::all_of(doc.text.begin(), doc.text.end(), [](char c) { return (c & 0x80) == 0; }))
    for (const bool big_endian : {false, true})
      FUZZ_CHECK(decode_document(utf16(doc.text, big_endian, false), "again").text == doc.text);
  return 0;
}

int fuzz_split(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text = as_view(data + 1, size - 1);
  // The contract: valid UTF-8 with LF newlines, as decode_document makes it.
  if (!valid_utf8(text) || text.find('\0') != std::string_view::npos ||
      text.find('\r') != std::string_view::npos)
    return 0;
  trap_libxml2_output();  // the SRX file is parsed with libxml2
  const Splitter& splitter = splitter_for(data[0]);
  const SentenceList sentences = splitter.split(text);
  check_split(text, sentences);
  const SentenceList again = splitter.split(text);
  FUZZ_CHECK(again.size() == sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    FUZZ_CHECK(again.text(i) == sentences.text(i));
    FUZZ_CHECK(again.paragraph(i) == sentences.paragraph(i));
    FUZZ_CHECK(again.source_offset(i) == sentences.source_offset(i));
  }
  return 0;
}

int fuzz_align(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const uint8_t flags = data[0];
  const std::string_view rest = as_view(data + 2, size - 2);
  const size_t separator = rest.find(kAlignSeparator);
  if (separator == std::string_view::npos) return 0;
  const std::string_view src_bytes = rest.substr(0, separator);
  const std::string_view tgt_bytes = rest.substr(separator + 1);
  if (src_bytes.size() > kMaxAlignBytes || tgt_bytes.size() > kMaxAlignBytes) return 0;

  PairOptions options;
  options.src_lang = kAlignLanguages[data[1] & 0x0F];
  options.tgt_lang = kAlignLanguages[data[1] >> 4];
  options.presplit = (flags & kAlignPresplit) != 0;
  options.paragraphs = options.presplit && (flags & kAlignParagraphs) != 0;
  AlignOptions& align = options.align;
  align.use_lexicon = (flags & kAlignNoLexicon) == 0;
  align.use_anchors = (flags & kAlignNoAnchors) == 0;
  align.use_length = (flags & kAlignNoLength) == 0;
  align.paragraph_first = (flags & kAlignNoParagraphFirst) == 0;
  align.two_threads = (flags & kAlignParallelBackward) != 0;
  if ((flags & kAlignNarrowBand) != 0) {
    align.full_matrix_cells = 64;
    align.min_half_width = 1;
    align.second_half_width = 1;
  }
  align.progress = [](double share) { FUZZ_CHECK(share >= 0.0 && share <= 1.0); };

  std::string src_text, tgt_text;
  try {
    src_text = decode_document(src_bytes, "source").text;
    tgt_text = decode_document(tgt_bytes, "target").text;
  } catch (const Error&) {
    return 0;  // fuzz_decode covers decoding
  }
  auto sentence_count = [&](const std::string& text, const std::string& lang) {
    return options.presplit ? sentences_from_lines(text, options.paragraphs).size()
                            : Splitter(lang).split(text).size();
  };
  const size_t src_sentences = sentence_count(src_text, options.src_lang);
  const size_t tgt_sentences = sentence_count(tgt_text, options.tgt_lang);
  if (src_sentences > kMaxAlignSentences || tgt_sentences > kMaxAlignSentences) return 0;

  AlignedPair pair;
  try {
    pair = align_texts(src_text, tgt_text, options);
  } catch (const Error& e) {
    // The one error of align_texts without a --lexicon-in: nothing to align.
    FUZZ_CHECK(e.kind() == ErrorKind::kData);
    FUZZ_CHECK(src_sentences == 0 && tgt_sentences == 0);
    return 0;
  }
  FUZZ_CHECK(pair.src.size() == src_sentences && pair.tgt.size() == tgt_sentences);
  check_alignment(pair);
  const AlignedPair again = align_texts(src_text, tgt_text, options);
  FUZZ_CHECK(same_beads(pair.alignment.beads, again.alignment.beads));
  return 0;
}

int fuzz_tmx_writer(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  trap_libxml2_output();
  const uint8_t options = data[0], more = data[1];
  std::string_view rest = as_view(data + 2, size - 2);
  std::vector<std::string_view> pieces;
  for (size_t start = 0; start <= rest.size();) {
    size_t end = rest.find(kWriterSeparator, start);
    if (end == std::string_view::npos) end = rest.size();
    pieces.push_back(rest.substr(start, end - start));
    start = end + 1;
  }

  std::string date = "20240101T000000Z";
  size_t first_piece = 0;
  if ((more & kWriterDate) != 0 && !pieces.empty()) {
    const std::string given(pieces[0]);
    first_piece = 1;
    if (!given.empty()) {
      try {
        date = tmx_creation_date(given);
      } catch (const Error& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::kUsage);
      }
      FUZZ_CHECK(date.size() == 16 && date[8] == 'T' && date[15] == 'Z');
    }
  }

  // Sentences and beads: each piece adds its sentence to the current bead's source or target
  // side, or starts a new bead (when asked, or when that side already has three).
  SentenceList src, tgt;
  Alignment alignment;
  for (size_t k = first_piece; k < pieces.size(); ++k) {
    if (pieces[k].empty()) continue;
    const auto control = static_cast<uint8_t>(pieces[k][0]);
    const std::string text = valid_part(pieces[k].substr(1));
    if (text.empty()) continue;
    const bool target = (control & 1) != 0;
    const bool new_bead = (control & 2) != 0;
    const int score = control >> 2;
    if (alignment.beads.empty() || new_bead ||
        (target ? alignment.beads.back().tgt_count : alignment.beads.back().src_count) == 3) {
      Bead bead;
      bead.src_begin = static_cast<uint32_t>(src.size());
      bead.tgt_begin = static_cast<uint32_t>(tgt.size());
      bead.score = score == 63 ? kUnknownScore : static_cast<float>(score) / 62.0f;
      alignment.beads.push_back(bead);
    }
    Bead& bead = alignment.beads.back();
    if (target) {
      tgt.add(text, 0, 0);
      ++bead.tgt_count;
    } else {
      src.add(text, 0, 0);
      ++bead.src_count;
    }
  }
  FUZZ_CHECK(covers_exactly(alignment.beads, src.size(), tgt.size()));

  const AlignedDocuments documents{.src = src,
                                   .tgt = tgt,
                                   .alignment = alignment,
                                   .src_lang = kWriterLanguages[(options >> 3) & 7],
                                   .tgt_lang = kWriterLanguages[more & 7],
                                   .min_score = kWriterMinScores[(options >> 1) & 3],
                                   .keep_unmatched = (options & kWriterKeepUnmatched) != 0,
                                   .creation_date = date,
                                   .src_name = "source",
                                   .tgt_name = "target"};

  // What must come out: the beads a pair format keeps, their segments as they must read back.
  struct Unit {
    std::string src, tgt;  // empty: no <tuv> for that side
  };
  std::vector<Unit> expected;
  size_t invalid = 0, unmatched = 0, below = 0;
  for (const Bead& b : alignment.beads) {
    if ((b.src_count == 0 || b.tgt_count == 0) && !documents.keep_unmatched) {
      ++unmatched;
      continue;
    }
    // Compared as printed (3 decimals), as --min-score promises.
    if (b.score >= 0 && std::round(b.score * 1000.0) < std::round(documents.min_score * 1000.0)) {
      ++below;
      continue;
    }
    Unit unit;
    if (b.src_count)
      unit.src = expected_segment(join_sentences(src, b.src_begin, b.src_count, documents.src_lang),
                                  invalid);
    if (b.tgt_count)
      unit.tgt = expected_segment(join_sentences(tgt, b.tgt_begin, b.tgt_count, documents.tgt_lang),
                                  invalid);
    expected.push_back(std::move(unit));
  }

  const std::string path = temp_dir() + "/out.tmx";
  const WriteStats stats = make_writer("tmx")->write(documents, path);
  FUZZ_CHECK(stats.units == expected.size());
  FUZZ_CHECK(stats.unmatched_left_out == unmatched);
  FUZZ_CHECK(stats.below_min_score == below);
  FUZZ_CHECK(stats.invalid_characters == invalid);

  const std::string written = read_file(path);
  XmlDocument doc;
  try {
    doc = parse_xml(written, path, "TMX");
  } catch (const Error& e) {
    std::fprintf(stderr, "%s: line %lld column %lld\n", e.what(), static_cast<long long>(e.line()),
                 static_cast<long long>(e.column()));
    check_failed("the TMX writer's output is well-formed XML", __FILE__, __LINE__);
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  FUZZ_CHECK(root != nullptr && xmlStrcmp(root->name, BAD_CAST "tmx") == 0);
  const std::vector<xmlNode*> bodies = child_elements(root, "body");
  FUZZ_CHECK(bodies.size() == 1);
  const std::vector<xmlNode*> units = child_elements(bodies[0], "tu");
  FUZZ_CHECK(units.size() == expected.size());
  for (size_t i = 0; i < units.size(); ++i) {
    const std::vector<xmlNode*> variants = child_elements(units[i], "tuv");
    std::vector<std::string> segments;
    for (xmlNode* tuv : variants) {
      const std::vector<xmlNode*> segs = child_elements(tuv, "seg");
      FUZZ_CHECK(segs.size() == 1);
      segments.push_back(node_text(segs[0]));
    }
    std::vector<std::string> want;
    for (const std::string* side : {&expected[i].src, &expected[i].tgt})
      if (!side->empty()) want.push_back(*side);
    FUZZ_CHECK(segments == want);
  }
  std::filesystem::remove(path);
  return 0;
}

int fuzz_tmx_reader(const uint8_t* data, size_t size) {
  trap_libxml2_output();
  const std::string path = temp_dir() + "/in.tmx";
  write_file(path, as_view(data, size));
  // Language hints as convert's --src-lang/--tgt-lang give them, picked by the input length.
  static const std::array<std::pair<const char*, const char*>, 3> kHints = {
      std::pair{"", ""}, std::pair{"en", ""}, std::pair{"en", "fr"}};
  const auto& [src_hint, tgt_hint] = kHints[size % kHints.size()];
  ParallelCorpus corpus;
  try {
    corpus = read_tmx(path, src_hint, tgt_hint);
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::kData);
    return 0;
  }
  check_corpus(corpus);

  // What convert does (TMX to TMX), read back: the same units. Only for two distinct language
  // tags, since the reader tells the sides apart by language.
  if (!is_language_tag(corpus.src_lang) || !is_language_tag(corpus.tgt_lang) ||
      same_primary_language(corpus.src_lang, corpus.tgt_lang))
    return 0;
  const AlignedDocuments documents{.src = corpus.src,
                                   .tgt = corpus.tgt,
                                   .alignment = corpus.alignment,
                                   .src_lang = corpus.src_lang,
                                   .tgt_lang = corpus.tgt_lang,
                                   .keep_unmatched = true,
                                   .creation_date = "20240101T000000Z",
                                   .src_name = "source",
                                   .tgt_name = "target"};
  const std::string out = temp_dir() + "/round.tmx";
  make_writer("tmx")->write(documents, out);
  const ParallelCorpus again = read_tmx(out);
  FUZZ_CHECK(again.src_lang == corpus.src_lang);
  FUZZ_CHECK(again.alignment.beads.size() == corpus.alignment.beads.size());
  for (size_t i = 0; i < corpus.alignment.beads.size(); ++i) {
    const Bead &a = corpus.alignment.beads[i], &b = again.alignment.beads[i];
    FUZZ_CHECK(a.src_count == b.src_count && a.tgt_count == b.tgt_count);
    if (a.src_count) FUZZ_CHECK(corpus.src.text(a.src_begin) == again.src.text(b.src_begin));
    if (a.tgt_count) FUZZ_CHECK(corpus.tgt.text(a.tgt_begin) == again.tgt.text(b.tgt_begin));
  }
  std::filesystem::remove(out);
  return 0;
}

int fuzz_json(const uint8_t* data, size_t size) {
  using json = nlohmann::ordered_json;
  static cli::StreamSettings settings = [] {
    cli::quiet = true;  // warnings about languages without rules are not findings
    cli::StreamSettings s;
    s.src_lang = "en";  // -s en, no -t: records must name their target language
    return s;
  }();
  std::string line(as_view(data, size));
  line = line.substr(0, line.find('\n'));  // the command reads lines
  const std::string out = cli::process_line(line, settings);
  FUZZ_CHECK(out.find('\n') == std::string::npos);
  const json result = json::parse(out);  // a parse error escapes: a finding
  FUZZ_CHECK(result.is_object() && result.contains("id"));
  FUZZ_CHECK(result.contains("beads") != result.contains("error"));
  FUZZ_CHECK(result.size() == 2);
  if (result.contains("error")) {
    FUZZ_CHECK(result.at("error").is_string() && !result.at("error").get<std::string>().empty());
    return 0;
  }
  // Aligned: the input was a JSON object, echoed id and beads covering both sides.
  const json record = json::parse(line);
  FUZZ_CHECK(result.at("id") == (record.contains("id") ? record.at("id") : json(nullptr)));
  const json& beads = result.at("beads");
  FUZZ_CHECK(beads.is_array());
  uint64_t next_src = 0, next_tgt = 0;
  for (const json& bead : beads) {
    FUZZ_CHECK(bead.is_object() && bead.at("src_ids").is_array() && bead.at("tgt_ids").is_array());
    FUZZ_CHECK(!bead.at("src_ids").empty() || !bead.at("tgt_ids").empty());
    for (const json& id : bead.at("src_ids")) FUZZ_CHECK(id.get<uint64_t>() == next_src++);
    for (const json& id : bead.at("tgt_ids")) FUZZ_CHECK(id.get<uint64_t>() == next_tgt++);
    FUZZ_CHECK(bead.at("src").is_string() && bead.at("tgt").is_string());
    FUZZ_CHECK(bead.at("src_ids").empty() == bead.at("src").get<std::string>().empty());
    FUZZ_CHECK(bead.at("tgt_ids").empty() == bead.at("tgt").get<std::string>().empty());
    const json& score = bead.at("score");
    FUZZ_CHECK(score.is_number() && score.get<double>() >= 0.0 && score.get<double>() <= 1.0);
  }
  return 0;
}

int fuzz_beads(const uint8_t* data, size_t size) {
  const std::string_view text = as_view(data, size);
  std::vector<BeadRecord> beads;
  try {
    beads = parse_beads(text, "input");
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::kData && e.file() == "input");
    FUZZ_CHECK(e.byte() >= 0 && e.byte() <= static_cast<int64_t>(size));
    FUZZ_CHECK(e.line() >= 1);
    return 0;
  }
  int64_t line = 0;
  for (const BeadRecord& b : beads) {
    FUZZ_CHECK(!b.src.empty() || !b.tgt.empty());
    FUZZ_CHECK(b.score == -1.0 || (b.score >= 0.0 && b.score <= 1.0));
    FUZZ_CHECK(b.line > line);
    line = b.line;
  }
  bool covered = true;
  try {
    check_coverage(beads, "input");
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::kData && e.line() >= 1);
    covered = false;
  }
  FUZZ_CHECK(covered == complete(beads));

  const std::vector<BeadRecord> again = parse_beads(format_beads(beads), "again");
  FUZZ_CHECK(again.size() == beads.size());
  for (size_t i = 0; i < beads.size(); ++i) {
    FUZZ_CHECK(again[i].src == beads[i].src && again[i].tgt == beads[i].tgt);
    FUZZ_CHECK(again[i].score == beads[i].score);
  }
  return 0;
}

const std::vector<FuzzTarget>& fuzz_targets() {
  static const std::vector<FuzzTarget> targets = {{"decode", fuzz_decode, 16384},
                                                  {"split", fuzz_split, 16384},
                                                  {"align", fuzz_align, 8192},
                                                  {"tmx_writer", fuzz_tmx_writer, 4096},
                                                  {"tmx_reader", fuzz_tmx_reader, 16384},
                                                  {"json", fuzz_json, 4096},
                                                  {"beads", fuzz_beads, 4096}};
  return targets;
}

const FuzzTarget* find_fuzz_target(std::string_view name) {
  for (const FuzzTarget& target : fuzz_targets())
    if (name == target.name) return &target;
  return nullptr;
}

std::vector<std::string> make_seeds(std::string_view name, const std::string& source_dir) {
  std::vector<std::string> seeds;
  const std::vector<CorpusPair> pairs = corpus_pairs(source_dir);
  if (name == "decode") {
    for (const CorpusPair& pair : pairs) {
      const std::string text =
          head_paragraphs(read_file(pair.dir + "/" + pair.tgt_lang + ".txt"), 2000);
      seeds.push_back(text);
      seeds.push_back("\xEF\xBB\xBF" + text);
      seeds.push_back(utf16(text, false));
      seeds.push_back(utf16(text, true));
      std::string crlf;
      for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      seeds.push_back(crlf);
    }
  } else if (name == "split") {
    for (const CorpusPair& pair : pairs) {
      for (const std::string& lang : {pair.src_lang, pair.tgt_lang}) {
        const auto it = std::find(kSplitLanguages.begin(), kSplitLanguages.end(), lang);
        const auto selector = static_cast<char>(it - kSplitLanguages.begin());
        const std::string text = read_file(pair.dir + "/" + lang + ".txt");
        seeds.push_back(selector + head_paragraphs(text, 3000));
        if (lang != "en")
          seeds.push_back(static_cast<char>(selector | kSplitSrx) + head_paragraphs(text, 1500));
      }
    }
  } else if (name == "align") {
    for (const CorpusPair& pair : pairs) {
      const auto langs =
          static_cast<char>(language_index(pair.src_lang) | language_index(pair.tgt_lang) << 4);
      // Every option in some seed: a mutation rarely hits the one bit that turns a path on.
      for (const int flags :
           std::initializer_list<int>{0, kAlignPresplit | kAlignParagraphs, kAlignNarrowBand,
                                      kAlignNoLexicon | kAlignNoAnchors | kAlignParallelBackward,
                                      kAlignNoLength | kAlignNoParagraphFirst | kAlignPresplit}) {
        const char* kind = (flags & kAlignPresplit) != 0 ? ".sent" : ".txt";
        const std::string src =
            head_paragraphs(read_file(pair.dir + "/" + pair.src_lang + kind), 1500);
        const std::string tgt =
            head_paragraphs(read_file(pair.dir + "/" + pair.tgt_lang + kind), 1500);
        seeds.push_back(std::string{static_cast<char>(flags), langs} + src + kAlignSeparator + tgt);
      }
    }
  } else if (name == "tmx_writer") {
    for (const CorpusPair& pair : pairs) {
      std::istringstream src(read_file(pair.dir + "/" + pair.src_lang + ".sent"));
      std::istringstream tgt(read_file(pair.dir + "/" + pair.tgt_lang + ".sent"));
      std::string seed = {static_cast<char>(kWriterKeepUnmatched | 2 << 3), 1};
      std::string s, t;
      for (int k = 0; k < 6 && std::getline(src, s) && std::getline(tgt, t); ++k) {
        seed += writer_piece(false, true, 20 + 7 * k, s);
        seed += writer_piece(true, false, 0, t);
      }
      seeds.push_back(seed + writer_piece(false, true, 63, "A & B <x> \"q\" \x01\r\n end."));
    }
  } else if (name == "tmx_reader") {
    for (const char* dir : {"/tests/data/tmx", "/tests/data/convert"})
      for (const std::string& file : files_in(source_dir + dir, ".tmx"))
        seeds.push_back(read_file(file));
  } else if (name == "json") {
    std::istringstream stream(read_file(source_dir + "/tests/data/stream/mixed.jsonl"));
    for (std::string line; std::getline(stream, line);) seeds.push_back(line);
    for (const CorpusPair& pair : pairs) {
      nlohmann::ordered_json record = {
          {"id", pair.dir.substr(pair.dir.rfind('/') + 1)},
          {"src", head_paragraphs(read_file(pair.dir + "/" + pair.src_lang + ".txt"), 600)},
          {"tgt", head_paragraphs(read_file(pair.dir + "/" + pair.tgt_lang + ".txt"), 600)},
          {"tgt_lang", pair.tgt_lang}};
      seeds.push_back(record.dump());
    }
  } else if (name == "beads") {
    for (const CorpusPair& pair : pairs) seeds.push_back(read_file(pair.dir + "/gold.beads"));
    for (const std::string& file : files_in(source_dir + "/tests/data/eval", ".beads"))
      seeds.push_back(read_file(file));
  }
  return seeds;
}

}  // namespace talign::fuzz
