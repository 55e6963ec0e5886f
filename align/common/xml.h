// parse_xml: libxml2 parsing as every reader here wants it: from memory, no network, no external
// entities or DTDs fetched, the first error captured per parse (libxml2 never prints), and
// reported as an Error with the file, line and column. Also the tree lookups the readers share.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace talign {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses `bytes`. On malformed XML throws Error(kData, path, "malformed KIND: <libxml2's first
// error>", -1, line, column), e.g. kind "TMX" or "SRX".
XmlDocument parse_xml(std::string_view bytes, const std::string& path, const std::string& kind);

// True if `node` is an element named `name` (its namespace, if any, not looked at).
inline bool is_element(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name));
}

// The value of `node`'s attribute `name` (in any namespace), or nullopt.
std::optional<std::string> attribute(const xmlNode* node, const char* name);

}  // namespace talign
