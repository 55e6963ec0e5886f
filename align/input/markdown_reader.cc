// read_markdown: the prose of a Markdown file. Blocks follow CommonMark (paragraphs with lazy
// continuation lines, ATX and setext headings, list items, block quotes, thematic breaks) plus
// GFM pipe tables (a paragraph per cell) and footnotes; inlines follow CommonMark's delimiter
// algorithm (emphasis, code spans, links, images, autolinks, raw HTML, escapes, entities).
// Code blocks (fenced and indented) are left out: they are not translated prose and would only
// give the aligner sentences without counterparts. So are link reference definitions, HTML
// comments and YAML front matter. HTML blocks are read as HTML (read_html's rules).
#include <libxml/HTMLparser.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/common/utf8.h"
#include "align/input/document_builder.h"
#include "align/input/readers.h"
#include "align/split/language_data.h"

namespace talign {
namespace {

// The white space this reader skips and trims.
constexpr std::string_view kMarkdownSpace = " \t\n\r\f";

bool is_markdown_space(char c) { return kMarkdownSpace.find(c) != std::string_view::npos; }

bool is_blank(std::string_view s) { return trim(s, kMarkdownSpace).empty(); }

bool is_ascii_punct(char c) { return c > 32 && c < 127 && std::ispunct(static_cast<unsigned char>(c)); }

// A link label as CommonMark matches them: case-folded, inner white space collapsed.
std::string normalize_label(std::string_view label) {
  std::string out;
  bool space = false;
  for (char c : trim(label, kMarkdownSpace)) {
    if (is_markdown_space(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// An entity at the start of `s` ("&amp;", "&#233;", "&#xE9;"): its text and length, or 0.
size_t decode_entity(std::string_view s, std::string& out) {
  const size_t semi = s.find(';');
  if (s.size() < 3 || s[0] != '&' || semi == std::string_view::npos || semi > 33) return 0;
  const std::string_view body = s.substr(1, semi - 1);
  if (body.empty()) return 0;
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > (hex ? 6u : 7u)) return 0;
    UChar32 cp = 0;
    for (char c : digits) {
      const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c))
                        ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                        : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    append_utf8(cp, out);
    return semi + 1;
  }
  for (char c : body)
    if (!std::isalnum(static_cast<unsigned char>(c))) return 0;
  // HTML 4's entities (libxml2's table); HTML5's longer list adds rare symbols only.
  const std::string name(body);
  const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
  if (entity == nullptr) return 0;
  append_utf8(static_cast<UChar32>(entity->value), out);
  return semi + 1;
}

// --- inlines ------------------------------------------------------------------------------

enum class ItemKind { kText, kDelimiter, kBracket, kOpen, kClose, kIsolated, kHardBreak };

struct Item {
  explicit Item(ItemKind k, std::string t = {}) : kind(k), text(std::move(t)) {}
  ItemKind kind = ItemKind::kText;
  std::string text;             // kText; kOpen/kIsolated: the code's native text
  CodeKind code = CodeKind::kSpan;
  bool no_code = false;         // kOpen/kClose of markup that carries no code (a pandoc span)
  // kDelimiter: a run of '*', '_' or '~'.
  char delimiter = 0;
  int count = 0, original = 0;
  bool can_open = false, can_close = false;
  // kBracket: '[' or '![', where its text starts in the source.
  bool image = false, active = true;
  size_t source = 0;
  size_t delimiters_below = 0;  // delimiters on the stack when it was pushed
};

using Items = std::list<Item>;
using ItemIt = Items::iterator;

struct LinkDefinition {
  std::string url;
};

class InlineParser {
 public:
  InlineParser(std::string_view source, const std::map<std::string, LinkDefinition>& definitions)
      : s_(source), definitions_(definitions) {}

  Items parse() {
    size_t i = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '\\' && i + 1 < s_.size() && is_ascii_punct(s_[i + 1])) {
        text(std::string(1, s_[i + 1]));
        i += 2;
      } else if (c == '\\' && i + 1 < s_.size() && s_[i + 1] == '\n') {
        items_.emplace_back(ItemKind::kHardBreak);
        i = skip_spaces(i + 2);
      } else if (c == '`') {
        i = code_span(i);
      } else if (c == '*' || c == '_' || c == '~') {
        i = delimiter_run(i);
      } else if (c == '!' && i + 1 < s_.size() && s_[i + 1] == '[') {
        push_bracket(i, true);
        i += 2;
      } else if (c == '[') {
        if (const size_t end = footnote_reference(i)) {
          i = end;
        } else {
          push_bracket(i, false);
          ++i;
        }
      } else if (c == ']') {
        i = close_bracket(i);
      } else if (c == '<') {
        i = angle(i);
      } else if (c == '&') {
        std::string decoded;
        const size_t length = decode_entity(s_.substr(i), decoded);
        text(length ? decoded : std::string("&"));
        i += length ? length : 1;
      } else if (c == '\n') {
        i = line_end(i);
      } else {
        size_t end = i + 1;
        while (end < s_.size() && std::string_view("\\`*_~![]<&\n").find(s_[end]) == std::string_view::npos)
          ++end;
        text(std::string(s_.substr(i, end - i)));
        i = end;
      }
    }
    process_emphasis(0);
    return std::move(items_);
  }

