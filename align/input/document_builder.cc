#include "align/input/document_builder.h"

#include <algorithm>
#include <utility>

#include "align/common/error.h"

namespace talign {
namespace {

bool is_collapsible_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

DocumentBuilder::DocumentBuilder(std::string name, InputFormat format)
    : name_(std::move(name)), format_(format) {}

void DocumentBuilder::append_piece(std::string_view piece) {
  if (piece.empty()) return;
  if (pending_space_ && !paragraph_empty()) text_ += ' ';
  pending_space_ = false;
  text_.append(piece);
}

void DocumentBuilder::add_text(std::string_view text, bool collapse_spaces) {
  size_t i = 0;
  while (i < text.size()) {
    if (collapse_spaces && is_collapsible_space(text[i])) {
      while (i < text.size() && is_collapsible_space(text[i])) ++i;
      // A space before the paragraph's first word, or after a line break, is no text.
      if (!paragraph_empty() && text_.back() != '\n') pending_space_ = true;
      continue;
    }
    size_t end = i;
    if (collapse_spaces) {
      while (end < text.size() && !is_collapsible_space(text[end])) ++end;
      append_piece(text.substr(i, end - i));
    } else {
      while (end < text.size() && text[end] != '\n' && text[end] != '\t' && text[end] != '\r') ++end;
      append_piece(text.substr(i, end - i));
      if (end < text.size()) {
        append_piece(" ");
        ++end;
      }
    }
    i = end;
  }
}

void DocumentBuilder::line_break() {
  if (paragraph_empty()) return;  // a break before any text moves nothing
  pending_space_ = false;
  codes_.push_back({text_.size(), text_.size(), CodeKind::kLineBreak, "<br/>"});
  text_ += '\n';
}

void DocumentBuilder::end_paragraph() {
  pending_space_ = false;
  // Trailing spaces and line breaks are no text; codes past the new end are pulled back.
  size_t end = text_.size();
  while (end > paragraph_start_ && (text_[end - 1] == ' ' || text_[end - 1] == '\n')) --end;
  text_.resize(end);
  for (InlineCode& code : codes_) {
    code.begin = std::min(code.begin, end);
    code.end = std::min(code.end, end);
  }
  // A line break at the very end of a paragraph is no longer a line break.
  while (!codes_.empty() && codes_.back().kind == CodeKind::kLineBreak &&
         codes_.back().begin == end && end > paragraph_start_)
    codes_.pop_back();
  if (end > paragraph_start_) text_ += "\n\n";
  paragraph_start_ = text_.size();
}

size_t DocumentBuilder::open(CodeKind kind, std::string native) {
  // A pending space belongs before the opening tag: "a <b>b</b>", not "a<b> b</b>".
  if (pending_space_ && !paragraph_empty()) {
    text_ += ' ';
    pending_space_ = false;
  }
  codes_.push_back({text_.size(), text_.size(), kind, std::move(native)});
  open_codes_.push_back(codes_.size() - 1);
  return codes_.size() - 1;
}

void DocumentBuilder::close(size_t handle) {
  if (handle >= codes_.size()) return;
  codes_[handle].end = text_.size();
  auto it = std::find(open_codes_.begin(), open_codes_.end(), handle);
  if (it != open_codes_.end()) open_codes_.erase(it);
}

void DocumentBuilder::add_isolated(CodeKind kind, std::string native) {
  if (pending_space_ && !paragraph_empty()) {
    text_ += ' ';
    pending_space_ = false;
  }
  codes_.push_back({text_.size(), text_.size(), kind, std::move(native)});
}

void DocumentBuilder::set_language(std::string lang) {
  if (!languages_.empty() && languages_.back().lang == lang) return;
  // A pending space belongs to the text before: "English <span lang=fr>mot</span>" marks "mot".
  if (pending_space_ && !paragraph_empty()) {
    text_ += ' ';
    pending_space_ = false;
  }
  if (!languages_.empty() && languages_.back().begin == text_.size()) {
    languages_.back().lang = std::move(lang);
    return;
  }
  languages_.push_back({text_.size(), std::move(lang)});
}

void DocumentBuilder::begin_cue(int64_t start_ms, int64_t end_ms) {
  end_cue();
  cues_.push_back({text_.size(), text_.size(), start_ms, end_ms});
  in_cue_ = true;
}

void DocumentBuilder::end_cue() {
  if (!in_cue_) return;
  end_paragraph();
  Cue& cue = cues_.back();
  // The cue's text ends before the paragraph break end_paragraph wrote.
  size_t end = text_.size();
  while (end > cue.begin && text_[end - 1] == '\n') --end;
  cue.end = end;
  if (cue.end <= cue.begin) cues_.pop_back();  // a cue without text is no unit
  in_cue_ = false;
}

Document DocumentBuilder::finish() {
  end_cue();
  end_paragraph();
  // Drop the final paragraph break: a Document ends with its last paragraph's text.
  while (!text_.empty() && text_.back() == '\n') text_.pop_back();
  // Pairs that enclose no text carry no formatting; open pairs close at the end.
  for (size_t handle : open_codes_) codes_[handle].end = std::min(codes_[handle].end, text_.size());
  for (InlineCode& code : codes_) {
    code.begin = std::min(code.begin, text_.size());
    code.end = std::max(code.begin, std::min(code.end, text_.size()));
    if (!is_paired(code.kind)) code.end = code.begin;
  }
  std::erase_if(codes_, [](const InlineCode& c) { return is_paired(c.kind) && c.end == c.begin; });
  std::stable_sort(codes_.begin(), codes_.end(), [](const InlineCode& a, const InlineCode& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });

  Document doc;
  doc.name = name_;
  doc.format = format_;
  // NFC per stretch between code positions, so that offsets move with the text: composing never
  // reaches across a code boundary (a combining mark right after a tag stays decomposed).
  std::vector<size_t> cuts;
  for (const InlineCode& c : codes_) {
    cuts.push_back(c.begin);
    cuts.push_back(c.end);
  }
  for (const Cue& c : cues_) {
    cuts.push_back(c.begin);
    cuts.push_back(c.end);
  }
  for (const LanguageMark& l : languages_) cuts.push_back(l.begin);
  cuts.push_back(text_.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::pair<size_t, size_t>> moved;  // (old offset, new offset) at each cut
  moved.emplace_back(0, 0);
  size_t at = 0;
  for (size_t cut : cuts) {
    std::string piece = text_.substr(at, cut - at);
    normalize_nfc(piece, name_);
    doc.text += piece;
    moved.emplace_back(cut, doc.text.size());
    at = cut;
  }
  auto map = [&](size_t offset) {
    auto it = std::lower_bound(moved.begin(), moved.end(), std::make_pair(offset, size_t{0}));
    return it != moved.end() && it->first == offset ? it->second : offset;
  };
  for (InlineCode& c : codes_) {
    c.begin = map(c.begin);
    c.end = map(c.end);
  }
  for (Cue& c : cues_) {
    c.begin = map(c.begin);
    c.end = map(c.end);
  }
  for (LanguageMark& l : languages_) l.begin = map(l.begin);
  std::erase_if(languages_, [&](const LanguageMark& l) { return l.begin >= doc.text.size() && !doc.text.empty(); });
  doc.codes = std::move(codes_);
  doc.cues = std::move(cues_);
  doc.languages = std::move(languages_);
  return doc;
}

}  // namespace talign
