#include "align/split/inline_codes.h"

#include <algorithm>
#include <string_view>

namespace talign {
namespace {

bool is_white(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Where one sentence lies in the document: [begin, end), and the points where sentence and
// document offsets stop moving in step (folded or dropped white space).
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::pair<size_t, uint32_t>> steps;  // (document offset, sentence offset)

  uint32_t offset_of(size_t position) const {
    auto it = std::upper_bound(steps.begin(), steps.end(), std::make_pair(position, UINT32_MAX));
    if (it == steps.begin()) return 0;
    --it;
    const size_t next_offset = (it + 1 != steps.end()) ? (it + 1)->second : UINT32_MAX;
    return static_cast<uint32_t>(
        std::min<size_t>(it->second + (position - it->first), next_offset));
  }
};

// Walks `sentence` against `text` from `begin`: equal bytes advance both; a folded space in the
// sentence eats a run of white space in the text; white space in the text with none in the
// sentence (a line break folded to nothing between CJK characters) is skipped.
SentenceSpan locate(std::string_view text, size_t begin, std::string_view sentence) {
  SentenceSpan span;
  span.begin = begin;
  size_t d = begin, s = 0;
  span.steps.emplace_back(d, 0);
  while (s < sentence.size() && d < text.size()) {
    if (sentence[s] == text[d]) {
      ++s;
      ++d;
      continue;
    }
    if (is_white(text[d])) {
      if (sentence[s] == ' ') ++s;
      while (d < text.size() && is_white(text[d])) ++d;
      span.steps.emplace_back(d, static_cast<uint32_t>(s));
      continue;
    }
    break;  // the sentence is not this text (never expected): stop placing here
  }
  span.end = d;
  span.steps.emplace_back(d, static_cast<uint32_t>(s));
  return span;
}

struct Event {
  size_t position;
  int rank;       // at one position: closings, then isolated codes, then openings
  uint32_t code;
  bool closing;
};

}  // namespace

SentenceCodes SentenceCodes::place(const Document& doc, const SentenceList& sentences) {
  SentenceCodes out;
  if (doc.codes.empty() || sentences.empty()) return out;
  out.codes_ = doc.codes;
  const size_t n = sentences.size();
  std::vector<SentenceSpan> spans(n);
  for (size_t i = 0; i < n; ++i)
    spans[i] = locate(doc.text, sentences.source_offset(i), sentences.text(i));

  // The sentence holding a position: for an opening, the one whose [begin, end) has it or the
  // next one (in the gap before it); for a closing or isolated code, the one whose (begin, end]
  // has it or the previous one.
  auto sentence_for_open = [&](size_t p) {
    auto it = std::upper_bound(spans.begin(), spans.end(), p,
                               [](size_t q, const SentenceSpan& s) { return q < s.end; });
    return static_cast<size_t>(it - spans.begin());  // n when past the last sentence
  };
  auto sentence_for_close = [&](size_t p) -> size_t {
    auto it = std::lower_bound(spans.begin(), spans.end(), p,
                               [](const SentenceSpan& s, size_t q) { return s.begin < q; });
    return static_cast<size_t>(it - spans.begin()) - 1;  // SIZE_MAX before the first sentence
  };

  std::vector<std::vector<PlacedCode>> per_sentence(n);
  for (uint32_t k = 0; k < out.codes_.size(); ++k) {
    const InlineCode& c = out.codes_[k];
    if (!is_paired(c.kind)) {
      const size_t i = sentence_for_close(c.begin);
      if (i >= n) continue;
      const SentenceSpan& s = spans[i];
      const uint32_t offset = s.offset_of(std::min(c.begin, s.end));
      const bool at_edge = offset == 0 || offset >= sentences.text(i).size();
      if (c.kind == CodeKind::kLineBreak && at_edge) continue;  // the break is the boundary
      per_sentence[i].push_back({offset, k, CodeRole::kIsolated});
      continue;
    }
    const size_t first = sentence_for_open(c.begin);
    const size_t last = sentence_for_close(c.end);
    if (first >= n || last >= n || first > last) continue;  // covers no sentence text
    if (first == last) {
      const SentenceSpan& s = spans[first];
      per_sentence[first].push_back({s.offset_of(std::max(c.begin, s.begin)), k, CodeRole::kOpen});
      per_sentence[first].push_back({s.offset_of(std::min(c.end, s.end)), k, CodeRole::kClose});
      continue;
    }
    // Cut by sentence boundaries: the opening in the first sentence, the closing in the last,
    // unless the pair starts (ends) at that sentence's edge: then it covers the whole sentence
    // on that side and the sentence is formatted whole there, which is no inline code.
    const SentenceSpan& a = spans[first];
    if (c.begin > a.begin) per_sentence[first].push_back({a.offset_of(c.begin), k, CodeRole::kOpenCut});
    const SentenceSpan& b = spans[last];
    if (c.end < b.end) per_sentence[last].push_back({b.offset_of(c.end), k, CodeRole::kCloseCut});
  }

  auto rank = [](CodeRole role) {
    switch (role) {
      case CodeRole::kClose:
      case CodeRole::kCloseCut: return 0;
      case CodeRole::kIsolated: return 1;
      default: return 2;
    }
  };
  out.begin_.reserve(n + 1);
  for (size_t i = 0; i < n; ++i) {
    out.begin_.push_back(static_cast<uint32_t>(out.placed_.size()));
    std::vector<PlacedCode>& list = per_sentence[i];
    // At one offset: closings first (inner before outer), then isolated codes, then openings
    // (outer before inner), so that tags nest.
    std::stable_sort(list.begin(), list.end(), [&](const PlacedCode& x, const PlacedCode& y) {
      if (x.offset != y.offset) return x.offset < y.offset;
      if (rank(x.role) != rank(y.role)) return rank(x.role) < rank(y.role);
      if (rank(x.role) == 0) return x.code > y.code;  // later-opened closes first
      return x.code < y.code;
    });
    out.placed_.insert(out.placed_.end(), list.begin(), list.end());
  }
  out.begin_.push_back(static_cast<uint32_t>(out.placed_.size()));
  if (out.placed_.empty()) out.begin_.clear();
  return out;
}

}  // namespace talign
