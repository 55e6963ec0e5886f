#!/usr/bin/env python3
"""End-to-end tests of subtitle alignment (issue 16, SubRip and WebVTT). tests/data/subtitles/
holds a 40-cue English dialogue and its French subtitles, timed as a release 2.5 s later and
0.1% slower, with cues merged, split and cut differently, one English cue without French and one
French cue without English (make_subtitles.py wrote them; en-fr.beads, the gold, is written by
hand). The pair must align exactly as the gold, with the mapping printed by -v; so must the same
cues shifted by a minute or an hour (no cue overlaps its counterpart then), the same cues as
WebVTT, slowed to another frame rate, and the pair the other way round. A malformed timing line is one error line naming the
file and line, exit 1, nothing written.

Usage: subtitles_cli_test.py PATH_TO_TALIGN
"""
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "subtitles")
EN_SRT, FR_SRT = os.path.join(DATA, "en.srt"), os.path.join(DATA, "fr.srt")
EN_VTT, FR_VTT = os.path.join(DATA, "en.vtt"), os.path.join(DATA, "fr.vtt")
SRT_TIME = re.compile(r"(\d\d):(\d\d):(\d\d),(\d\d\d)")
MAPPING = re.compile(r"aligned by cue times: target = ([0-9.]+) x source ([+-]) ([0-9.]+) s")


