// XLIFF 1.2 and 2.x: the bilingual exchange format of CAT tools. Two uses: the translated units
// as a parallel corpus (talign convert x.xlf --to tmx), and the source side as a document to align
// against a translation made outside the CAT tool (talign align x.xlf translated.txt).
#include <libxml/tree.h>

#include <cctype>
#include <string>
#include <vector>

#include "align/common/utf8.h"
#include "align/common/error.h"
#include "align/common/xml.h"
#include "align/input/document_builder.h"
#include "align/input/parallel_reader.h"
#include "align/input/readers.h"

namespace talign {
namespace {

// xml:lang, which libxml2 keeps in the XML namespace.
std::string xml_lang(const xmlNode* node) {
  xmlChar* value = xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("lang"), XML_XML_NAMESPACE);
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

// The translatable text of a <source>, <target> or <mrk>: text and the content of elements that
// wrap text (1.2 <g>, <mrk>; 2.x <pc>, <mrk>); native codes (1.2 <ph>, <bpt>, <ept>, <it>, <x>,
// <bx>, <ex>; 2.x <ph>, <sc>, <ec>, <sm>, <em>) and sub-flows (<sub>) are no text. 2.x <cp hex>
// is the character it encodes.
void append_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (is_element(child, "g") || is_element(child, "pc") || is_element(child, "mrk")) {
      append_text(child, out);
    } else if (is_element(child, "cp")) {
      // A character XML cannot hold as text; one that is no Unicode scalar value is dropped.
      const std::string hex = attribute(child, "hex").value_or("");
      uint32_t c = 0;
      bool valid = !hex.empty() && hex.size() <= 6;
      for (char h : hex) {
        const int digit = std::isxdigit(static_cast<unsigned char>(h))
                              ? (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10))
                              : -1;
        valid = valid && digit >= 0;
        c = c * 16 + static_cast<uint32_t>(digit < 0 ? 0 : digit);
      }
      if (valid && c > 0 && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF)) append_utf8(c, out);
    }
  }
}

// The first child element named `name`.
const xmlNode* child_named(const xmlNode* node, const char* name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next)
    if (is_element(child, name)) return child;
  return nullptr;
}

// One source/target pair of the file, in document order.
struct XliffSegment {
  std::string source;
  std::string target;
  bool translated = false;
  long line = -1;
};

struct XliffContent {
  std::string src_lang;
  std::string tgt_lang;
  std::vector<XliffSegment> segments;
  std::vector<size_t> unit_starts;  // index of each unit's first segment
};

// 1.2 <trans-unit>: with a segmented <seg-source> (<mrk mtype="seg" mid>) and a target segmented
// alike, one pair per segment; else the whole <source> and <target>.
void read_trans_unit(const xmlNode* unit, XliffContent& content) {
  content.unit_starts.push_back(content.segments.size());
  if (attribute(unit, "translate") == "no") return;
  const xmlNode* source = child_named(unit, "source");
  const xmlNode* seg_source = child_named(unit, "seg-source");
  const xmlNode* target = child_named(unit, "target");
  const std::string state = target != nullptr ? attribute(target, "state").value_or("") : "";
  const bool translated = target != nullptr && state != "new" && state != "needs-translation";
  if (seg_source != nullptr) {
    std::vector<std::pair<std::string, const xmlNode*>> marks;
    for (const xmlNode* m = seg_source->children; m != nullptr; m = m->next)
      if (is_element(m, "mrk") && attribute(m, "mtype") == "seg")
        marks.emplace_back(attribute(m, "mid").value_or(""), m);
    if (!marks.empty()) {
      for (const auto& [mid, mark] : marks) {
        XliffSegment s;
        s.line = xmlGetLineNo(mark);
        append_text(mark, s.source);
        if (translated)
          for (const xmlNode* m = target->children; m != nullptr; m = m->next)
            if (is_element(m, "mrk") && attribute(m, "mid") == mid) append_text(m, s.target);
        s.translated = translated;
        content.segments.push_back(std::move(s));
      }
      return;
    }
  }
  if (source == nullptr) return;
  XliffSegment s;
  s.line = xmlGetLineNo(source);
  append_text(source, s.source);
  if (translated) append_text(target, s.target);
  s.translated = translated;
  content.segments.push_back(std::move(s));
}

