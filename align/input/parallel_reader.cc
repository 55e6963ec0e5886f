#include "align/input/parallel_reader.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/common/xml.h"
#include "align/input/document.h"
#include "align/split/language_data.h"

namespace talign {
namespace {

// The raw bytes of `path` ("-" = stdin). Read here rather than through read_document because the
// readers need the bytes: TMX declares its own encoding, and Moses/TSV lines are cut on LF before
// decoding.
std::string read_bytes(const std::string& path) {
  int fd = STDIN_FILENO;
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } closer{-1};
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      throw Error(ErrorKind::kData, path, std::string("cannot open: ") + std::strerror(errno));
    closer.fd = fd;
    struct stat info {};
    if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode))
      throw Error(ErrorKind::kData, path, S_ISDIR(info.st_mode) ? "is a directory" : "cannot stat");
  }
  std::string bytes;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::kData, path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (got == 0) return bytes;
    if (bytes.size() + static_cast<size_t>(got) > kMaxInputBytes)
      throw Error(ErrorKind::kData, path,
                  "input larger than 2 GiB (not supported; split the file)");
    bytes.append(buffer.data(), static_cast<size_t>(got));
  }
}

// Adds one unit (either side may be empty, not both) as a bead.
void add_unit(ParallelCorpus& corpus, const std::string& src, const std::string& tgt, float score,
              size_t offset) {
  Bead bead;
  bead.src_begin = static_cast<uint32_t>(corpus.src.size());
  bead.tgt_begin = static_cast<uint32_t>(corpus.tgt.size());
  bead.score = score;
  if (!src.empty()) {
    corpus.src.add(src, 0, offset);
    bead.src_count = 1;
  }
  if (!tgt.empty()) {
    corpus.tgt.add(tgt, 0, offset);
    bead.tgt_count = 1;
  }
  corpus.alignment.beads.push_back(bead);
}

// One line of a line-based file, decoded.
struct Line {
  std::string text;   // NFC UTF-8, no line break (U+2028 and the like folded later)
  size_t offset = 0;  // byte offset of the line in the file
};

// Splits `bytes` on LF (a CR before it is dropped) and decodes each line as read_document would
// (BOM, UTF-8 checks, NFC). UTF-16 input is decoded as a whole first. A trailing empty line (the
// file's final newline) is not a line.
std::vector<Line> decoded_lines(const std::string& bytes, const std::string& path) {
  std::vector<Line> lines;
  const bool wide = bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0 ||
                    bytes.substr(0, 4096).find('\0') != std::string::npos;
  if (wide) {
    // UTF-16 (or a binary file, which decode_document reports): decode whole, then cut.
    const Document doc = decode_document(bytes, path);
    size_t start = 0;
    while (start < doc.text.size()) {
      size_t end = doc.text.find('\n', start);
      if (end == std::string::npos) end = doc.text.size();
      lines.push_back({doc.text.substr(start, end - start), start});
      start = end + 1;
    }
    return lines;
  }
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    const std::string_view raw = std::string_view(bytes).substr(start, end - start);
    try {
      // A U+FEFF starting a later line is text, not a BOM: decoding would drop it, unless it
      // gets a BOM of its own.
      if (start > 0 && raw.substr(0, 3) == "\xEF\xBB\xBF")
        lines.push_back({decode_document("\xEF\xBB\xBF" + std::string(raw), path).text, start});
      else
        lines.push_back({decode_document(raw, path).text, start});
    } catch (const Error&) {
      // Decode the whole file for the error message: it finds the same first invalid byte and
      // reports its offset and line in the file.
      decode_document(bytes, path);
      throw;
    }
    start = end + 1;
  }
  return lines;
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// ---- TMX ----

std::string owned(xmlChar* value) {
  if (value == nullptr) return {};
  std::string result(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return result;
}

// An attribute without namespace ("" when absent).
std::string no_ns_attribute(xmlNode* node, const char* name) {
  return owned(xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name)));
}

// xml:lang (TMX 1.2+) or lang (TMX 1.1).
std::string tuv_language(xmlNode* tuv) {
  std::string lang =
      owned(xmlGetNsProp(tuv, reinterpret_cast<const xmlChar*>("lang"), XML_XML_NAMESPACE));
  return lang.empty() ? no_ns_attribute(tuv, "lang") : lang;
}