 private:
  void text(std::string t) {
    if (!items_.empty() && items_.back().kind == ItemKind::kText) items_.back().text += t;
    else items_.emplace_back(ItemKind::kText, std::move(t));
  }

  size_t skip_spaces(size_t i) const {
    while (i < s_.size() && (s_[i] == ' ' || s_[i] == '\t')) ++i;
    return i;
  }

  // A line end: a hard break after two spaces, else a soft break (a space, or nothing between
  // two characters of an unspaced script).
  size_t line_end(size_t i) {
    size_t spaces = 0;
    if (!items_.empty() && items_.back().kind == ItemKind::kText) {
      std::string& t = items_.back().text;
      while (!t.empty() && t.back() == ' ') {
        t.pop_back();
        ++spaces;
      }
    }
    const size_t next = skip_spaces(i + 1);
    if (spaces >= 2) {
      items_.emplace_back(ItemKind::kHardBreak);
      return next;
    }
    const std::string_view before = s_.substr(0, i);
    const std::string_view after = s_.substr(next);
    if (!(is_unspaced_script(last_code_point(trim(before, kMarkdownSpace))) &&
          is_unspaced_script(first_code_point(after))))
      text(" ");
    return next;
  }

  size_t code_span(size_t i) {
    size_t run = 0;
    while (i + run < s_.size() && s_[i + run] == '`') ++run;
    const std::string ticks(run, '`');
    size_t at = i + run;
    while (true) {
      const size_t close = s_.find(ticks, at);
      if (close == std::string_view::npos) {
        text(ticks);
        return i + run;
      }
      size_t close_run = 0;
      while (close + close_run < s_.size() && s_[close + close_run] == '`') ++close_run;
      if (close_run != run) {
        at = close + close_run;
        continue;
      }
      std::string content(s_.substr(i + run, close - i - run));
      for (char& c : content)
        if (c == '\n') c = ' ';
      if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' && !is_blank(content))
        content = content.substr(1, content.size() - 2);
      text(content);
      return close + run;
    }
  }

  // The character before `i` and at `end`, as CommonMark's flanking rules see them.
  size_t delimiter_run(size_t i) {
    const char c = s_[i];
    size_t end = i;
    while (end < s_.size() && s_[end] == c) ++end;
    const UChar32 before = i == 0 ? ' ' : last_code_point(s_.substr(0, i));
    const UChar32 after = end >= s_.size() ? ' ' : first_code_point(s_.substr(end));
    auto white = [](UChar32 x) { return u_isUWhiteSpace(x) || x == '\n'; };
    auto punct = [](UChar32 x) { return x < 128 ? is_ascii_punct(static_cast<char>(x)) : u_ispunct(x); };
    const bool left = !white(after) && (!punct(after) || white(before) || punct(before));
    const bool right = !white(before) && (!punct(before) || white(after) || punct(after));
    Item item(ItemKind::kDelimiter, std::string(end - i, c));
    item.delimiter = c;
    item.count = item.original = static_cast<int>(end - i);
    if (c == '_') {
      item.can_open = left && (!right || punct(before));
      item.can_close = right && (!left || punct(after));
    } else {
      item.can_open = left;
      item.can_close = right;
    }
    items_.push_back(item);
    delimiters_.push_back(std::prev(items_.end()));
    return end;
  }

  void push_bracket(size_t i, bool image) {
    Item item(ItemKind::kBracket, image ? "![" : "[");
    item.image = image;
    item.source = i + (image ? 2 : 1);
    item.delimiters_below = delimiters_.size();
    items_.push_back(item);
    brackets_.push_back(std::prev(items_.end()));
  }

  // "[^label]" not followed by ':' (a definition): an isolated footnote code; the end, or 0.
  size_t footnote_reference(size_t i) {
    if (i + 2 >= s_.size() || s_[i + 1] != '^') return 0;
    size_t end = i + 2;
    while (end < s_.size() && s_[end] != ']' && !is_markdown_space(s_[end]) && s_[end] != '[')
      ++end;
    if (end >= s_.size() || s_[end] != ']' || end == i + 2) return 0;
    Item item(ItemKind::kIsolated, std::string(s_.substr(i + 2, end - i - 2)));
    item.code = CodeKind::kFootnote;
    items_.push_back(item);
    return end + 1;
  }

