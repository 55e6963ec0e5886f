// read_html: an HTML or XHTML page's visible text, one paragraph per block element, with bold,
// italic, underline, links, footnote references, images and line breaks as inline codes and
// lang attributes as language marks. The bytes are decoded here (BOM, XML declaration or
// <meta> charset, else UTF-8) and checked, so that a page whose bytes do not fit its declared
// charset fails naming the byte instead of being read with libxml2's silent substitutions; the
// parser then only ever sees UTF-8 and is told to ignore the page's own charset declarations.
// (libxml2 2.9 left to itself drops Shift_JIS or EUC-KR bytes that are not characters without a
// word, and stops reading a windows-1252 page at 0x81, a byte browsers read as a C1 control.)
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/common/utf8.h"
#include "align/common/xml.h"
#include "align/input/document_builder.h"
#include "align/input/readers.h"

namespace talign {
namespace {

// The value after `key=` in `text` (quoted or not), or "" when there is none.
std::string attribute_value(std::string_view text, std::string_view key) {
  const std::string lower = ascii_lower(text);
  size_t at = 0;
  while ((at = lower.find(key, at)) != std::string::npos) {
    size_t i = at + key.size();
    at = i;
    while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i]))) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i]))) ++i;
    if (i >= lower.size()) return "";
    size_t end = i;
    if (lower[i] == '"' || lower[i] == '\'') {
      const char quote = lower[i++];
      end = lower.find(quote, i);
      if (end == std::string::npos) end = lower.size();
    } else {
      while (end < lower.size() && !std::isspace(static_cast<unsigned char>(lower[end])) &&
             lower[end] != ';' && lower[end] != '>' && lower[end] != '"' && lower[end] != '\'' &&
             lower[end] != '/')
        ++end;
    }
    return std::string(trim(lower.substr(i, end - i)));
  }
  return "";
}

// The charset a page declares: its XML declaration's encoding, else the first <meta charset> or
// <meta http-equiv content="...; charset=..."> of its first 64 KiB (browsers look at 1 KiB;
// pages with long inline scripts before the meta exist). "" when none is declared.
std::string declared_charset(std::string_view bytes) {
  bytes = bytes.substr(0, 64 * 1024);
  if (bytes.substr(0, 5) == "<?xml") {
    const size_t end = bytes.find("?>");
    const std::string encoding = attribute_value(bytes.substr(0, end), "encoding");
    if (!encoding.empty()) return encoding;
  }
  const std::string lower = ascii_lower(bytes);
  size_t at = 0;
  while ((at = lower.find("<meta", at)) != std::string::npos) {
    const size_t end = lower.find('>', at);
    const std::string_view tag = std::string_view(lower).substr(at, end == std::string::npos ? std::string::npos : end - at);
    at += 5;
    // charset= covers both <meta charset="x"> and content="text/html; charset=x".
    std::string charset = attribute_value(tag, "charset");
    if (!charset.empty()) return charset;
  }
  return "";
}

// Browsers read these labels as windows-1252, in which every byte is a character (WHATWG
// Encoding): they cannot be invalid. ICU's windows-1252 leaves five bytes unmapped and glibc's
// iconv (libxml2's converter) fails on them, so this table is used instead.
bool is_windows_1252(const std::string& label) {
  static const char* const kLabels[] = {
      "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
      "l1", "iso-ir-100", "ibm819", "cp819", "csisolatin1", "us-ascii", "ascii", "ansi_x3.4-1968",
      "iso88591", "iso_8859-1:1987"};
  return std::find(std::begin(kLabels), std::end(kLabels), label) != std::end(kLabels);
}

bool is_utf8_label(const std::string& label) {
  return label.empty() || label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8" ||
         label == "x-unicode20utf8";
}

