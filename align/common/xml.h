// parse_xml: libxml2 parsing as every reader here wants it: from memory, no network, no external
// entities or DTDs fetched, the first error captured per parse (libxml2 never prints), and
// reported as an Error with the file, line and column.
#pragma once

#include <libxml/tree.h>

#include <memory>
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

}  // namespace talign