  // "(destination "title")" at `i`: the destination and the end, or npos.
  size_t inline_destination(size_t i, std::string& url) const {
    if (i >= s_.size() || s_[i] != '(') return std::string_view::npos;
    size_t at = i + 1;
    while (at < s_.size() && is_markdown_space(s_[at])) ++at;
    if (at < s_.size() && s_[at] == '<') {
      const size_t close = s_.find('>', at);
      if (close == std::string_view::npos || s_.substr(at, close - at).find('\n') != std::string_view::npos)
        return std::string_view::npos;
      url = std::string(s_.substr(at + 1, close - at - 1));
      at = close + 1;
    } else {
      int depth = 0;
      const size_t start = at;
      while (at < s_.size() && !is_markdown_space(s_[at])) {
        if (s_[at] == '\\' && at + 1 < s_.size()) {
          at += 2;
          continue;
        }
        if (s_[at] == '(') ++depth;
        if (s_[at] == ')') {
          if (depth == 0) break;
          --depth;
        }
        ++at;
      }
      url = std::string(s_.substr(start, at - start));
    }
    while (at < s_.size() && is_markdown_space(s_[at])) ++at;
    if (at < s_.size() && (s_[at] == '"' || s_[at] == '\'' || s_[at] == '(')) {
      const char close = s_[at] == '(' ? ')' : s_[at];
      ++at;
      while (at < s_.size() && s_[at] != close) at += s_[at] == '\\' ? 2 : 1;
      if (at >= s_.size()) return std::string_view::npos;
      ++at;
      while (at < s_.size() && is_markdown_space(s_[at])) ++at;
    }
    if (at >= s_.size() || s_[at] != ')') return std::string_view::npos;
    // Backslash escapes and entities in the destination.
    std::string clean;
    for (size_t k = 0; k < url.size(); ++k) {
      if (url[k] == '\\' && k + 1 < url.size() && is_ascii_punct(url[k + 1])) {
        clean += url[++k];
        continue;
      }
      std::string decoded;
      const size_t length = url[k] == '&' ? decode_entity(std::string_view(url).substr(k), decoded) : 0;
      if (length) {
        clean += decoded;
        k += length - 1;
      } else {
        clean += url[k];
      }
    }
    url = clean;
    return at + 1;
  }

  size_t close_bracket(size_t i) {
    if (brackets_.empty()) {
      text("]");
      return i + 1;
    }
    const ItemIt opener = brackets_.back();
    if (!opener->active) {
      brackets_.pop_back();
      text("]");
      return i + 1;
    }
    std::string url;
    size_t end = inline_destination(i + 1, url);
    bool span = false;
    std::string attributes;
    if (end == std::string_view::npos && i + 1 < s_.size() && s_[i + 1] == '[') {
      // A full or collapsed reference: [text][label], [text][].
      const size_t close = s_.find(']', i + 2);
      if (close != std::string_view::npos) {
        std::string_view label = s_.substr(i + 2, close - i - 2);
        if (trim(label, kMarkdownSpace).empty())
          label = s_.substr(opener->source, i - opener->source);
        if (const auto it = definitions_.find(normalize_label(label)); it != definitions_.end()) {
          url = it->second.url;
          end = close + 1;
        }
      }
    }
    if (end == std::string_view::npos && !opener->image && i + 1 < s_.size() && s_[i + 1] == '{') {
      // A pandoc span, [text]{.underline}: its attributes are markup, never text.
      const size_t close = s_.find('}', i + 2);
      if (close != std::string_view::npos && s_.substr(i, close - i).find('\n') == std::string_view::npos) {
        attributes = std::string(s_.substr(i + 2, close - i - 2));
        span = true;
        end = close + 1;
      }
    }
    if (end == std::string_view::npos) {
      // A shortcut reference: [label].
      const auto it = definitions_.find(normalize_label(s_.substr(opener->source, i - opener->source)));
      if (it != definitions_.end()) {
        url = it->second.url;
        end = i + 1;
      }
    }
    if (end == std::string_view::npos) {
      brackets_.pop_back();
      text("]");
      return i + 1;
    }
    process_emphasis(opener->delimiters_below);
    if (opener->image) {
      // An image is a placeholder: its alt text describes a picture, it is not a sentence's text.
      std::string alt;
      for (auto it = std::next(opener); it != items_.end(); it = items_.erase(it))
        if (it->kind == ItemKind::kText || it->kind == ItemKind::kDelimiter) alt += it->text;
      std::string native = "<img src=\"" + url + "\" alt=\"" + alt + "\"/>";
      opener->kind = ItemKind::kIsolated;
      opener->code = CodeKind::kPlaceholder;
      opener->text = native;
    } else {
      opener->kind = ItemKind::kOpen;
      Item close(ItemKind::kClose);
      if (span) {
        const bool underline = (" " + attributes + " ").find(".underline") != std::string::npos ||
                               (" " + attributes + " ").find(" .ul ") != std::string::npos;
        opener->code = close.code = CodeKind::kUnderline;
        opener->no_code = close.no_code = !underline;
        opener->text.clear();
      } else {
        opener->code = close.code = CodeKind::kLink;
        opener->text = url;
        // No links inside links: earlier openers are no longer link openers.
        for (ItemIt b : brackets_)
          if (!b->image) b->active = false;
      }
      items_.push_back(close);
    }
    brackets_.pop_back();
    return end;
  }

