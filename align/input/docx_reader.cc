// read_docx: the text of a WordprocessingML document as Word shows it with every tracked change
// accepted. Walks word/document.xml with libxml2's tree API; footnotes, endnotes and text boxes
// become paragraphs of their own after the paragraph that refers to them.
#include <libxml/tree.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "align/common/error.h"
#include "align/common/xml.h"
#include "align/input/document_builder.h"
#include "align/input/office_text.h"
#include "align/input/readers.h"
#include "align/input/zip_archive.h"

namespace talign {
namespace {

// Transitional and Strict OOXML name the same elements in different namespaces.
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main", \
             "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships", \
             "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MATH_NS "http://schemas.openxmlformats.org/officeDocument/2006/math", \
                "http://purl.oclc.org/ooxml/officeDocument/math"
#define PKG_REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"

bool is_w(const xmlNode* node, const char* local) { return is_element(node, {W_NS}, local); }

std::optional<std::string> w_attribute(const xmlNode* node, const char* local) {
  return attribute(node, {W_NS}, local);
}

// An on/off property (w:b, w:i, w:vanish): present means on unless w:val says off.
bool on_off(const xmlNode* property) {
  const auto val = w_attribute(property, "val");
  return !val || !(*val == "0" || *val == "false" || *val == "off");
}

// Ends with `suffix` (relationship types are URIs that differ by their last segment).
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Relationship {
  std::string type;
  std::string target;
  bool external = false;
};
using Relationships = std::map<std::string, Relationship>;

// Run properties as written on a run or a character style; unset means inherited.
struct Toggles {
  std::optional<bool> bold, italic, underline, hidden;
  std::string style;  // w:rStyle (runs) or w:basedOn (styles)
};

Toggles read_toggles(const xmlNode* rpr) {
  Toggles t;
  if (rpr == nullptr) return t;
  for (const xmlNode* c = rpr->children; c != nullptr; c = c->next) {
    if (is_w(c, "b")) t.bold = on_off(c);
    else if (is_w(c, "i")) t.italic = on_off(c);
    else if (is_w(c, "vanish")) t.hidden = on_off(c);
    else if (is_w(c, "u")) t.underline = w_attribute(c, "val").value_or("single") != "none";
    else if (is_w(c, "rStyle")) t.style = w_attribute(c, "val").value_or("");
  }
  return t;
}

const xmlNode* first_child(const xmlNode* node, const char* local) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next)
    if (is_w(c, local)) return c;
  return nullptr;
}

// The properties of one run, resolved through its character style.
struct RunProperties {
  RunFormat format;
  bool hidden = false;
  bool underline_from_style = false;  // a link style's underline, not the author's
};

// A field being read (w:fldChar begin .. separate .. end): its instruction, then its result.
struct Field {
  bool in_result = false;
  std::string instruction;
  std::optional<size_t> link;  // the kLink code of a HYPERLINK field's result
};

// The target of a HYPERLINK field instruction (HYPERLINK "url" or HYPERLINK \l "anchor").
std::optional<std::string> hyperlink_field_target(const std::string& instruction) {
  size_t at = instruction.find_first_not_of(' ');
  if (at == std::string::npos || instruction.compare(at, 9, "HYPERLINK") != 0) return std::nullopt;
  const bool anchor = instruction.find("\\l", at) != std::string::npos;
  const size_t open = instruction.find('"', at);
  if (open == std::string::npos) return std::nullopt;
  const size_t close = instruction.find('"', open + 1);
  const std::string target = instruction.substr(open + 1, close == std::string::npos ? close : close - open - 1);
  return anchor ? "#" + target : target;
}

class DocxReader {
 public:
  DocxReader(std::string_view bytes, const std::string& name)
      : name_(name), archive_(bytes, name), builder_(name, InputFormat::kDocx) {}

