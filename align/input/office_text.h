// Pieces the DOCX and ODT readers share: libxml2 tree lookups by namespace and local name (the
// prefixes of office files vary by producer), and InlineFormats, which turns the bold / italic /
// underline state of consecutive text runs into paired codes.
#pragma once

#include <libxml/tree.h>

#include <array>
#include <initializer_list>
#include <optional>
#include <string>

#include "align/input/document_builder.h"

namespace talign {

// True if `node` is an element named `local` in one of the namespaces `ns`.
inline bool is_element(const xmlNode* node, std::initializer_list<const char*> ns, const char* local) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->ns == nullptr ||
      !xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(local)))
    return false;
  for (const char* uri : ns)
    if (xmlStrEqual(node->ns->href, reinterpret_cast<const xmlChar*>(uri))) return true;
  return false;
}

// True if `node` is an element in one of the namespaces `ns` (any name).
inline bool in_namespace(const xmlNode* node, std::initializer_list<const char*> ns) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->ns == nullptr) return false;
  for (const char* uri : ns)
    if (xmlStrEqual(node->ns->href, reinterpret_cast<const xmlChar*>(uri))) return true;
  return false;
}

// The value of `node`'s attribute `local` in one of the namespaces `ns` (an empty list: an
// attribute without namespace), or nullopt.
inline std::optional<std::string> attribute(const xmlNode* node, std::initializer_list<const char*> ns,
                                            const char* local) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (!xmlStrEqual(a->name, reinterpret_cast<const xmlChar*>(local))) continue;
    bool match = ns.size() == 0 ? a->ns == nullptr : false;
    for (const char* uri : ns)
      if (a->ns != nullptr && xmlStrEqual(a->ns->href, reinterpret_cast<const xmlChar*>(uri))) match = true;
    if (!match) continue;
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next)
      if (c->content != nullptr) value += reinterpret_cast<const char*>(c->content);
    return value;
  }
  return std::nullopt;
}

// The text of a text or CDATA node ("" for other nodes).
inline std::string_view node_text(const xmlNode* node) {
  if ((node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE) || node->content == nullptr)
    return {};
  return reinterpret_cast<const char*>(node->content);
}

// The concatenated text of `node`'s text children (not deeper).
inline std::string child_text(const xmlNode* node) {
  std::string out;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) out += node_text(c);
  return out;
}

// Bold, italic and underline of a run of text.
struct RunFormat {
  bool bold = false;
  bool italic = false;
  bool underline = false;
};

// Keeps one open code per formatting kind while consecutive runs share it, so that a word in
// bold split over three runs (Word's spell-check and revision marks split runs freely) gets one
// kBold pair, not three.
class InlineFormats {
 public:
  // Opens and closes codes so that the text added next has `format`.
  void apply(DocumentBuilder& builder, const RunFormat& format) {
    const std::array<bool, 3> want{format.bold, format.italic, format.underline};
    for (size_t k = 0; k < want.size(); ++k)
      if (!want[k] && open_[k]) {
        builder.close(*open_[k]);
        open_[k].reset();
      }
    for (size_t k = 0; k < want.size(); ++k)
      if (want[k] && !open_[k]) open_[k] = builder.open(kKinds[k]);
  }

  // Closes every open code (at a paragraph's end).
  void close_all(DocumentBuilder& builder) { apply(builder, RunFormat{}); }

 private:
  static constexpr std::array<CodeKind, 3> kKinds{CodeKind::kBold, CodeKind::kItalic,
                                                  CodeKind::kUnderline};
  std::array<std::optional<size_t>, 3> open_;
};

}  // namespace talign