  // '<': an autolink, a raw HTML tag or comment, or a literal '<'.
  size_t angle(size_t i) {
    const size_t close = s_.find('>', i);
    if (s_.substr(i, 4) == "<!--") {
      const size_t end = s_.find("-->", i + 4);
      if (end != std::string_view::npos) return end + 3;
    }
    if (close == std::string_view::npos) {
      text("<");
      return i + 1;
    }
    const std::string_view inner = s_.substr(i + 1, close - i - 1);
    // Autolinks: <scheme:...> and <user@host>, without spaces.
    if (!inner.empty() && inner.find_first_of(" \t\n<") == std::string_view::npos) {
      const size_t colon = inner.find(':');
      const bool scheme = colon != std::string_view::npos && colon >= 2 && colon <= 32 &&
                          std::isalpha(static_cast<unsigned char>(inner[0])) &&
                          std::all_of(inner.begin(), inner.begin() + static_cast<long>(colon), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-';
                          });
      const size_t at = inner.find('@');
      const bool email = !scheme && at != std::string_view::npos && at > 0 && inner.find('.', at) != std::string_view::npos;
      if (scheme || email) {
        Item open(ItemKind::kOpen, (email ? "mailto:" : "") + std::string(inner));
        open.code = CodeKind::kLink;
        items_.push_back(open);
        text(std::string(inner));
        Item end(ItemKind::kClose);
        end.code = CodeKind::kLink;
        items_.push_back(end);
        return close + 1;
      }
    }
    // A tag: </name> or <name attributes...>.
    const bool closing = !inner.empty() && inner[0] == '/';
    const std::string_view rest = inner.substr(closing ? 1 : 0);
    size_t name_end = 0;
    while (name_end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[name_end])) || rest[name_end] == '-'))
      ++name_end;
    if (name_end == 0 || !std::isalpha(static_cast<unsigned char>(rest[0])) ||
        (name_end < rest.size() && !is_markdown_space(rest[name_end]) && rest[name_end] != '/')) {
      text("<");
      return i + 1;
    }
    const std::string name = ascii_lower(rest.substr(0, name_end));
    html_tag(name, closing, rest.substr(name_end));
    return close + 1;
  }

  void html_tag(const std::string& name, bool closing, std::string_view attributes) {
    CodeKind kind;
    if (name == "b" || name == "strong") kind = CodeKind::kBold;
    else if (name == "i" || name == "em") kind = CodeKind::kItalic;
    else if (name == "u" || name == "ins") kind = CodeKind::kUnderline;
    else if (name == "a") kind = CodeKind::kLink;
    else if (name == "br") {
      items_.emplace_back(ItemKind::kHardBreak);
      return;
    } else if (name == "img") {
      Item image(ItemKind::kIsolated, "<img" + std::string(attributes));
      if (!image.text.empty() && image.text.back() == '/') image.text.pop_back();
      image.text += "/>";
      image.code = CodeKind::kPlaceholder;
      items_.push_back(image);
      return;
    } else {
      return;  // other inline HTML carries no code here
    }
    Item item(closing ? ItemKind::kClose : ItemKind::kOpen);
    item.code = kind;
    if (kind == CodeKind::kLink && !closing) {
      // The href, as read_html would give it.
      const std::string lower = ascii_lower(attributes);
      const size_t at = lower.find("href=");
      if (at == std::string::npos) item.no_code = true;
      else {
        size_t b = at + 5, e;
        if (b < attributes.size() && (attributes[b] == '"' || attributes[b] == '\'')) {
          e = attributes.find(attributes[b], b + 1);
          ++b;
        } else {
          e = b;
          while (e < attributes.size() && !is_markdown_space(attributes[e])) ++e;
        }
        item.text = std::string(attributes.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
      }
    }
    items_.push_back(item);
  }

  // CommonMark's "process emphasis" over the delimiters above `bottom`: matched runs become
  // kOpen/kClose items beside them (the literal rest of a run stays as its text).
  void process_emphasis(size_t bottom) {
    std::map<char, size_t> openers_bottom;
    size_t current = bottom;
    while (current < delimiters_.size()) {
      Item& closer = *delimiters_[current];
      if (!closer.can_close || closer.count == 0) {
        ++current;
        continue;
      }
      size_t floor = std::max(bottom, openers_bottom.count(closer.delimiter) ? openers_bottom[closer.delimiter] : bottom);
      bool found = false;
      size_t j = current;
      while (j > floor) {
        --j;
        Item& opener = *delimiters_[j];
        if (opener.delimiter != closer.delimiter || !opener.can_open || opener.count == 0) continue;
        if ((opener.can_close || closer.can_open) && (opener.original + closer.original) % 3 == 0 &&
            !(opener.original % 3 == 0 && closer.original % 3 == 0))
          continue;
        if (closer.delimiter == '~' && (opener.count < 2 || closer.count < 2)) continue;
        found = true;
        break;
      }
      if (!found) {
        openers_bottom[closer.delimiter] = current;
        if (!closer.can_open) {
          delimiters_.erase(delimiters_.begin() + static_cast<long>(current));
        } else {
          ++current;
        }
        continue;
      }
      Item& opener = *delimiters_[j];
      const int use = closer.delimiter == '~' ? 2 : (opener.count >= 2 && closer.count >= 2 ? 2 : 1);
      opener.count -= use;
      closer.count -= use;
      opener.text.resize(static_cast<size_t>(opener.count));
      closer.text.resize(static_cast<size_t>(closer.count));
      Item open(ItemKind::kOpen), close(ItemKind::kClose);
      open.code = close.code = use == 2 ? CodeKind::kBold : CodeKind::kItalic;
      // Strikethrough is no formatting a translation memory keeps: its marks just go.
      open.no_code = close.no_code = closer.delimiter == '~';
      items_.insert(std::next(delimiters_[j]), open);
      items_.insert(delimiters_[current], close);
      // Delimiters between the two are literal text now.
      delimiters_.erase(delimiters_.begin() + static_cast<long>(j) + 1, delimiters_.begin() + static_cast<long>(current));
      current = j + 1;
      if (opener.count == 0) {
        delimiters_.erase(delimiters_.begin() + static_cast<long>(j));
        --current;
      }
      if (closer.count == 0) delimiters_.erase(delimiters_.begin() + static_cast<long>(current));
    }
    delimiters_.resize(std::min(delimiters_.size(), bottom));
  }

  std::string_view s_;
  const std::map<std::string, LinkDefinition>& definitions_;
  Items items_;
  std::vector<ItemIt> delimiters_;
  std::vector<ItemIt> brackets_;
};