std::string decode_windows_1252(std::string_view bytes) {
  // 0x80..0x9F as WHATWG maps them (the five holes of the code page are C1 controls).
  static const char16_t kHigh[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    append_utf8(c >= 0x80 && c < 0xA0 ? kHigh[c - 0x80] : c, out);
  }
  return out;
}

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// `bytes` in the ICU charset `label` as UTF-8; throws naming the first byte that is not a
// character of it. Returns false (and leaves `out` alone) when ICU does not know the label.
bool decode_with_icu(std::string_view bytes, const std::string& label, const std::string& name,
                     std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterClose> converter(ucnv_open(label.c_str(), &status));
  if (U_FAILURE(status) || !converter) return false;
  status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string units(bytes.size() + 16, u'\0');
  const char* source = bytes.data();
  UChar* target = reinterpret_cast<UChar*>(units.data());
  status = U_ZERO_ERROR;
  ucnv_toUnicode(converter.get(), &target, target + units.size(), &source, bytes.data() + bytes.size(),
                 nullptr, true, &status);
  if (U_FAILURE(status)) {
    char invalid[32];
    int8_t length = sizeof invalid;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter.get(), invalid, &length, &ignored);
    const auto byte = static_cast<int64_t>(source - bytes.data()) - (U_FAILURE(ignored) ? 0 : length);
    throw Error(ErrorKind::kData, name, "bytes invalid for its declared charset " + label,
                std::max<int64_t>(byte, 0), line_of_byte(bytes, static_cast<size_t>(std::max<int64_t>(byte, 0))));
  }
  units.resize(static_cast<size_t>(target - reinterpret_cast<UChar*>(units.data())));
  int32_t length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &length, reinterpret_cast<const UChar*>(units.data()),
              static_cast<int32_t>(units.size()), &status);
  out.assign(static_cast<size_t>(length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), length, nullptr, reinterpret_cast<const UChar*>(units.data()),
              static_cast<int32_t>(units.size()), &status);
  if (U_FAILURE(status)) throw Error(ErrorKind::kData, name, "cannot convert from " + label);
  return true;
}

// CRLF and lone CR as LF (what decode_document does for the UTF-8 path), for <pre>.
void normalize_newlines(std::string& text) {
  if (text.find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  text = std::move(out);
}

// The page as UTF-8: a BOM decides, then the declared charset, then UTF-8.
std::string decode_page(std::string_view bytes, const std::string& name) {
  const bool bom8 = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  const bool bom16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
  const std::string label = bom8 || bom16 ? "" : declared_charset(bytes);
  // UTF-16 labels on bytes that are not UTF-16 mean UTF-8 (WHATWG); decode_document also tells
  // UTF-16 without a BOM by its NUL bytes.
  if (is_utf8_label(label) || label.rfind("utf-16", 0) == 0 || label == "unicode") {
    try {
      return decode_document(bytes, name).text;
    } catch (const Error& e) {
      if (label.empty() || std::string_view(e.what()).find("invalid UTF-8") == std::string_view::npos)
        throw;
      throw Error(ErrorKind::kData, name, "bytes invalid for its declared charset " + label,
                  e.byte(), e.line());
    }
  }
  std::string text;
  if (is_windows_1252(label)) {
    text = decode_windows_1252(bytes);
  } else {
    // WHATWG reads gb2312 as GBK, its superset; ICU's gb2312 would refuse GBK characters.
    const std::string icu_label = label == "gb2312" || label == "x-gbk" ? "gbk" : label;
    if (!decode_with_icu(bytes, icu_label, name, text)) {
      // A label nobody knows: browsers ignore it; so does this reader (UTF-8, checked).
      try {
        return decode_document(bytes, name).text;
      } catch (const Error& e) {
        if (std::string_view(e.what()).find("invalid UTF-8") == std::string_view::npos) throw;
        throw Error(ErrorKind::kData, name,
                    "invalid UTF-8 (its declared charset " + label + " is unknown)", e.byte(),
                    e.line());
      }
    }
  }
  if (text.find('\0') != std::string::npos)
    throw Error(ErrorKind::kData, name, "NUL character (binary file?)");
  normalize_newlines(text);
  return text;
}

struct HtmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

const char* node_name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

bool has_attribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0) return true;
  return false;
}

// Elements whose content is never shown (or is not prose: scripts, styles, forms' options).
bool is_hidden_element(const char* name) {
  static const char* const kHidden[] = {"script", "style",  "template", "noscript", "head",
                                        "iframe", "object", "embed",    "svg",      "math",
                                        "select", "datalist", "textarea", "audio", "video",
                                        "canvas", "map"};
  for (const char* h : kHidden)
    if (std::strcmp(name, h) == 0) return true;
  return false;
}

// Elements a browser lays out as blocks (or table cells and rows): a paragraph ends at their
// start and at their end.
bool is_block_element(const char* name) {
  static const char* const kBlocks[] = {
      "p",       "div",     "h1",         "h2",       "h3",     "h4",      "h5",      "h6",
      "li",      "dt",      "dd",         "td",       "th",     "caption", "blockquote", "pre",
      "section", "article", "header",     "footer",   "nav",    "aside",   "figcaption", "figure",
      "address", "tr",      "table",      "thead",    "tbody",  "tfoot",   "ul",      "ol",
      "dl",      "main",    "body",       "html",     "form",   "fieldset", "legend", "hr",
      "title",   "details", "summary",    "center",   "dialog", "menu",    "hgroup",  "option",
      "frameset", "frame",  "noframes",   "listing",  "plaintext", "xmp",  "search"};
  for (const char* b : kBlocks)
    if (std::strcmp(name, b) == 0) return true;
  return false;
}