def read_gold():
    with open(os.path.join(DATA, "en-fr.beads"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def beads_without_scores(stdout):
    """The beads of `--format beads` output as gold writes them (the ":SCORE" left out)."""
    lines = stdout.decode("utf-8").splitlines()
    return [re.sub(r":[0-9.]+$", "", line) for line in lines if line.strip()]


def swapped(beads):
    """Beads "[a]:[b]" as "[b]:[a]": the gold for the pair given the other way round."""
    return [re.sub(r"^(\[[^]]*\]):(\[[^]]*\])$", r"\2:\1", b) for b in beads]


def shifted_srt(path, seconds, speed=1.0):
    """The text of SubRip file `path` with every time t at speed x t + `seconds`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()

    def later(m):
        h, mi, s, ms = map(int, m.groups())
        t = round((((h * 60 + mi) * 60 + s) * 1000 + ms) * speed + seconds * 1000)
        return f"{t // 3600000:02}:{t // 60000 % 60:02}:{t // 1000 % 60:02},{t % 1000:03}"

    return SRT_TIME.sub(later, text)


class SubtitlesTest(CliTestCase):
    def align(self, src, tgt, *extra, src_lang="en", tgt_lang="fr"):
        r = run("align", src, tgt, "--src-lang", src_lang, "--tgt-lang", tgt_lang, "-v", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def mapping(self, result):
        m = MAPPING.search(result.stderr.decode("utf-8"))
        self.assertIsNotNone(m, result.stderr)
        offset = float(m.group(3)) * (1 if m.group(2) == "+" else -1)
        return float(m.group(1)), offset

    def test_pairs_right_and_mapping_estimated(self):
        r = self.align(EN_SRT, FR_SRT)
        self.assertEqual(beads_without_scores(r.stdout), read_gold())
        speed, offset = self.mapping(r)
        self.assertAlmostEqual(offset, 2.5, delta=0.1)
        self.assertAlmostEqual(speed, 1.001, delta=0.0005)
        # Scores are posteriors: in [0, 1], and this clean pair is sure of its beads.
        scores = [float(line.rsplit(":", 1)[1]) for line in r.stdout.decode().splitlines()]
        self.assertTrue(all(0.5 <= s <= 1 for s in scores), scores)

    def test_other_way_round(self):
        r = self.align(FR_SRT, EN_SRT, src_lang="fr", tgt_lang="en")
        self.assertEqual(beads_without_scores(r.stdout), swapped(read_gold()))
        speed, offset = self.mapping(r)
        self.assertAlmostEqual(speed, 1 / 1.001, delta=0.0005)
        self.assertAlmostEqual(offset, -2.5 / 1.001, delta=0.1)

    def test_shifted_so_that_no_cue_overlaps_its_counterpart(self):
        for seconds in (60, 3600, -2):
            with self.subTest(seconds=seconds):
                fr = self.write(f"fr{seconds}.srt", shifted_srt(FR_SRT, seconds))
                r = self.align(EN_SRT, fr)
                self.assertEqual(beads_without_scores(r.stdout), read_gold())
                self.assertAlmostEqual(self.mapping(r)[1], 2.5 + seconds, delta=0.1)

    def test_other_frame_rate(self):
        # The French cut from a 23.976 fps release of a 25 fps film: 4.3% slower again.
        fr = self.write("fr_ntsc.srt", shifted_srt(FR_SRT, 0, 25 / 23.976))
        r = self.align(EN_SRT, fr)
        self.assertEqual(beads_without_scores(r.stdout), read_gold())
        speed, offset = self.mapping(r)
        self.assertAlmostEqual(speed, 1.001 * 25 / 23.976, delta=0.0005)
        self.assertAlmostEqual(offset, 2.5 * 25 / 23.976, delta=0.1)

    def test_webvtt_gives_the_same_beads(self):
        for src, tgt in ((EN_SRT, FR_VTT), (EN_VTT, FR_SRT), (EN_VTT, FR_VTT)):
            with self.subTest(src=os.path.basename(src), tgt=os.path.basename(tgt)):
                r = self.align(src, tgt)
                self.assertEqual(beads_without_scores(r.stdout), read_gold())

    def test_cue_text_and_inline_codes(self):
        r = self.align(EN_SRT, FR_VTT, "--format", "tsv", "--keep-unmatched")
        rows = [line.split("\t") for line in r.stdout.decode("utf-8").splitlines()]
        texts = {row[0]: row[1] for row in rows if len(row) >= 2}
        # A cue's two lines are one text; styling tags, SSA overrides and voices are gone.
        self.assertEqual(texts["No, that one leaves from platform nine."], "Non, celui-là part du quai neuf.")
        self.assertEqual(texts["The train is leaving. Just in time!"], "Le train part. Juste à temps !")
        self.assertIn("(train whistle)", texts)
        self.assertEqual(texts["Excuse me, is this the train to Lyon?"],
                         "Excusez-moi, c'est bien le train pour Lyon ?")
        tmx = self.align(EN_SRT, FR_VTT, "--format", "tmx").stdout.decode("utf-8")
        self.assertIn('<bpt i="1" type="italic">&lt;i&gt;</bpt>Wait<ept i="1">&lt;/i&gt;</ept>', tmx)
        self.assertIn('<bpt i="1" type="bold">&lt;b&gt;</bpt>vieilles horloges<ept', tmx)
        self.assertNotIn("font", tmx)
        self.assertNotIn("Claire", tmx)

    def test_times_that_do_not_agree_align_by_text(self):
        # The French times bent out of any linear mapping: the cues are aligned by text and -v
        # says so; the alignment still covers every cue.
        with open(FR_SRT, encoding="utf-8") as f:
            text = f.read()

        def bent(m):
            h, mi, s, ms = map(int, m.groups())
            t = round((((h * 60 + mi) * 60 + s) + ms / 1000) ** 1.5 * 300)
            return f"{t // 3600000:02}:{t // 60000 % 60:02}:{t // 1000 % 60:02},{t % 1000:03}"

        fr = self.write("bent.srt", SRT_TIME.sub(bent, text))
        r = self.align(EN_SRT, fr)
        self.assertIn("cue times do not agree", r.stderr.decode("utf-8"))
        self.assertIn("cues aligned by text", r.stderr.decode("utf-8"))
        beads = beads_without_scores(r.stdout)
        ids = [int(i) for b in beads for i in re.findall(r"\d+", b.split(":")[0])]
        self.assertEqual(ids, list(range(40)))

    def test_malformed_timing_line(self):
        out = os.path.join(self.dir, "out.beads")
        bad = self.write("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n"
                                    "2\n00:00:03,000 --> 00:00:04;000\nAgain.\n")
        r = run("align", bad, FR_SRT, "--src-lang", "en", "--tgt-lang", "fr", "-o", out)
        self.assert_one_line_error(r, 1, "bad.srt", "malformed timing line", "line 6")
        self.assertFalse(os.path.exists(out))
        bad_vtt = self.write("bad.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n\n"
                                        "00:03.000 -> 00:04.000\nAgain.\n")
        r = run("align", EN_SRT, bad_vtt, "--src-lang", "en", "--tgt-lang", "fr", "-o", out)
        self.assert_one_line_error(r, 1, "bad.vtt", "malformed timing line", "line 6")
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    talign_testing.main(__doc__)