// Writes the items of one paragraph into `builder`.
void emit(Items& items, DocumentBuilder& builder) {
  struct Open {
    CodeKind code;
    bool no_code;
    size_t handle;
  };
  std::vector<Open> open;
  std::vector<Item*> pending;  // isolated codes before the paragraph's first text
  auto flush = [&] {
    for (Item* p : pending) builder.add_isolated(p->code, p->text);
    pending.clear();
  };
  for (Item& item : items) {
    switch (item.kind) {
      case ItemKind::kText:
      case ItemKind::kDelimiter:
      case ItemKind::kBracket:
        if (!is_blank(item.text)) flush();
        builder.add_text(item.text, true);
        break;
      case ItemKind::kOpen:
        flush();
        open.push_back({item.code, item.no_code, item.no_code ? 0 : builder.open(item.code, item.text)});
        break;
      case ItemKind::kClose:
        // The innermost open code of its kind (raw HTML may close out of order).
        for (size_t k = open.size(); k-- > 0;)
          if (open[k].code == item.code && open[k].no_code == item.no_code) {
            if (!open[k].no_code) builder.close(open[k].handle);
            open.erase(open.begin() + static_cast<long>(k));
            break;
          }
        break;
      case ItemKind::kIsolated:
        if (builder.paragraph_empty()) pending.push_back(&item);
        else builder.add_isolated(item.code, item.text);
        break;
      case ItemKind::kHardBreak:
        builder.line_break();
        break;
    }
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it)
    if (!it->no_code) builder.close(it->handle);
}

// --- blocks -------------------------------------------------------------------------------

struct Block {
  std::string source;
  bool html = false;  // an HTML block, read as HTML
};

// Leading white space as columns (a tab to the next multiple of 4) and where the text starts.
size_t indentation(std::string_view line, size_t& text_start) {
  size_t columns = 0, i = 0;
  for (; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i)
    columns = line[i] == '\t' ? (columns / 4 + 1) * 4 : columns + 1;
  text_start = i;
  return columns;
}

