#include "align/write/report_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "align/common/error.h"
#include "align/common/version.h"
#include "align/write/escape.h"

namespace talign {

extern const char kReportTemplate[];  // align/write/report_template.html, embedded at build time

namespace {

constexpr std::string_view kDataPlaceholder = "@TALIGN_DATA@";
// Above this many DP rows the band is summarised (min/max per bucket): the plot is a few hundred
// pixels wide, and a long document's band would otherwise double the page.
constexpr size_t kMaxBandRows = 2000;

void append_key(const char* key, std::string& out) {
  out += out.back() == '{' ? "\"" : ",\"";
  out += key;
  out += "\":";
}

void append_string_field(const char* key, std::string_view value, std::string& out) {
  append_key(key, out);
  append_json_string(value, out, true);
}

void append_number_field(const char* key, double value, std::string& out) {
  append_key(key, out);
  if (!std::isfinite(value)) {  // JSON has no NaN or infinity
    out += "null";
    return;
  }
  std::ostringstream number;
  number << std::setprecision(6) << value;
  out += number.str();
}

void append_sentences(const char* key, const SentenceList& sentences, std::string& out) {
  append_key(key, out);
  out.push_back('[');
  std::string text;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (i) out.push_back(',');
    text.assign(sentences.text(i));
    replace_controls(text);  // as every writer does (counted by the alignment's own output)
    append_json_string(text, out, true);
  }
  out.push_back(']');
}

// Indices of the sentences that start a paragraph (after the first).
void append_paragraph_starts(const char* key, const SentenceList& sentences, std::string& out) {
  append_key(key, out);
  out.push_back('[');
  bool first = true;
  for (size_t i = 1; i < sentences.size(); ++i)
    if (sentences.paragraph(i) != sentences.paragraph(i - 1)) {
      if (!first) out.push_back(',');
      out += std::to_string(i);
      first = false;
    }
  out.push_back(']');
}

// The ids of the paragraph markers (presplit `<p>` lines); written only for a side that has
// some, so that a page without markers stays as it was.
void append_markers(const char* key, const SentenceList& sentences, std::string& out) {
  if (sentences.marker_count() == 0) return;
  append_key(key, out);
  out.push_back('[');
  bool first = true;
  for (size_t i = 0; i < sentences.size(); ++i)
    if (sentences.is_marker(i)) {
      if (!first) out.push_back(',');
      out += std::to_string(i);
      first = false;
    }
  out.push_back(']');
}

// One character per sentence: '1' if joining it to the previous sentence puts a space between
// them, as the writers do; so the page joins sentences exactly as talign's TMX does.
void append_glue(const char* key, const SentenceList& sentences, const std::string& lang,
                 std::string& out) {
  std::string glue(sentences.size(), '0');
  for (size_t i = 1; i < sentences.size(); ++i)
    if (joined_with_space(sentences.text(i - 1), sentences.text(i), lang)) glue[i] = '1';
  append_string_field(key, glue, out);
}

// Beads as [src_begin, src_count, tgt_begin, tgt_count, "score" | null]. The begin of an empty
// side is the position the bead sits at, so that the page can move sentences between beads.
void append_beads(const std::vector<Bead>& beads, std::string& out) {
  append_key("beads", out);
  out.push_back('[');
  uint32_t src_at = 0, tgt_at = 0;
  for (size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    const uint32_t src_begin = b.src_count ? b.src_begin : src_at;
    const uint32_t tgt_begin = b.tgt_count ? b.tgt_begin : tgt_at;
    if (k) out.push_back(',');
    out += "[" + std::to_string(src_begin) + "," + std::to_string(b.src_count) + "," +
           std::to_string(tgt_begin) + "," + std::to_string(b.tgt_count) + ",";
    out += b.score >= 0 ? "\"" + format_score(b.score) + "\"" : std::string("null");
    out.push_back(']');
    src_at = src_begin + b.src_count;
    tgt_at = tgt_begin + b.tgt_count;
  }
  out.push_back(']');
}

// The band as [row, first column, last column], summarised to at most kMaxBandRows entries.
void append_band(const AlignmentStats& stats, std::string& out) {
  append_key("band", out);
  out.push_back('[');
  const size_t rows = std::min(stats.band_lo.size(), stats.band_hi.size());
  const size_t step = (rows + kMaxBandRows - 1) / kMaxBandRows;
  for (size_t first = 0; first < rows; first += step) {
    const size_t last = std::min(rows, first + step);
    uint32_t lo = stats.band_lo[first], hi = stats.band_hi[first];
    for (size_t i = first; i < last; ++i) {
      lo = std::min(lo, stats.band_lo[i]);
      hi = std::max(hi, stats.band_hi[i]);
    }
    if (first) out.push_back(',');
    out += "[" + std::to_string(first) + "," + std::to_string(lo) + "," + std::to_string(hi) + "]";
    // The last row closes the polygon where the band really ends.
    if (last == rows && last - 1 != first)
      out += ",[" + std::to_string(rows - 1) + "," + std::to_string(stats.band_lo[rows - 1]) +
             "," + std::to_string(stats.band_hi[rows - 1]) + "]";
  }
  out.push_back(']');
}

void append_stats(const AlignmentStats& stats, std::string& out) {
  append_key("stats", out);
  out.push_back('{');
  append_number_field("length_ratio", stats.length_ratio, out);
  append_number_field("length_variance", stats.length_variance, out);
  append_number_field("anchors", double(stats.anchors), out);
  append_number_field("band_width", double(stats.band_width), out);
  append_number_field("band_retries", double(stats.band_retries), out);
  append_number_field("lexicon_entries", double(stats.lexicon_entries), out);
  append_key("paragraph_first", out);
  out += stats.paragraph_first ? "true" : "false";
  append_key("looks_unrelated", out);
  out += stats.looks_unrelated() ? "true" : "false";
  append_number_field("confident_share", stats.confident_share, out);
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  append_key("seconds", out);
  if (stats.seconds < 0 || (epoch != nullptr && *epoch != '\0')) {
    out += "null";
  } else {
    std::ostringstream number;
    number << std::fixed << std::setprecision(3) << stats.seconds;
    out += number.str();
  }
  out.push_back('}');
}

// FNV-1a, 64 bits, as 16 hex digits: a key for the page's saved corrections, not a checksum
// anyone relies on for security.
std::string content_hash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kHex[h & 15];
  return out;
}

