#!/usr/bin/env python3
"""Writes the test subtitles of this folder (kept in git; run again only to change them):
a dialogue of 40 English cues (en.srt, en.vtt) and its French subtitles (fr.srt, fr.vtt) timed
as a release 2.5 s later and 0.1% slower (target = 1.001 x source + 2.5 s, each French time moved
by up to 80 ms more, as a second subtitler would time it), with cues merged, split and cut
differently, one English cue without French (a sound) and one French cue without English (a sign).
The gold beads are written by hand in en-fr.beads, not by this script."""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

# (English cue, French cues of the same speech). How the French cue list is made from this:
# "=" one French cue; "+" the French cue also holds the next English cue (merged);
# "|" two French cues (split); "2x2" the French cuts the two English cues elsewhere; "-" none.
DIALOGUE = [
    ("Excuse me, is this the train to Lyon?", "=", ["Excusez-moi, c'est bien le train pour Lyon ?"]),
    ("No, that one leaves\nfrom platform nine.", "=", ["Non, celui-là part\ndu quai neuf."]),
    ("Platform nine? But the board says seven.", "=", ["Le quai neuf ? Mais le tableau indique le sept."]),
    ("They changed it this morning.", "=", ["Ils l'ont changé ce matin."]),
    ("Oh no.", "+", ["Oh non. Ma valise\nest si lourde."]),
    ("My suitcase is so heavy.", "", []),
    ("I can help you carry it,\nif you like.", "=", ["Je peux vous aider à la porter,\nsi vous voulez."]),
    ("That is very kind of you.", "=", ["C'est très gentil de votre part."]),
    ("Are you going to Lyon too?", "=", ["Vous allez aussi à Lyon ?"]),
    ("Yes, my sister lives there.", "=", ["Oui, ma sœur habite là-bas."]),
    ("She is getting married on Saturday.", "=", ["Elle se marie samedi."]),
    ("Congratulations!", "=", ["Félicitations !"]),
    ("Thank you. I am the only witness,", "2x2",
     ["Merci.", "Je suis le seul témoin, alors je ne peux\nvraiment pas rater ce train."]),
    ("so I really cannot miss this train.", "", []),
    ("What time is it now?", "+", ["Quelle heure est-il ?\nIl est dix heures moins cinq."]),
    ("It is five to ten.", "", []),
    ("Then we have five minutes.", "=", ["Alors nous avons cinq minutes."]),
    ("{\\an8}(train whistle)", "-", []),
    ("Quick, this way, up the stairs.", "=", ["Vite, par ici, montez l'escalier."]),
    ("<i>Wait</i>, I dropped my ticket!", "=", ["<i>Attendez</i>, j'ai fait tomber mon billet !"]),
    ("Here it is, under the bench.", "=", ["Le voici, sous le banc."]),
    ("I would be lost without you.\nReally, you saved my day.", "|",
     ["Je serais perdue sans vous.", "Vraiment, vous m'avez sauvé la journée."]),
    ("It is nothing. I travel a lot for work.", "=", ["Ce n'est rien. Je voyage beaucoup pour le travail."]),
    ("What do you do?", "=", ["Que faites-vous ?"]),
    ("I repair <b>old clocks</b>.", "=", ["Je répare de <b>vieilles horloges</b>."]),
    ("Clocks? How funny,\non a day like this.", "=", ["Des horloges ? C'est drôle,\nun jour comme celui-ci."]),
    ("Here is platform nine.", "=", ["Voici le quai neuf."]),
    ("The train is still there.", "=", ["Le train est encore là."]),
    ("Which carriage are you in?", "=", ["Dans quelle voiture êtes-vous ?"]),
    ("Carriage twelve, seat forty-one.\nAnd you, where are you sitting?", "|",
     ["Voiture douze, place quarante et un.", "Et vous, où êtes-vous assis ?"]),
    ("Carriage twelve as well.", "=", ["Voiture douze aussi."]),
    ("What a coincidence.", "=", ["Quelle coïncidence."]),
    ("Let me put your suitcase\non the rack.", "=", ["Laissez-moi mettre votre valise\ndans le porte-bagages."]),
    ("Thank you so much.", "=", ["Merci beaucoup."]),
    ("The train is leaving.", "+", ["Le train part. Juste à temps !"]),
    ("<font color=\"#ffff00\">Just in time!</font>", "", []),
    ("Would you like a coffee?", "=", ["Voulez-vous un café ?"]),
    ("The dining car is next to ours.", "=", ["La voiture-bar est à côté de la nôtre."]),
    ("With pleasure.\nI will tell you about my sister.", "=", ["Avec plaisir.\nJe vous parlerai de ma sœur."]),
    ("And I will tell you about my clocks.", "=", ["Et moi, je vous parlerai de mes horloges."]),
]
SIGN_AFTER = 26  # the French subtitles show the sign "QUAI 9" in the gap after English cue 26
SPEED, OFFSET_MS, JITTER_MS = 1.001, 2500, 80