bool is_thematic_break(std::string_view rest) {
  if (rest.empty() || (rest[0] != '-' && rest[0] != '*' && rest[0] != '_')) return false;
  size_t marks = 0;
  for (char c : rest) {
    if (c == rest[0]) ++marks;
    else if (c != ' ' && c != '\t') return false;
  }
  return marks >= 3;
}

// "===" or "---" (trailing white space allowed): under a paragraph, it makes it a heading.
bool is_setext_underline(std::string_view rest) {
  if (rest.empty() || (rest[0] != '=' && rest[0] != '-')) return false;
  const size_t end = rest.find_first_not_of(rest[0]);
  return end == std::string_view::npos || is_blank(rest.substr(end));
}

// A list marker at the start of `rest`: its length (marker and following spaces), or 0.
size_t list_marker(std::string_view rest) {
  size_t marker = 0;
  if (!rest.empty() && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+')) {
    marker = 1;
  } else {
    while (marker < rest.size() && marker < 9 && std::isdigit(static_cast<unsigned char>(rest[marker]))) ++marker;
    if (marker == 0 || marker >= rest.size() || (rest[marker] != '.' && rest[marker] != ')')) return 0;
    ++marker;
  }
  if (marker < rest.size() && rest[marker] != ' ' && rest[marker] != '\t') return 0;
  size_t spaces = 0;
  while (marker + spaces < rest.size() && (rest[marker + spaces] == ' ' || rest[marker + spaces] == '\t')) ++spaces;
  if (marker + spaces == rest.size()) return marker + spaces;  // an empty item
  return marker + (spaces > 4 ? 1 : spaces);
}

// The cells of a pipe-table row: split on '|' outside code spans and escapes.
std::vector<std::string> table_cells(std::string_view row) {
  row = trim(row, kMarkdownSpace);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|' && (row.size() < 2 || row[row.size() - 2] != '\\')) row.remove_suffix(1);
  std::vector<std::string> cells(1);
  bool code = false;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cells.back() += '|';
      ++i;
    } else if (row[i] == '`') {
      code = !code;
      cells.back() += '`';
    } else if (row[i] == '|' && !code) {
      cells.emplace_back();
    } else {
      cells.back() += row[i];
    }
  }
  for (std::string& c : cells) c = std::string(trim(c, kMarkdownSpace));
  return cells;
}

bool is_delimiter_row(std::string_view row) {
  row = trim(row, kMarkdownSpace);
  if (row.find('-') == std::string_view::npos) return false;
  if (row.find('|') == std::string_view::npos && row.find(':') == std::string_view::npos) return false;
  for (const std::string& cell : table_cells(row)) {
    std::string_view c = cell;
    if (!c.empty() && c.front() == ':') c.remove_prefix(1);
    if (!c.empty() && c.back() == ':') c.remove_suffix(1);
    if (c.empty() || c.find_first_not_of('-') != std::string_view::npos) return false;
  }
  return true;
}

// The tag name an HTML block starts with ("" when the line does not start one), and whether it
// is one whose block ends at its closing tag rather than at a blank line.
std::string html_block_tag(std::string_view rest, bool& until_close) {
  until_close = false;
  if (rest.size() < 2 || rest[0] != '<') return "";
  size_t i = 1 + (rest[1] == '/');
  size_t end = i;
  while (end < rest.size() && std::isalnum(static_cast<unsigned char>(rest[end]))) ++end;
  if (end == i || (end < rest.size() && rest[end] != '>' && rest[end] != ' ' && rest[end] != '/' && rest[end] != '\t'))
    return "";
  const std::string name = ascii_lower(rest.substr(i, end - i));
  static const char* const kUntilClose[] = {"script", "pre", "style", "textarea"};
  for (const char* t : kUntilClose)
    if (name == t && i == 1) until_close = true;
  static const char* const kBlocks[] = {
      "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
      "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
      "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "legend", "li", "main",
      "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
      "title", "tr", "ul", "script", "pre", "style", "textarea", "template", "noscript"};
  for (const char* t : kBlocks)
    if (name == t) return name;
  return "";
}

class BlockParser {
 public:
  explicit BlockParser(std::string_view text) {
    size_t at = 0;
    while (at <= text.size()) {
      const size_t end = std::min(text.find('\n', at), text.size());
      lines_.push_back(text.substr(at, end - at));
      if (end == text.size()) break;
      at = end + 1;
    }
  }

  std::vector<Block> blocks;
  std::map<std::string, LinkDefinition> definitions;

