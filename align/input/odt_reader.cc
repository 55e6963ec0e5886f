// read_odt: the text of an OpenDocument text document as a word processor shows it with every
// tracked change accepted. Walks content.xml with libxml2's tree API; notes and text boxes become
// paragraphs of their own after the paragraph that holds them.
#include <libxml/tree.h>

#include <algorithm>
#include <cstdlib>
#include <map>
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

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define FO_NS "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define XLINK_NS "http://www.w3.org/1999/xlink"

bool is_text(const xmlNode* node, const char* local) { return is_element(node, {TEXT_NS}, local); }

// Text properties of a style as written; unset means inherited (parent style, enclosing span).
struct TextStyle {
  std::optional<bool> bold, italic, underline, hidden;
  std::string parent;
};

TextStyle read_text_style(const xmlNode* style) {
  TextStyle s;
  s.parent = attribute(style, {STYLE_NS}, "parent-style-name").value_or("");
  for (const xmlNode* c = style->children; c != nullptr; c = c->next) {
    if (!is_element(c, {STYLE_NS}, "text-properties")) continue;
    if (const auto weight = attribute(c, {FO_NS}, "font-weight"))
      s.bold = *weight == "bold" || (!weight->empty() && (*weight)[0] >= '6' && (*weight)[0] <= '9' &&
                                     weight->size() == 3);
    if (const auto style_attr = attribute(c, {FO_NS}, "font-style"))
      s.italic = *style_attr == "italic" || *style_attr == "oblique";
    if (const auto underline = attribute(c, {STYLE_NS}, "text-underline-style"))
      s.underline = *underline != "none";
    if (const auto display = attribute(c, {TEXT_NS}, "display")) s.hidden = *display == "none";
  }
  return s;
}

struct Format {
  RunFormat run;
  bool hidden = false;
};

class OdtReader {
 public:
  OdtReader(std::string_view bytes, const std::string& name)
      : name_(name), archive_(bytes, name), builder_(name, InputFormat::kOdt) {}

  Document read() {
    const auto content_xml = archive_.read("content.xml");
    if (!content_xml) throw Error(ErrorKind::kData, name_, "not an OpenDocument text: it has no content.xml");
    // Named styles (styles.xml) first: automatic styles (content.xml) may derive from them.
    XmlDocument styles;
    if (const auto xml = archive_.read("styles.xml")) {
      styles = parse_xml(*xml, name_, "ODT part styles.xml");
      read_styles(xmlDocGetRootElement(styles.get()));
    }
    const XmlDocument content = parse_xml(*content_xml, name_, "ODT part content.xml");
    const xmlNode* root = xmlDocGetRootElement(content.get());
    read_styles(root);
    const xmlNode* text = nullptr;
    for (const xmlNode* c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next)
      if (is_element(c, {OFFICE_NS}, "body"))
        for (const xmlNode* b = c->children; b != nullptr; b = b->next)
          if (is_element(b, {OFFICE_NS}, "text")) text = b;
    if (text == nullptr)
      throw Error(ErrorKind::kData, name_, "content.xml has no office:body/office:text: not a text document");
    read_blocks(text);
    end_paragraph();
    return builder_.finish();
  }

 private:
  // The text styles of office:styles and office:automatic-styles under `root`.
  void read_styles(const xmlNode* root) {
    for (const xmlNode* group = root != nullptr ? root->children : nullptr; group != nullptr; group = group->next) {
      if (!is_element(group, {OFFICE_NS}, "styles") && !is_element(group, {OFFICE_NS}, "automatic-styles"))
        continue;
      for (const xmlNode* s = group->children; s != nullptr; s = s->next)
        if (is_element(s, {STYLE_NS}, "style") && attribute(s, {STYLE_NS}, "family").value_or("") == "text")
          styles_[attribute(s, {STYLE_NS}, "name").value_or("")] = read_text_style(s);
    }
  }

  // `outer` changed by the text style `name` and its parents.
  Format styled(const Format& outer, const std::string& name) const {
    TextStyle resolved;
    std::string id = name;
    for (int depth = 0; !id.empty() && depth < 16; ++depth) {  // bounded against parent loops
      const auto it = styles_.find(id);
      if (it == styles_.end()) break;
      if (!resolved.bold) resolved.bold = it->second.bold;
      if (!resolved.italic) resolved.italic = it->second.italic;
      if (!resolved.underline) resolved.underline = it->second.underline;
      if (!resolved.hidden) resolved.hidden = it->second.hidden;
      id = it->second.parent;
    }
    Format f = outer;
    f.run.bold = resolved.bold.value_or(f.run.bold);
    f.run.italic = resolved.italic.value_or(f.run.italic);
    f.run.underline = resolved.underline.value_or(f.run.underline);
    f.hidden = resolved.hidden.value_or(f.hidden);
    return f;
  }

  // --- block level ---------------------------------------------------------------------------