def english_times(rng):
    times, t = [], 1000
    for k, (text, _, _) in enumerate(DIALOGUE):
        length = len(text.replace("\n", " "))
        duration = min(5000, max(1200, 900 + 60 * length))
        times.append((t, t + duration))
        t += duration + rng.randint(250, 1200) + (2200 if k == SIGN_AFTER else 0)
    return times


def french_cues(en, rng):
    def f(t):
        return round(SPEED * t + OFFSET_MS)

    def jit():
        return rng.randint(-JITTER_MS, JITTER_MS)

    cues = []
    for k, (text, how, fr) in enumerate(DIALOGUE):
        s, e = en[k]
        if how == "=":
            cues.append((f(s) + jit(), f(e) + jit(), fr[0]))
        elif how == "+":
            cues.append((f(s) + jit(), f(en[k + 1][1]) + jit(), fr[0]))
        elif how == "|":
            cut = s + (e - s) * len(fr[0]) // (len(fr[0]) + len(fr[1]))
            cues.append((f(s) + jit(), f(cut) - 60, fr[0]))
            cues.append((f(cut) + 60, f(e) + jit(), fr[1]))
        elif how == "2x2":
            cut = s + (e - s) * 35 // 100
            cues.append((f(s) + jit(), f(cut), fr[0]))
            cues.append((f(cut) + 100, f(en[k + 1][1]) + jit(), fr[1]))
        if k == SIGN_AFTER:
            cues.append((f(e) + 900, f(e) + 2100, "QUAI 9"))
    return cues


def srt_time(ms):
    return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"


def vtt_time(ms, hours):
    t = f"{ms // 60000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"
    return f"{ms // 3600000:02}:{t}" if hours else t


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def srt(cues, crlf):
    blocks = [f"{k + 1}\n{srt_time(s)} --> {srt_time(e)}\n{text}\n" for k, (s, e, text) in enumerate(cues)]
    text = "\n".join(blocks)
    return text.replace("\n", "\r\n") if crlf else text


def vtt(cues, hours, voice):
    # WebVTT has no SSA overrides or <font>: those become plain text or a class span there.
    out = ["WEBVTT - test subtitles\nKind: captions\n",
           "NOTE written for talign's tests;\nthe cues are those of the .srt file\n",
           "STYLE\n::cue(.yellow) { color: yellow; }\n",
           "REGION\nid:bottom\nwidth:80%\n"]
    for k, (s, e, text) in enumerate(cues):
        text = text.replace("{\\an8}", "").replace('<font color="#ffff00">', "<c.yellow>")
        text = text.replace("</font>", "</c>")
        if voice and k % 2 == 0:
            text = "<v Claire>" + text
        out.append(f"cue-{k + 1}\n{vtt_time(s, hours)} --> {vtt_time(e, hours)} line:90% align:center\n{text}\n")
    return "\n".join(out)


def main():
    rng = random.Random(25)
    en = english_times(rng)
    en_cues = [(s, e, text) for (s, e), (text, _, _) in zip(en, DIALOGUE)]
    fr_cues = french_cues(en, rng)
    write("en.srt", srt(en_cues, crlf=False))
    write("fr.srt", srt(fr_cues, crlf=True))
    write("en.vtt", vtt(en_cues, hours=True, voice=False))
    write("fr.vtt", vtt(fr_cues, hours=False, voice=True))


if __name__ == "__main__":
    main()