// The text of a <seg>: text, CDATA and entity content, and the text of <hi> and other markup,
// but not native codes (<ph>, <bpt>, <ept>, <it>, <ut>), which are not text of the segment.
void append_seg_text(xmlNode* node, std::string& out) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    switch (child->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
        break;
      case XML_ENTITY_REF_NODE:
        out += owned(xmlNodeGetContent(child));
        break;
      case XML_ELEMENT_NODE:
        if (!is_element(child, "ph") && !is_element(child, "bpt") && !is_element(child, "ept") &&
            !is_element(child, "it") && !is_element(child, "ut"))
          append_seg_text(child, out);
        break;
      default:
        break;
    }
  }
}

struct Variant {
  std::string lang;     // as written
  std::string lower;    // lower-cased, "_" as "-"
  std::string primary;  // primary subtag, canonical
  std::string text;     // folded NFC text, non-empty
};

std::string lang_key(const std::string& lang) {
  std::string key = ascii_lower(lang);
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

// The index of the variant matching `lang` (the full tag first, then the primary subtag),
// skipping `except`; -1 if none.
int find_variant(const std::vector<Variant>& variants, const std::string& lang, int except) {
  if (lang.empty()) return -1;
  const std::string key = lang_key(lang), primary = primary_language(lang);
  for (int pass = 0; pass < 2; ++pass)
    for (size_t k = 0; k < variants.size(); ++k)
      if (static_cast<int>(k) != except &&
          (pass == 0 ? variants[k].lower == key : variants[k].primary == primary))
        return static_cast<int>(k);
  return -1;
}

// Byte offsets of line starts, so that a unit can record where it is in the file.
std::vector<size_t> line_starts(const std::string& bytes) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == '\n') starts.push_back(i + 1);
  return starts;
}

}  // namespace