// The text of `node` and its descendants, white space collapsed and trimmed.
std::string collapsed_text(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string raw = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The single element child of `node`, ignoring white space; nullptr if there is other content.
const xmlNode* only_element_child(const xmlNode* node) {
  const xmlNode* only = nullptr;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      if (!trim(reinterpret_cast<const char*>(c->content != nullptr ? c->content : BAD_CAST "")).empty())
        return nullptr;
    } else if (c->type == XML_ELEMENT_NODE) {
      if (only != nullptr) return nullptr;
      only = c;
    }
  }
  return only;
}

bool is_note_link(const xmlNode* node) {
  return is_element(node, "a") && attribute(node, "href").value_or("").rfind('#', 0) == 0;
}

// The mark of a footnote reference, "" if `node` is none: <sup><a href="#fn1">1</a></sup> or
// <a href="#fn1"><sup>1</sup></a> (pandoc's), with a short mark.
std::string footnote_mark(const xmlNode* node) {
  const xmlNode* child = only_element_child(node);
  const bool note = (is_element(node, "sup") && is_note_link(child)) ||
                    (is_note_link(node) && is_element(child, "sup"));
  if (!note) return "";
  std::string mark = collapsed_text(node);
  return mark.size() <= 12 ? mark : "";
}

std::string quoted_attribute(const std::string& value) {
  std::string out;
  for (char c : value) out += c == '"' ? std::string("&quot;") : std::string(1, c);
  return out;
}

class HtmlWalker {
 public:
  explicit HtmlWalker(DocumentBuilder& builder) : builder_(builder) {}

  // Walks `root` and its descendants without recursion: pages nest deeply enough to matter.
  void walk(const xmlNode* root) {
    std::vector<Frame> stack;  // the elements entered and not yet left, `root` first
    const xmlNode* node = root;
    while (true) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content != nullptr) add_text(reinterpret_cast<const char*>(node->content));
      } else if (node->type == XML_ELEMENT_NODE) {
        Frame frame{node, {}, false, false, false, {}};
        if (enter(node, frame)) {
          if (node->children != nullptr) {
            stack.push_back(std::move(frame));
            node = node->children;
            continue;
          }
          leave(frame);
        }
      }
      // The next node: a sibling, or the parent's next sibling once the parent is left.
      while (true) {
        if (node == root) return;
        if (node->next != nullptr) {
          node = node->next;
          break;
        }
        node = node->parent;
        leave(stack.back());
        stack.pop_back();
      }
    }
  }

 private:
  struct Frame {
    const xmlNode* node;
    std::vector<size_t> handles;  // codes the element opened
    bool block = false;
    bool pre = false;
    bool language = false;
    std::string outer_language;  // the language to restore after the element
  };

  // Handles the start of an element; false when its content is skipped.
  bool enter(const xmlNode* node, Frame& frame) {
    const char* name = node_name(node);
    if (std::strcmp(name, "head") == 0) {
      // Of the head, only the title is shown (as the page's first paragraph).
      for (const xmlNode* c = node->children; c != nullptr; c = c->next)
        if (is_element(c, "title")) {
          builder_.end_paragraph();
          builder_.add_text(collapsed_text(c), true);
          builder_.end_paragraph();
        }
      return false;
    }
    if (is_hidden_element(name) || has_attribute(node, "hidden")) return false;
    if (std::strcmp(name, "br") == 0) {
      if (pre_depth_ > 0) pre_newlines_ = 0;
      builder_.line_break();
      return false;
    }
    if (std::strcmp(name, "img") == 0) {
      std::string native = "<img";
      for (const char* a : {"src", "alt"})
        if (has_attribute(node, a))
          native += std::string(" ") + a + "=\"" +
                    quoted_attribute(attribute(node, a).value_or("")) + "\"";
      add_isolated(CodeKind::kPlaceholder, native + "/>");
      return false;
    }
    if (const std::string mark = footnote_mark(node); !mark.empty()) {
      add_isolated(CodeKind::kFootnote, mark);
      return false;
    }
    if (is_block_element(name)) {
      frame.block = true;
      end_paragraph();
    }
    // xml:lang wins over lang where both are given (XHTML); the HTML parser keeps the name
    // "xml:lang" as written.
    std::string lang(trim(attribute(node, "xml:lang").value_or("")));
    if (lang.empty()) lang = trim(attribute(node, "lang").value_or(""));
    if (!lang.empty() && lang != language_) {
      frame.language = true;
      frame.outer_language = language_;
      language_ = lang;
      builder_.set_language(lang);
    }
    if (std::strcmp(name, "pre") == 0 || std::strcmp(name, "listing") == 0 ||
        std::strcmp(name, "xmp") == 0 || std::strcmp(name, "plaintext") == 0 ||
        std::strcmp(name, "textarea") == 0) {
      frame.pre = true;
      ++pre_depth_;
      pre_newlines_ = 0;
    }
    auto open = [&](CodeKind kind, std::string native = {}) {
      flush_pending();
      frame.handles.push_back(builder_.open(kind, std::move(native)));
    };
    if (std::strcmp(name, "b") == 0 || std::strcmp(name, "strong") == 0) open(CodeKind::kBold);
    else if (std::strcmp(name, "i") == 0 || std::strcmp(name, "em") == 0) open(CodeKind::kItalic);
    else if (std::strcmp(name, "u") == 0 || std::strcmp(name, "ins") == 0) open(CodeKind::kUnderline);
    else if (std::strcmp(name, "a") == 0 && has_attribute(node, "href"))
      open(CodeKind::kLink, attribute(node, "href").value_or(""));
    return true;
  }

  void leave(Frame& frame) {
    for (auto it = frame.handles.rbegin(); it != frame.handles.rend(); ++it) builder_.close(*it);
    if (frame.pre) --pre_depth_;
    if (frame.block) end_paragraph();
    if (frame.language) {
      language_ = frame.outer_language;
      builder_.set_language(language_);
    }
  }

  void end_paragraph() {
    pending_.clear();  // an image alone in its paragraph is no text to align
    builder_.end_paragraph();
    pre_newlines_ = 0;
  }

  // An isolated code waits for its paragraph's first text: a code in a paragraph without text
  // would land at the start of the next one.
  void add_isolated(CodeKind kind, std::string native) {
    if (builder_.paragraph_empty()) pending_.push_back({0, 0, kind, std::move(native)});
    else builder_.add_isolated(kind, std::move(native));
  }

  void flush_pending() {
    for (InlineCode& c : pending_) builder_.add_isolated(c.kind, std::move(c.native));
    pending_.clear();
  }

  void add_text(std::string_view text) {
    if (pre_depth_ == 0) {
      if (text.find_first_not_of(" \t\n\r\f") != std::string_view::npos) flush_pending();
      builder_.add_text(text, true);
      return;
    }
    // Preformatted: each line break is a line break, a blank line ends the paragraph.
    size_t at = 0;
    while (at <= text.size()) {
      const size_t end = std::min(text.find('\n', at), text.size());
      const std::string_view line = text.substr(at, end - at);
      if (line.find_first_not_of(" \t\f") != std::string_view::npos) {
        if (pre_newlines_ == 1) builder_.line_break();
        else if (pre_newlines_ >= 2) end_paragraph();
        pre_newlines_ = 0;
        flush_pending();
        builder_.add_text(line, false);
      }
      if (end == text.size()) break;
      ++pre_newlines_;
      at = end + 1;
    }
  }

  DocumentBuilder& builder_;
  std::string language_;
  int pre_depth_ = 0;
  int pre_newlines_ = 0;            // line feeds since the last text in <pre>
  std::vector<InlineCode> pending_;  // isolated codes waiting for their paragraph's text
};

