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
//   svg#path-plot: polygon.band, circle.anchor, polyline.path, circle.bead-point[data-index]
//   section#summary
#pragma once

#include <memory>
#include <string>

#include "align/write/alignment_writer.h"

namespace talign {

// The report page for `documents`. `stem` names the files the page downloads (STEM.tmx,
// STEM.beads). Deterministic except for the time taken (AlignmentStats::seconds), which is left
// out when it is negative or SOURCE_DATE_EPOCH is set (reproducible builds).
std::string render_report(const AlignedDocuments& documents, const std::string& stem);

// The "html" format: render_report written through OutputFile; the stem is the output file's
// name without directory and extension ("alignment" for stdout).
std::unique_ptr<AlignmentWriter> make_report_writer();

}  // namespace talign