  Document read() {
    const std::string main_part = main_document_part();
    const auto document_xml = archive_.read(main_part);
    if (!document_xml)
      throw Error(ErrorKind::kData, name_, "not a Word document: it has no " + main_part);
    const XmlDocument document = parse_part(*document_xml, main_part);
    const Relationships rels = read_relationships(main_part);
    std::string styles_part = "word/styles.xml", footnotes_part = "word/footnotes.xml",
                endnotes_part = "word/endnotes.xml";
    for (const auto& [id, rel] : rels) {
      if (rel.external) continue;
      if (ends_with(rel.type, "/styles")) styles_part = part_path(main_part, rel.target);
      if (ends_with(rel.type, "/footnotes")) footnotes_part = part_path(main_part, rel.target);
      if (ends_with(rel.type, "/endnotes")) endnotes_part = part_path(main_part, rel.target);
    }
    XmlDocument styles, footnotes, endnotes;
    if (const auto xml = archive_.read(styles_part)) {
      styles = parse_part(*xml, styles_part);
      read_styles(xmlDocGetRootElement(styles.get()));
    }
    Relationships footnote_rels, endnote_rels;
    if (const auto xml = archive_.read(footnotes_part)) {
      footnotes = parse_part(*xml, footnotes_part);
      footnote_rels = read_relationships(footnotes_part);
      index_notes(xmlDocGetRootElement(footnotes.get()), "footnote", &footnote_rels, footnotes_);
    }
    if (const auto xml = archive_.read(endnotes_part)) {
      endnotes = parse_part(*xml, endnotes_part);
      endnote_rels = read_relationships(endnotes_part);
      index_notes(xmlDocGetRootElement(endnotes.get()), "endnote", &endnote_rels, endnotes_);
    }
    const xmlNode* root = xmlDocGetRootElement(document.get());
    const xmlNode* body = root != nullptr && is_w(root, "document") ? first_child(root, "body") : nullptr;
    if (body == nullptr)
      throw Error(ErrorKind::kData, name_, main_part + " has no w:document/w:body: not a Word document");
    read_blocks(body, &rels);
    end_paragraph();
    return builder_.finish();
  }

 private:
  // Deferred content: a note's or a text box's paragraphs, read after the current paragraph.
  struct Deferred {
    const xmlNode* node;
    const Relationships* rels;
  };
  struct Note {
    const xmlNode* node;
    const Relationships* rels;
  };

  XmlDocument parse_part(const std::string& xml, const std::string& part) {
    return parse_xml(xml, name_, "DOCX part " + part);
  }

  // The package's main part from _rels/.rels (word/document.xml when that says nothing).
  std::string main_document_part() {
    const auto xml = archive_.read("_rels/.rels");
    if (!xml) return "word/document.xml";
    const XmlDocument rels = parse_part(*xml, "_rels/.rels");
    for (const xmlNode* r = xmlDocGetRootElement(rels.get()) ? xmlDocGetRootElement(rels.get())->children : nullptr;
         r != nullptr; r = r->next) {
      if (!is_element(r, {PKG_REL_NS}, "Relationship")) continue;
      const std::string type = attribute(r, {}, "Type").value_or("");
      if (ends_with(type, "/officeDocument"))
        return part_path("", attribute(r, {}, "Target").value_or("word/document.xml"));
    }
    return "word/document.xml";
  }

  // A relationship target (relative to the folder of `source`, or absolute from the root) as an
  // archive entry name.
  static std::string part_path(const std::string& source, const std::string& target) {
    std::string joined = target;
    if (!target.empty() && target[0] == '/')
      joined = target.substr(1);
    else if (const size_t slash = source.find_last_of('/'); slash != std::string::npos)
      joined = source.substr(0, slash + 1) + target;
    // "word/../x" is allowed in a package; resolve the segments.
    std::vector<std::string> segments;
    size_t at = 0;
    while (at <= joined.size()) {
      size_t end = joined.find('/', at);
      if (end == std::string::npos) end = joined.size();
      const std::string segment = joined.substr(at, end - at);
      if (segment == "..") {
        if (!segments.empty()) segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.push_back(segment);
      }
      at = end + 1;
    }
    std::string path;
    for (const std::string& s : segments) path += (path.empty() ? "" : "/") + s;
    return path;
  }

  // The relationships of `part` (word/_rels/document.xml.rels for word/document.xml).
  Relationships read_relationships(const std::string& part) {
    Relationships out;
    const size_t slash = part.find_last_of('/');
    const std::string rels_part = (slash == std::string::npos ? "" : part.substr(0, slash + 1)) + "_rels/" +
                                  part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
    const auto xml = archive_.read(rels_part);
    if (!xml) return out;
    const XmlDocument rels = parse_part(*xml, rels_part);
    const xmlNode* root = xmlDocGetRootElement(rels.get());
    for (const xmlNode* r = root != nullptr ? root->children : nullptr; r != nullptr; r = r->next) {
      if (!is_element(r, {PKG_REL_NS}, "Relationship")) continue;
      Relationship rel;
      rel.type = attribute(r, {}, "Type").value_or("");
      rel.target = attribute(r, {}, "Target").value_or("");
      rel.external = attribute(r, {}, "TargetMode").value_or("") == "External";
      out[attribute(r, {}, "Id").value_or("")] = std::move(rel);
    }
    return out;
  }