std::string fold_unit(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!is_space(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    bool line_break = false;
    for (; j < text.size() && is_space(text[j]); ++j)
      line_break |= text[j] == '\n' || text[j] == '\r';
    if (i > 0 && j < text.size()) {  // inner run; runs at either end are trimmed
      if (line_break)
        out.push_back(' ');
      else
        out.append(text.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

ParallelCorpus read_tmx(const std::string& path, const std::string& src_lang_hint,
                        const std::string& tgt_lang_hint) {
  const std::string bytes = read_bytes(path);
  const XmlDocument doc = parse_xml(bytes, path, "TMX");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !is_element(root, "tmx"))
    throw Error(ErrorKind::kData, path, "not TMX: the root element is not <tmx>", -1,
                root != nullptr ? xmlGetLineNo(root) : -1);

  ParallelCorpus corpus;
  xmlNode* body = nullptr;
  std::string header_srclang;
  for (xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (is_element(child, "header")) header_srclang = no_ns_attribute(child, "srclang");
    if (is_element(child, "body") && body == nullptr) body = child;
  }
  if (body == nullptr)
    throw Error(ErrorKind::kData, path, "not TMX: no <body>", -1, xmlGetLineNo(root));
  corpus.src_lang = src_lang_hint;
  if (corpus.src_lang.empty() && ascii_lower(header_srclang) != "*all*")
    corpus.src_lang = header_srclang;
  corpus.tgt_lang = tgt_lang_hint;

  const std::vector<size_t> starts = line_starts(bytes);
  std::vector<Variant> variants;
  for (xmlNode* tu = body->children; tu != nullptr; tu = tu->next) {
    if (!is_element(tu, "tu")) continue;
    const long line = xmlGetLineNo(tu);
    float score = kUnknownScore;
    variants.clear();
    for (xmlNode* child = tu->children; child != nullptr; child = child->next) {
      if (is_element(child, "prop") && no_ns_attribute(child, "type") == "x-talign-score") {
        const std::string value = owned(xmlNodeGetContent(child));
        double parsed = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (ec == std::errc() && end == value.data() + value.size() && parsed >= 0 && parsed <= 1)
          score = static_cast<float>(parsed);
        else
          ++corpus.bad_scores;
      } else if (is_element(child, "tuv")) {
        Variant variant;
        variant.lang = tuv_language(child);
        if (variant.lang.empty()) continue;
        std::string text;
        for (xmlNode* seg = child->children; seg != nullptr; seg = seg->next)
          if (is_element(seg, "seg")) append_seg_text(seg, text);
        try {
          // With a BOM of its own, decoding keeps a U+FEFF the segment starts with (it would
          // take it for a BOM and drop it, so each TMX round trip lost one).
          variant.text = fold_unit(decode_document("\xEF\xBB\xBF" + text, path).text);
        } catch (const Error&) {
          throw Error(ErrorKind::kData, path, "bad text in <seg>", -1, xmlGetLineNo(child));
        }
        if (variant.text.empty()) continue;
        variant.lower = lang_key(variant.lang);
        variant.primary = primary_language(variant.lang);
        variants.push_back(std::move(variant));
      }
    }
    if (variants.empty()) {
      ++corpus.empty_units;
      continue;
    }
    if (corpus.src_lang.empty()) corpus.src_lang = variants.front().lang;
    const int src = find_variant(variants, corpus.src_lang, -1);
    int tgt = find_variant(variants, corpus.tgt_lang, src);
    if (corpus.tgt_lang.empty()) {
      // The first variant in another language than the source fixes the target language.
      const std::string src_primary = primary_language(corpus.src_lang);
      for (int pass = 0; pass < 2 && tgt < 0; ++pass)
        for (size_t k = 0; k < variants.size() && tgt < 0; ++k)
          if (static_cast<int>(k) != src &&
              (pass == 0 ? variants[k].primary != src_primary
                         : variants[k].lower != lang_key(corpus.src_lang)))
            tgt = static_cast<int>(k);
      if (tgt >= 0) corpus.tgt_lang = variants[static_cast<size_t>(tgt)].lang;
    }
    corpus.dropped_variants += variants.size() - (src >= 0) - (tgt >= 0);
    if (src < 0 && tgt < 0) continue;
    const size_t offset = line > 0 && static_cast<size_t>(line) <= starts.size()
                              ? starts[static_cast<size_t>(line) - 1]
                              : 0;
    add_unit(corpus, src >= 0 ? variants[static_cast<size_t>(src)].text : std::string(),
             tgt >= 0 ? variants[static_cast<size_t>(tgt)].text : std::string(), score, offset);
  }
  return corpus;
}

ParallelCorpus read_moses(const std::string& src_path, const std::string& tgt_path) {
  const std::vector<Line> src = decoded_lines(read_bytes(src_path), src_path);
  const std::vector<Line> tgt = decoded_lines(read_bytes(tgt_path), tgt_path);
  if (src.size() != tgt.size())
    throw Error(ErrorKind::kData, src_path,
                std::to_string(src.size()) + " lines, but " + display_name(tgt_path) + " has " +
                    std::to_string(tgt.size()) +
                    " (Moses files pair line i with line i: the counts must match)");
  ParallelCorpus corpus;
  for (size_t i = 0; i < src.size(); ++i) {
    const std::string s = fold_unit(src[i].text), t = fold_unit(tgt[i].text);
    if (s.empty() && t.empty()) continue;
    add_unit(corpus, s, t, kUnknownScore, src[i].offset);
  }
  return corpus;
}

ParallelCorpus read_tsv(const std::string& path) {
  const std::vector<Line> lines = decoded_lines(read_bytes(path), path);
  ParallelCorpus corpus;
  for (size_t i = 0; i < lines.size(); ++i) {
    // Spreadsheet exports end lines with CRLF: the CR belongs to no field.
    std::string_view text = lines[i].text;
    // (decoding has already turned that CR into LF).
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
    const int64_t line = static_cast<int64_t>(i) + 1;
    if (blank(text)) continue;
    const size_t tab = text.find('\t');
    if (tab == std::string::npos)
      throw Error(ErrorKind::kData, path, "no tab (expected source<TAB>target[<TAB>score])", -1,
                  line);
    const size_t tab2 = text.find('\t', tab + 1);
    float score = kUnknownScore;
    if (tab2 != std::string::npos) {
      const std::string_view field = text.substr(tab2 + 1);
      if (field.find('\t') != std::string_view::npos)
        throw Error(ErrorKind::kData, path,
                    "more than three fields (expected source<TAB>target[<TAB>score])", -1, line);
      double parsed = 0;
      const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), parsed);
      if (ec != std::errc() || end != field.data() + field.size() || !(parsed >= 0 && parsed <= 1))
        throw Error(
            ErrorKind::kData, path,
            "third field '" + std::string(field.substr(0, 40)) + "' is not a score in [0, 1]", -1,
            line);
      score = static_cast<float>(parsed);
    }
    const std::string src = fold_unit(text.substr(0, tab));
    const std::string tgt =
        fold_unit(text.substr(tab + 1, (tab2 == std::string::npos ? text.size() : tab2) - tab - 1));
    if (src.empty() && tgt.empty()) continue;
    add_unit(corpus, src, tgt, score, lines[i].offset);
  }
  return corpus;
}

}  // namespace talign