// 2.x <unit>: one pair per <segment> (<ignorable> is white space between segments).
void read_unit(const xmlNode* unit, XliffContent& content) {
  content.unit_starts.push_back(content.segments.size());
  if (attribute(unit, "translate") == "no") return;
  for (const xmlNode* seg = unit->children; seg != nullptr; seg = seg->next) {
    if (!is_element(seg, "segment")) continue;
    const xmlNode* source = child_named(seg, "source");
    if (source == nullptr) continue;
    const xmlNode* target = child_named(seg, "target");
    XliffSegment s;
    s.line = xmlGetLineNo(source);
    append_text(source, s.source);
    s.translated = target != nullptr && attribute(seg, "state") != "initial";
    if (s.translated) append_text(target, s.target);
    content.segments.push_back(std::move(s));
  }
}

void walk(const xmlNode* node, XliffContent& content) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (is_element(child, "file")) {
      // 1.2 names the languages per <file>; the first file's are the document's.
      if (content.src_lang.empty())
        content.src_lang = attribute(child, "source-language").value_or("");
      if (content.tgt_lang.empty())
        content.tgt_lang = attribute(child, "target-language").value_or("");
      walk(child, content);
    } else if (is_element(child, "trans-unit")) {
      read_trans_unit(child, content);
    } else if (is_element(child, "unit")) {
      read_unit(child, content);
    } else if (is_element(child, "body") || is_element(child, "group")) {
      walk(child, content);
    }
  }
}

XliffContent read_content(std::string_view bytes, const std::string& name) {
  const XmlDocument doc = parse_xml(bytes, name, "XLIFF");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !is_element(root, "xliff"))
    throw Error(ErrorKind::kData, name, "not XLIFF: the root element is not <xliff>", -1,
                root != nullptr ? xmlGetLineNo(const_cast<xmlNode*>(root)) : -1);
  XliffContent content;
  content.src_lang = attribute(root, "srcLang").value_or("");  // 2.x
  content.tgt_lang = attribute(root, "trgLang").value_or("");
  if (content.src_lang.empty()) content.src_lang = xml_lang(root);
  walk(root, content);
  return content;
}

}  // namespace

Document read_xliff(std::string_view bytes, const std::string& name) {
  const XliffContent content = read_content(bytes, name);
  DocumentBuilder builder(name, InputFormat::kXliff);
  if (!content.src_lang.empty()) builder.set_language(content.src_lang);
  // A unit is a paragraph; the segments of one unit run on in it, as in the source document.
  size_t unit = 0;
  for (size_t k = 0; k < content.segments.size(); ++k) {
    while (unit < content.unit_starts.size() && content.unit_starts[unit] <= k) {
      builder.end_paragraph();
      ++unit;
    }
    builder.add_text(content.segments[k].source, false);
    builder.add_text(" ", true);
  }
  return builder.finish();
}

ParallelCorpus read_xliff_corpus(const std::string& path, const std::string& src_lang_hint,
                                 const std::string& tgt_lang_hint) {
  bool zip = false;
  const std::string bytes = read_input_bytes(path, zip);
  if (zip) throw Error(ErrorKind::kData, path, "is a zip archive, not XLIFF");
  const XliffContent content = read_content(bytes, path);
  ParallelCorpus corpus;
  corpus.src_lang = src_lang_hint.empty() ? content.src_lang : src_lang_hint;
  corpus.tgt_lang = tgt_lang_hint.empty() ? content.tgt_lang : tgt_lang_hint;
  for (const XliffSegment& s : content.segments) {
    std::string source = fold_unit(s.source), target = fold_unit(s.target);
    normalize_nfc(source, path);
    normalize_nfc(target, path);
    if (!s.translated || target.empty() || source.empty()) {
      ++corpus.untranslated_units;
      continue;
    }
    Bead bead;
    bead.src_begin = static_cast<uint32_t>(corpus.src.size());
    bead.tgt_begin = static_cast<uint32_t>(corpus.tgt.size());
    bead.src_count = bead.tgt_count = 1;
    bead.score = kUnknownScore;
    corpus.src.add(source, 0, 0);
    corpus.tgt.add(target, 0, 0);
    corpus.alignment.beads.push_back(bead);
  }
  return corpus;
}

}  // namespace talign
