// The review report: one self-contained HTML page (CSS, JavaScript and data inline, no network
// access, works from file://) showing an alignment side by side, with a plot of the alignment
// path and the controls to correct it and download the result as TMX or beads.
//
// The page's elements, which tests and scripts may rely on:
//   table#beads > tbody > tr.bead[data-index=K]   one row per bead, in order; classes unmatched,
//       low (score < 0.5), medium (< 0.9), edited; cells td.src / td.tgt (dir="auto", one
//       span.sent[data-id=I] per sentence), td.score, td.type ("2-1"), td.actions with
//       button.merge, .split, .src-down, .src-up, .tgt-down, .tgt-up where they apply
//   button#undo, input#max-score, input#non-one-to-one, input#keep-unmatched,
//   button#download-tmx, button#download-beads, #status
//   (only the rows on screen are in the DOM: scroll to see others); span.sent.text-edited,
//   rows with class dropped / checked, buttons .edit, .drop, .check, and while editing
//   textarea.sent-edit[data-side][data-id] with .save / .cancel
//   input#unchecked, #restored (hidden unless corrections were restored) with button#discard
//   svg#path-plot: polygon.band, circle.anchor, polyline.path, path.bead-points (one per
//   colour: good, medium, low, unmatched, edited), circle.focus
//   section#summary; window.talignReview.dotOnScreen(k): where bead k's dot is on screen
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "align/write/alignment_writer.h"

namespace talign {

// A TMX the page was made from (talign report --tmx): what the page writes back so that the
// downloaded TMX keeps every unit's properties. Strings are XML as read, re-serialised.
struct ReportTmxUnit {
  std::string xml;                // the whole <tu>, written as is while the bead is unedited
  std::string attributes;         // its attributes, ' name="value"' each (tuid, dates, ...)
  std::vector<std::string> meta;  // its <prop> and <note> elements, in order
};
struct ReportTmxSource {
  std::string header;               // the <header> element
  std::vector<ReportTmxUnit> units;  // one per bead of the alignment, in order
};

// The report page for `documents`. `stem` names the files the page downloads (STEM.tmx,
// STEM.beads). Deterministic except for the time taken (AlignmentStats::seconds), which is left
// out when it is negative or SOURCE_DATE_EPOCH is set (reproducible builds).
// `tmx`, when given, has one unit per bead. The page's data carries a content hash (of the
// sentences, languages, names and beads) that keys the corrections the page keeps in the
// browser's localStorage.
std::string render_report(const AlignedDocuments& documents, const std::string& stem,
                          const ReportTmxSource* tmx = nullptr);

// The "html" format: render_report written through OutputFile; the stem is the output file's
// name without directory and extension ("alignment" for stdout).
std::unique_ptr<AlignmentWriter> make_report_writer();

}  // namespace talign