  void read_styles(const xmlNode* root) {
    for (const xmlNode* s = root != nullptr ? root->children : nullptr; s != nullptr; s = s->next) {
      if (!is_w(s, "style") || w_attribute(s, "type").value_or("") != "character") continue;
      Toggles t = read_toggles(first_child(s, "rPr"));
      const xmlNode* based = first_child(s, "basedOn");
      t.style = based != nullptr ? w_attribute(based, "val").value_or("") : "";
      styles_[w_attribute(s, "styleId").value_or("")] = std::move(t);
    }
  }

  void index_notes(const xmlNode* root, const char* element, const Relationships* rels,
                   std::map<std::string, Note>& notes) {
    for (const xmlNode* n = root != nullptr ? root->children : nullptr; n != nullptr; n = n->next)
      if (is_w(n, element)) notes[w_attribute(n, "id").value_or("")] = {n, rels};
  }

  RunProperties run_properties(const xmlNode* run) {
    const Toggles direct = read_toggles(first_child(run, "rPr"));
    Toggles style;
    // The style chain, nearest first; a value set nearer wins. Bounded against basedOn loops.
    std::string id = direct.style;
    for (int depth = 0; !id.empty() && depth < 16; ++depth) {
      const auto it = styles_.find(id);
      if (it == styles_.end()) break;
      if (!style.bold) style.bold = it->second.bold;
      if (!style.italic) style.italic = it->second.italic;
      if (!style.underline) style.underline = it->second.underline;
      if (!style.hidden) style.hidden = it->second.hidden;
      id = it->second.style;
    }
    RunProperties p;
    p.format.bold = direct.bold.value_or(style.bold.value_or(false));
    p.format.italic = direct.italic.value_or(style.italic.value_or(false));
    p.format.underline = direct.underline.value_or(style.underline.value_or(false));
    p.underline_from_style = !direct.underline && p.format.underline;
    p.hidden = direct.hidden.value_or(style.hidden.value_or(false));
    return p;
  }

  // Field results show; instructions (and results of fields inside an instruction) do not.
  bool showing() const {
    for (const Field& f : fields_)
      if (!f.in_result) return false;
    return true;
  }

  // True inside a w:hyperlink, a HYPERLINK w:fldSimple or a HYPERLINK field's result.
  bool in_link() const {
    if (link_depth_ > 0) return true;
    for (const Field& f : fields_)
      if (f.link) return true;
    return false;
  }

  // --- block level: paragraphs, tables, content controls -----------------------------------