 private:
  // YAML front matter (Jekyll, Hugo, pandoc): "---" first, then key: value lines, then "---".
  size_t skip_front_matter() const {
    if (lines_.empty() || trim(lines_[0], kMarkdownSpace) != "---") return 0;
    for (size_t i = 1; i < lines_.size() && i < 200; ++i) {
      const std::string_view l = lines_[i];
      if (i > 1 && (l == "---" || l == "...")) return i + 1;
      if (i == 1 && l.find(':') == std::string_view::npos) return 0;
      if (is_blank(l)) return 0;
    }
    return 0;
  }

  void flush() {
    if (!paragraph_.empty()) blocks.push_back({paragraph_, false});
    paragraph_.clear();
  }

  void add_paragraph_line(std::string_view text) {
    if (!paragraph_.empty()) paragraph_ += '\n';
    paragraph_ += text;
  }

  // Block quote markers removed from the front of `l`; returns how many.
  static int strip_quotes(std::string_view& l) {
    int depth = 0;
    while (true) {
      size_t start = 0;
      const size_t indent = indentation(l, start);
      if (indent > 3 || start >= l.size() || l[start] != '>') return depth;
      l.remove_prefix(start + 1);
      if (!l.empty() && (l[0] == ' ' || l[0] == '\t')) l.remove_prefix(1);
      ++depth;
    }
  }

  void line(size_t index) {
    std::string_view l = lines_[index];
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (in_comment_) {
      in_comment_ = l.find("-->") == std::string_view::npos;
      return;
    }
    if (!html_end_.empty()) {
      html_ += std::string(l) + "\n";
      if (ascii_lower(l).find(html_end_) != std::string::npos) end_html();
      return;
    }
    if (in_html_) {
      if (is_blank(l)) {
        end_html();
        blank_ = true;
        return;
      }
      html_ += std::string(l) + "\n";
      return;
    }
    const int depth = strip_quotes(l);
    if (fence_count_ > 0) {
      size_t start = 0;
      indentation(l, start);
      const std::string_view rest = l.substr(start);
      size_t run = 0;
      while (run < rest.size() && rest[run] == fence_char_) ++run;
      if (run >= fence_count_ && is_blank(rest.substr(run))) fence_count_ = 0;
      return;  // code is left out
    }
    if (is_blank(l)) {
      flush();
      blank_ = true;
      return;
    }
    if (depth != quote_depth_ && !(depth < quote_depth_ && !paragraph_.empty())) flush();
    if (depth != quote_depth_ && paragraph_.empty()) quote_depth_ = depth;
    for (int guard = 0; guard < 64; ++guard) {
      size_t start = 0;
      const size_t indent = indentation(l, start);
      const std::string_view rest = l.substr(start);
      if (blank_ && !list_indents_.empty() && list_marker(rest) == 0)
        while (!list_indents_.empty() && indent < list_indents_.back()) list_indents_.pop_back();
      const size_t base = list_indents_.empty() ? 0 : list_indents_.back();
      blank_ = false;
      if (paragraph_.empty() && indent >= base + 4) return;  // indented code: left out
      if (rest.empty()) return;
      // Fenced code.
      if (rest.substr(0, 3) == "```" || rest.substr(0, 3) == "~~~") {
        size_t run = 0;
        while (run < rest.size() && rest[run] == rest[0]) ++run;
        if (rest[0] == '~' || rest.substr(run).find('`') == std::string_view::npos) {
          flush();
          fence_char_ = rest[0];
          fence_count_ = run;
          return;
        }
      }
      // ATX heading.
      if (rest[0] == '#') {
        size_t level = 0;
        while (level < rest.size() && rest[level] == '#') ++level;
        if (level <= 6 && (level == rest.size() || rest[level] == ' ' || rest[level] == '\t')) {
          flush();
          std::string_view content = trim(rest.substr(level), kMarkdownSpace);
          // A closing sequence of #s (after a space) is markup.
          size_t hashes = content.size();
          while (hashes > 0 && content[hashes - 1] == '#') --hashes;
          if (hashes == 0) content = {};
          else if (hashes < content.size() && (content[hashes - 1] == ' ' || content[hashes - 1] == '\t'))
            content = trim(content.substr(0, hashes), kMarkdownSpace);
          blocks.push_back({std::string(content), false});
          return;
        }
      }
      // Setext underline: the paragraph above is a heading; the line itself is markup.
      if (!paragraph_.empty() && is_setext_underline(rest)) {
        flush();
        return;
      }
      if (is_thematic_break(rest)) {
        flush();
        return;
      }
      // HTML blocks.
      bool until_close = false;
      if (rest.substr(0, 4) == "<!--") {
        flush();
        in_comment_ = rest.find("-->", 4) == std::string_view::npos;
        return;  // a comment is no text
      }
      const std::string tag = html_block_tag(rest, until_close);
      if (!tag.empty()) {
        flush();
        html_ = std::string(rest) + "\n";
        if (until_close && ascii_lower(rest).find("</" + tag + ">") == std::string::npos)
          html_end_ = "</" + tag + ">";
        else if (until_close) end_html();
        else in_html_ = true;
        return;
      }
      // Pipe table: a header row, a delimiter row, then rows until a blank line.
      if (rest.find('|') != std::string_view::npos && index + 1 < lines_.size()) {
        std::string_view next = lines_[index + 1];
        strip_quotes(next);
        if (is_delimiter_row(next)) {
          flush();
          table_ = true;
          for (const std::string& cell : table_cells(rest)) blocks.push_back({cell, false});
          skip_next_ = true;
          return;
        }
      }
      if (table_ && paragraph_.empty() && rest.find('|') != std::string_view::npos) {
        for (const std::string& cell : table_cells(rest)) blocks.push_back({cell, false});
        return;
      }
      table_ = false;
      // A list item: its content is read again as a line of its own (it may be a heading...).
      if (const size_t marker = list_marker(rest)) {
        // An ordered list interrupts a paragraph only from 1; an empty item never does.
        const bool ordered = rest[0] != '-' && rest[0] != '*' && rest[0] != '+';
        if (paragraph_.empty() || ((!ordered || rest.substr(0, 2) == "1." || rest.substr(0, 2) == "1)") &&
                                   !is_blank(rest.substr(marker)))) {
          flush();
          while (!list_indents_.empty() && indent < list_indents_.back()) list_indents_.pop_back();
          const size_t content = indent + marker;
          list_indents_.push_back(content);
          // `rest` may point into padded_ (a nested item): build the new line apart.
          std::string padded(content, ' ');
          padded += rest.substr(marker);
          padded_ = std::move(padded);
          l = padded_;
          if (is_blank(l)) return;
          continue;
        }
      }
      // A link reference definition: [label]: destination.
      if (paragraph_.empty() && rest[0] == '[' && rest.substr(0, 2) != "[^") {
        const size_t close = rest.find("]:");
        if (close != std::string_view::npos && close > 1) {
          std::string_view destination = trim(rest.substr(close + 2), kMarkdownSpace);
          destination = destination.substr(0, destination.find_first_of(" \t"));
          if (!destination.empty() && destination.front() == '<' && destination.back() == '>')
            destination = destination.substr(1, destination.size() - 2);
          definitions.emplace(normalize_label(rest.substr(1, close - 1)), LinkDefinition{std::string(destination)});
          return;
        }
      }
      // A footnote definition: [^label]: text, a paragraph of its own.
      if (rest.substr(0, 2) == "[^") {
        const size_t close = rest.find("]:");
        if (close != std::string_view::npos) {
          flush();
          add_paragraph_line(trim(rest.substr(close + 2), kMarkdownSpace));
          return;
        }
      }
      add_paragraph_line(rest);
      return;
    }
  }

