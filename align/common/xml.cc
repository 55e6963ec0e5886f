#include "align/common/xml.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <climits>

#include "align/common/error.h"

namespace talign {
namespace {

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

// The first error libxml2 reports: later ones are usually consequences of it.
struct FirstXmlError {
  bool seen = false;
  std::string message;
  long line = -1;
  long column = -1;
  // The first error of libxml2's encoding and I/O layers, which report without the parser
  // context (and would print to stderr): the message when the parser reports nothing itself.
  std::string unplaced;
};

#if LIBXML_VERSION >= 21200
using XmlErrorArg = const xmlError*;
#else
using XmlErrorArg = xmlErrorPtr;
#endif

// Installed on the parser context only (not globally), so concurrent parses do not interfere.
void record_xml_error(void* user_data, XmlErrorArg error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(user_data);
  auto* first = ctxt != nullptr ? static_cast<FirstXmlError*>(ctxt->_private) : nullptr;
  if (first == nullptr || first->seen || error == nullptr || error->level < XML_ERR_ERROR) return;
  first->seen = true;
  first->message = error->message != nullptr ? error->message : "unknown error";
  // Some libxml2 messages span lines ("... indicate encoding !\nBytes: 0xFF"): one line here.
  for (char& c : first->message)
    if (c == '\n') c = ' ';
  while (!first->message.empty() && (first->message.back() == '\n' || first->message.back() == ' '))
    first->message.pop_back();
  first->line = error->line;
  first->column = error->int2;
}

// Installed for the calling thread during a parse; libxml2 keeps this handler per thread.
void record_unplaced_error(void* user_data, XmlErrorArg error) {
  auto* first = static_cast<FirstXmlError*>(user_data);
  if (first == nullptr || !first->unplaced.empty() || error == nullptr ||
      error->level < XML_ERR_ERROR || error->message == nullptr)
    return;
  first->unplaced = error->message;
  for (char& c : first->unplaced)
    if (c == '\n') c = ' ';
  while (!first->unplaced.empty() && first->unplaced.back() == ' ') first->unplaced.pop_back();
}

// Sets the thread's structured error handler for one parse and restores the previous one.
class UnplacedErrorScope {
 public:
  explicit UnplacedErrorScope(FirstXmlError* first)
      : handler_(xmlStructuredError), context_(xmlStructuredErrorContext) {
    xmlSetStructuredErrorFunc(first, record_unplaced_error);
  }
  ~UnplacedErrorScope() { xmlSetStructuredErrorFunc(context_, handler_); }
  UnplacedErrorScope(const UnplacedErrorScope&) = delete;
  UnplacedErrorScope& operator=(const UnplacedErrorScope&) = delete;

 private:
  xmlStructuredErrorFunc handler_;
  void* context_;
};

}  // namespace

XmlDocument parse_xml(std::string_view bytes, const std::string& path, const std::string& kind) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    throw Error(ErrorKind::kData, path, "input larger than 2 GiB (not supported; split the file)");
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt || ctxt->sax == nullptr) throw Error(ErrorKind::kData, path, "cannot create XML parser");
  FirstXmlError first;
  ctxt->_private = &first;
  ctxt->sax->serror = record_xml_error;
  const UnplacedErrorScope unplaced(&first);
  // No XML_PARSE_NOENT / DTDLOAD: external entities and DTDs are never fetched; no network.
  XmlDocument doc(xmlCtxtReadMemory(
      ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), path.c_str(), nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES));
  if (!doc) {
    const std::string reason = first.seen               ? first.message
                               : first.unplaced.empty() ? "cannot parse"
                                                        : first.unplaced;
    throw Error(ErrorKind::kData, path, "malformed " + kind + ": " + reason, -1,
                first.seen ? first.line : -1, first.seen ? first.column : -1);
  }
  return doc;
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

}  // namespace talign