void append_tmx_source(const ReportTmxSource& tmx, std::string& out) {
  append_string_field("tmx_header", tmx.header, out);
  append_key("units", out);
  out.push_back('[');
  for (size_t k = 0; k < tmx.units.size(); ++k) {
    const ReportTmxUnit& unit = tmx.units[k];
    if (k) out.push_back(',');
    out.push_back('{');
    append_string_field("xml", unit.xml, out);
    append_string_field("attributes", unit.attributes, out);
    append_key("meta", out);
    out.push_back('[');
    for (size_t i = 0; i < unit.meta.size(); ++i) {
      if (i) out.push_back(',');
      append_json_string(unit.meta[i], out, true);
    }
    out += "]}";
  }
  out.push_back(']');
}

class ReportWriter : public AlignmentWriter {
 public:
  bool lists_every_bead() const override { return true; }

  WriteStats write(const AlignedDocuments& documents, const std::string& path) const override {
    std::string stem = "alignment";
    if (path != "-") {
      const size_t slash = path.find_last_of('/');
      stem = path.substr(slash == std::string::npos ? 0 : slash + 1);
      const size_t dot = stem.find_last_of('.');
      if (dot != std::string::npos && dot > 0) stem.erase(dot);
      if (stem.empty()) stem = "alignment";
    }
    OutputFile out(path);
    out.write(render_report(documents, stem));
    out.commit();
    WriteStats stats;
    stats.units = documents.alignment.beads.size();
    return stats;
  }
};

}  // namespace

std::string render_report(const AlignedDocuments& d, const std::string& stem,
                          const ReportTmxSource* tmx) {
  const Alignment& alignment = d.alignment;
  std::string data = "{";
  append_string_field("version", version(), data);
  append_string_field("src_lang", d.src_lang, data);
  append_string_field("tgt_lang", d.tgt_lang, data);
  append_string_field("src_name", d.src_name, data);
  append_string_field("tgt_name", d.tgt_name, data);
  append_string_field("creation_date", d.creation_date, data);
  append_string_field("stem", stem, data);
  append_key("keep_unmatched", data);
  data += d.keep_unmatched ? "true" : "false";
  append_sentences("src", d.src, data);
  append_sentences("tgt", d.tgt, data);
  append_paragraph_starts("src_paragraphs", d.src, data);
  append_paragraph_starts("tgt_paragraphs", d.tgt, data);
  append_glue("src_glue", d.src, d.src_lang, data);
  append_glue("tgt_glue", d.tgt, d.tgt_lang, data);
  append_markers("src_markers", d.src, data);
  append_markers("tgt_markers", d.tgt, data);
  append_beads(alignment.beads, data);
  append_key("anchors", data);
  data.push_back('[');
  for (size_t k = 0; k < alignment.stats.anchor_points.size(); ++k) {
    const auto [i, j] = alignment.stats.anchor_points[k];
    if (k) data.push_back(',');
    data += "[" + std::to_string(i) + "," + std::to_string(j) + "]";
  }
  data.push_back(']');
  if (tmx != nullptr) {
    if (tmx->units.size() != alignment.beads.size())
      throw std::logic_error("render_report: TMX units do not match the beads");
    append_tmx_source(*tmx, data);
  }
  // Everything above is the page's content; the band and the statistics (time taken) may
  // differ between two runs that give the same alignment, whose corrections are the same work.
  append_string_field("hash", content_hash(data), data);
  append_band(alignment.stats, data);
  append_stats(alignment.stats, data);
  data.push_back('}');

  const std::string_view page = kReportTemplate;
  const size_t at = page.find(kDataPlaceholder);
  if (at == std::string_view::npos)
    throw std::logic_error("report template without a data placeholder");
  std::string html;
  html.reserve(page.size() + data.size());
  html.append(page.substr(0, at));
  html.append(data);
  html.append(page.substr(at + kDataPlaceholder.size()));
  return html;
}

std::unique_ptr<AlignmentWriter> make_report_writer() { return std::make_unique<ReportWriter>(); }

}  // namespace talign