// Parses UTF-8 `text` into `builder`; false if libxml2 returns no tree.
bool walk_html(std::string_view text, DocumentBuilder& builder) {
  if (text.find_first_not_of(" \t\n") == std::string_view::npos) return true;
  xmlInitParser();
  // The text is UTF-8 whatever the page declares (decoded above): IGNORE_ENC keeps libxml2 from
  // switching on the <meta>. No network, no error output; recovery as browsers do.
  std::unique_ptr<xmlDoc, HtmlDocFree> doc(htmlReadMemory(
      text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
          HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT));
  if (!doc) return false;
  HtmlWalker walker(builder);
  for (const xmlNode* node = doc->children; node != nullptr; node = node->next)
    if (node->type == XML_ELEMENT_NODE) walker.walk(node);
  builder.end_paragraph();
  return true;
}

Document read_utf8_html(std::string_view text, const std::string& name) {
  if (text.size() > static_cast<size_t>(INT_MAX))
    throw Error(ErrorKind::kData, name, "input larger than 2 GiB (not supported; split the file)");
  DocumentBuilder builder(name, InputFormat::kHtml);
  if (!walk_html(text, builder)) throw Error(ErrorKind::kData, name, "cannot parse as HTML");
  return builder.finish();
}

}  // namespace

Document read_html(std::string_view bytes, const std::string& name) {
  return read_utf8_html(decode_page(bytes, name), name);
}

void add_html_fragment(std::string_view fragment, DocumentBuilder& builder) {
  builder.end_paragraph();
  if (fragment.size() <= static_cast<size_t>(INT_MAX)) walk_html(fragment, builder);
}

Document read_html_text(std::string_view text, const std::string& name) {
  return read_utf8_html(text, name);
}

}  // namespace talign