  void read_blocks(const xmlNode* parent) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_text(c, "p") || is_text(c, "h")) {
        // A paragraph style is no inline formatting (and may share a name with a text style).
        read_inline(c, Format{});
        end_paragraph();
      } else if (is_text(c, "list") || is_text(c, "list-item") || is_text(c, "list-header") ||
                 is_text(c, "section") || is_text(c, "index-body") || is_text(c, "index-title") ||
                 is_text(c, "table-of-content") || is_text(c, "alphabetical-index") ||
                 is_text(c, "illustration-index") || is_text(c, "table-index") ||
                 is_text(c, "object-index") || is_text(c, "user-index") ||
                 is_text(c, "bibliography") || is_text(c, "note-body") ||
                 is_element(c, {TABLE_NS}, "table") || is_element(c, {TABLE_NS}, "table-rows") ||
                 is_element(c, {TABLE_NS}, "table-header-rows") ||
                 is_element(c, {TABLE_NS}, "table-row-group") ||
                 is_element(c, {TABLE_NS}, "table-row") || is_element(c, {TABLE_NS}, "table-cell") ||
                 is_element(c, {DRAW_NS}, "text-box")) {
        read_blocks(c);
      }
      // text:tracked-changes (deleted text waiting to be accepted), *-source (an index's
      // template), declarations, forms, covered table cells: no text shown here.
    }
  }

  void end_paragraph() {
    formats_.close_all(builder_);
    pending_isolated_.clear();  // a code in a paragraph without text belongs to no sentence
    builder_.end_paragraph();
    std::vector<const xmlNode*> deferred = std::move(deferred_);
    deferred_.clear();
    for (const xmlNode* d : deferred) {
      read_blocks(d);
      end_paragraph();
    }
  }

  // --- inline level --------------------------------------------------------------------------

  void read_inline(const xmlNode* parent, const Format& format) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (!format.hidden) text(node_text(c), format.run, true);
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is_text(c, "span")) {
        read_inline(c, styled(format, attribute(c, {TEXT_NS}, "style-name").value_or("")));
      } else if (format.hidden) {
        continue;
      } else if (is_text(c, "a")) {
        const size_t link = builder_.open(CodeKind::kLink, attribute(c, {XLINK_NS}, "href").value_or(""));
        read_inline(c, format);
        builder_.close(link);
      } else if (is_text(c, "s")) {
        // Spaces the author typed in a row; ODF collapses white space in text nodes, not these.
        const auto count = attribute(c, {TEXT_NS}, "c");
        int n = 1;
        if (count) n = std::max(1, std::min(1000, std::atoi(count->c_str())));
        if (!builder_.paragraph_empty()) text(std::string(static_cast<size_t>(n), ' '), format.run, false);
      } else if (is_text(c, "tab")) {
        text(" ", format.run, true);
      } else if (is_text(c, "line-break")) {
        formats_.apply(builder_, format.run);
        builder_.line_break();
      } else if (is_text(c, "note")) {
        std::string mark;
        for (const xmlNode* n = c->children; n != nullptr; n = n->next) {
          if (is_text(n, "note-citation")) mark = child_text(n);
          if (is_text(n, "note-body")) deferred_.push_back(n);
        }
        isolated(CodeKind::kFootnote, mark);
      } else if (is_element(c, {DRAW_NS}, "frame") || is_element(c, {DRAW_NS}, "a")) {
        if (!find_text_boxes(c)) isolated(CodeKind::kPlaceholder, "<img/>");
      } else if (is_text(c, "tracked-changes") || is_text(c, "note-citation") ||
                 is_element(c, {OFFICE_NS}, "annotation") || is_text(c, "ruby-text") ||
                 is_text(c, "hidden-text") || is_text(c, "hidden-paragraph") ||
                 in_namespace(c, {DRAW_NS}) || is_element(c, {OFFICE_NS}, "annotation-end")) {
        continue;  // comments, ruby glosses, hidden text, drawings: not the text
      } else {
        // Fields (dates, page numbers, references, variables...) hold their displayed text;
        // text:meta, text:ruby-base and the like hold ordinary text.
        read_inline(c, format);
      }
    }
  }

  // Defers the text boxes inside a frame; false when it has none (an image).
  bool find_text_boxes(const xmlNode* node) {
    bool found = false;
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (is_element(c, {DRAW_NS}, "text-box")) {
        deferred_.push_back(c);
        found = true;
      } else if (is_element(c, {DRAW_NS}, "frame") || is_element(c, {DRAW_NS}, "a")) {
        found |= find_text_boxes(c);
      }
    }
    return found;
  }

  void text(std::string_view s, const RunFormat& format, bool collapse) {
    if (s.empty()) return;
    // White space alone changes no formatting: "<b>a</b> <i>b</i>" keeps its space plain.
    if (s.find_first_not_of(" \t\n\r") != std::string_view::npos) {
      formats_.apply(builder_, format);
      for (const auto& [kind, native] : pending_isolated_) builder_.add_isolated(kind, native);
      pending_isolated_.clear();
    }
    builder_.add_text(s, collapse);
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
  std::map<std::string, TextStyle> styles_;  // text styles by name
  std::vector<const xmlNode*> deferred_;     // note bodies and text boxes of this paragraph
  std::vector<std::pair<CodeKind, std::string>> pending_isolated_;
  InlineFormats formats_;
};

}  // namespace

Document read_odt(std::string_view bytes, const std::string& name) {
  return OdtReader(bytes, name).read();
}

}  // namespace talign