  void read_blocks(const xmlNode* parent, const Relationships* rels) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_w(c, "p")) {
        read_paragraph(c, rels);
      } else if (is_w(c, "tr")) {
        // A row whose insertion was tracked is in; one whose deletion was tracked is out.
        const xmlNode* pr = first_child(c, "trPr");
        if (pr == nullptr || first_child(pr, "del") == nullptr) read_blocks(c, rels);
      } else if (is_w(c, "tbl") || is_w(c, "tc") || is_w(c, "sdt") || is_w(c, "sdtContent") ||
                 is_w(c, "customXml") || is_w(c, "ins") || is_w(c, "moveTo") ||
                 is_w(c, "txbxContent") || is_w(c, "footnote") || is_w(c, "endnote")) {
        read_blocks(c, rels);
      } else if (is_element(c, {MC_NS}, "AlternateContent")) {
        if (const xmlNode* chosen = alternate(c)) read_blocks(chosen, rels);
      }
      // Anything else (w:del, w:moveFrom, w:sectPr, w:tblPr, w:altChunk...) shows no text here.
    }
  }

  // The branch of an mc:AlternateContent to read: the first mc:Choice (Word writes the same
  // content as a VML mc:Fallback too; reading both would double it), else the fallback.
  static const xmlNode* alternate(const xmlNode* node) {
    const xmlNode* fallback = nullptr;
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (is_element(c, {MC_NS}, "Choice")) return c;
      if (is_element(c, {MC_NS}, "Fallback")) fallback = c;
    }
    return fallback;
  }

  void read_paragraph(const xmlNode* p, const Relationships* rels) {
    read_inline(p, rels);
    // A paragraph mark whose deletion was tracked joins this paragraph to the next one.
    const xmlNode* ppr = first_child(p, "pPr");
    const xmlNode* mark = ppr != nullptr ? first_child(ppr, "rPr") : nullptr;
    if (mark != nullptr && first_child(mark, "del") != nullptr) {
      const xmlNode* next = p->next;
      while (next != nullptr && next->type != XML_ELEMENT_NODE) next = next->next;
      if (is_w(next, "p")) return;
    }
    end_paragraph();
  }

  void end_paragraph() {
    formats_.close_all(builder_);
    for (Field& f : fields_)
      if (f.link) {
        builder_.close(*f.link);  // a field's link ends with its paragraph
        f.link.reset();
      }
    pending_isolated_.clear();  // a code in a paragraph without text belongs to no sentence
    builder_.end_paragraph();
    // Notes and text boxes met in the paragraph follow it, each paragraph of theirs on its own.
    std::vector<Deferred> deferred = std::move(deferred_);
    deferred_.clear();
    for (const Deferred& d : deferred) {
      read_blocks(d.node, d.rels);
      end_paragraph();
    }
  }

  // --- inline level: runs and their containers ---------------------------------------------

  void read_inline(const xmlNode* parent, const Relationships* rels) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_w(c, "r")) {
        read_run(c, rels);
      } else if (is_w(c, "hyperlink")) {
        read_hyperlink(c, rels);
      } else if (is_w(c, "fldSimple")) {
        // A simple field: its runs are its current result.
        const auto target = hyperlink_field_target(w_attribute(c, "instr").value_or(""));
        std::optional<size_t> link;
        if (target && showing()) link = builder_.open(CodeKind::kLink, *target);
        link_depth_ += target ? 1 : 0;
        read_inline(c, rels);
        link_depth_ -= target ? 1 : 0;
        if (link) builder_.close(*link);
      } else if (is_w(c, "ins") || is_w(c, "moveTo") || is_w(c, "smartTag") ||
                 is_w(c, "customXml") || is_w(c, "sdtContent") || is_w(c, "dir") || is_w(c, "bdo")) {
        read_inline(c, rels);
      } else if (is_w(c, "sdt")) {
        if (const xmlNode* content = first_child(c, "sdtContent")) read_inline(content, rels);
      } else if (is_element(c, {MC_NS}, "AlternateContent")) {
        if (const xmlNode* chosen = alternate(c)) read_inline(chosen, rels);
      } else if (is_element(c, {MATH_NS}, "oMath") || is_element(c, {MATH_NS}, "oMathPara")) {
        isolated(CodeKind::kPlaceholder, "<math/>");
      }
      // w:del, w:moveFrom, w:pPr, bookmarks, w:proofErr, comment ranges: no text.
    }
  }

  void read_hyperlink(const xmlNode* link, const Relationships* rels) {
    std::string target;
    if (const auto id = attribute(link, {R_NS}, "id")) {
      const auto it = rels->find(*id);
      if (it != rels->end()) target = it->second.target;
    }
    if (const auto anchor = w_attribute(link, "anchor")) target += "#" + *anchor;
    std::optional<size_t> handle;
    if (showing()) handle = builder_.open(CodeKind::kLink, target);
    ++link_depth_;
    read_inline(link, rels);
    --link_depth_;
    if (handle) builder_.close(*handle);
  }

  void read_run(const xmlNode* run, const Relationships* rels) {
    RunProperties props = run_properties(run);
    // A link's underline is the link's look, carried by the kLink code already.
    if (props.underline_from_style && in_link()) props.format.underline = false;
    for (const xmlNode* c = run->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_w(c, "fldChar")) {
        field_char(w_attribute(c, "fldCharType").value_or(""));
        continue;
      }
      if (is_w(c, "instrText")) {
        if (!fields_.empty() && !fields_.back().in_result) fields_.back().instruction += child_text(c);
        continue;
      }
      if (props.hidden || !showing()) continue;
      if (is_w(c, "t")) {
        text(child_text(c), props.format);
      } else if (is_w(c, "tab") || is_w(c, "ptab")) {
        text(" ", props.format);
      } else if (is_w(c, "noBreakHyphen")) {
        text("-", props.format);
      } else if (is_w(c, "br") || is_w(c, "cr")) {
        const std::string type = w_attribute(c, "type").value_or("textWrapping");
        if (type == "page" || type == "column") {
          builder_.add_text(" ", true);  // a page break separates words but ends nothing
        } else {
          formats_.apply(builder_, props.format);
          builder_.line_break();
        }
      } else if (is_w(c, "footnoteReference")) {
        note_reference(c, footnotes_, footnote_count_);
      } else if (is_w(c, "endnoteReference")) {
        note_reference(c, endnotes_, endnote_count_);
      } else if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object") ||
                 is_element(c, {MC_NS}, "AlternateContent")) {
        const xmlNode* content = is_element(c, {MC_NS}, "AlternateContent") ? alternate(c) : c;
        if (content == nullptr || !find_text_boxes(content, rels))
          isolated(CodeKind::kPlaceholder, "<img/>");
      } else if (is_w(c, "sym")) {
        isolated(CodeKind::kPlaceholder, "<sym/>");
      }
      // w:softHyphen (shown only at a line end), w:delText, w:footnoteRef (a note's own mark),
      // w:commentReference, w:lastRenderedPageBreak: no text.
    }
  }

  void field_char(const std::string& type) {
    if (type == "begin") {
      fields_.push_back({});
    } else if (type == "separate" && !fields_.empty()) {
      Field& f = fields_.back();
      f.in_result = true;
      if (const auto target = hyperlink_field_target(f.instruction); target && showing())
        f.link = builder_.open(CodeKind::kLink, *target);
    } else if (type == "end" && !fields_.empty()) {
      if (fields_.back().link) builder_.close(*fields_.back().link);
      fields_.pop_back();
    }
  }

  void note_reference(const xmlNode* reference, const std::map<std::string, Note>& notes, int& count) {
    const auto it = notes.find(w_attribute(reference, "id").value_or(""));
    // Word numbers notes in order of reference; the number is the code's mark.
    isolated(CodeKind::kFootnote, std::to_string(++count));
    if (it != notes.end() && read_notes_.insert(it->second.node).second)
      deferred_.push_back({it->second.node, it->second.rels});
  }

  // Defers the text boxes inside a drawing; false when it has none (an image).
  bool find_text_boxes(const xmlNode* node, const Relationships* rels) {
    bool found = false;
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_w(c, "txbxContent")) {
        deferred_.push_back({c, rels});
        found = true;
      } else if (is_element(c, {MC_NS}, "AlternateContent")) {
        if (const xmlNode* chosen = alternate(c)) found |= find_text_boxes(chosen, rels);
      } else {
        found |= find_text_boxes(c, rels);
      }
    }
    return found;
  }

  void text(std::string_view s, const RunFormat& format) {
    if (s.empty()) return;
    // White space alone changes no formatting: a plain space run between two bold runs leaves
    // one bold pair, and a space after bold text stays outside the pair.
    if (s.find_first_not_of(" \t\n\r") != std::string_view::npos) {
      formats_.apply(builder_, format);
      for (const auto& [kind, native] : pending_isolated_) builder_.add_isolated(kind, native);
      pending_isolated_.clear();
    }
    builder_.add_text(s, true);
  }

  // An isolated code; at the start of a paragraph it waits for the paragraph's first text.
  void isolated(CodeKind kind, std::string native) {
    if (builder_.paragraph_empty())
      pending_isolated_.emplace_back(kind, std::move(native));
    else
      builder_.add_isolated(kind, std::move(native));
  }

  std::string name_;
  ZipArchive archive_;
  DocumentBuilder builder_;
  std::map<std::string, Toggles> styles_;  // character styles by id
  std::map<std::string, Note> footnotes_, endnotes_;
  std::set<const xmlNode*> read_notes_;
  int footnote_count_ = 0;
  int endnote_count_ = 0;
  std::vector<Deferred> deferred_;
  std::vector<Field> fields_;  // open fields, outermost first (fields span paragraphs)
  std::vector<std::pair<CodeKind, std::string>> pending_isolated_;
  InlineFormats formats_;
  int link_depth_ = 0;  // w:hyperlink and w:fldSimple elements the reader is inside
};

}  // namespace

Document read_docx(std::string_view bytes, const std::string& name) {
  return DocxReader(bytes, name).read();
}

}  // namespace talign