  void end_html() {
    blocks.push_back({html_, true});
    html_.clear();
    html_end_.clear();
    in_html_ = false;
  }

 public:
  // True once for the delimiter row after a table's header (consumed by the caller).
  bool take_skip() {
    const bool skip = skip_next_;
    skip_next_ = false;
    return skip;
  }
  void run() {
    size_t i = skip_front_matter();
    for (; i < lines_.size(); ++i) {
      line(i);
      if (take_skip()) ++i;
    }
    if (!html_.empty() || in_html_ || !html_end_.empty()) end_html();
    flush();
  }

 private:
  std::vector<std::string_view> lines_;
  std::string paragraph_;
  std::string html_;          // the HTML block being read
  std::string html_end_;      // the closing tag that ends it (<script>, <pre>...)
  bool in_html_ = false;      // an HTML block ending at a blank line
  bool in_comment_ = false;   // inside an HTML comment (no text)
  char fence_char_ = 0;
  size_t fence_count_ = 0;    // open code fence's length, 0 outside one
  int quote_depth_ = 0;
  bool blank_ = false;        // the previous line was blank
  bool table_ = false;        // inside a pipe table's rows
  bool skip_next_ = false;
  std::vector<size_t> list_indents_;  // content columns of the open list items
  std::string padded_;  // a list item's content, re-read as a line
};

}  // namespace

Document read_markdown(std::string_view text, const std::string& name) {
  BlockParser parser(text);
  parser.run();
  DocumentBuilder builder(name, InputFormat::kMarkdown);
  for (const Block& block : parser.blocks) {
    builder.end_paragraph();
    if (block.html) {
      add_html_fragment(block.source, builder);
      continue;
    }
    Items items = InlineParser(block.source, parser.definitions).parse();
    emit(items, builder);
    builder.end_paragraph();
  }
  return builder.finish();
}

}  // namespace talign
