"""How well do name keys see through Indian spelling and script variation? Soundex, Metaphone, and
childmatch's key, measured on the generator's names.

    .venv/bin/python bench/phonetic_keys.py

For every name in the generator's lists, two writers spell it (each in their own style, sometimes in an
Indic script); a key "agrees" if both spellings get the same key. Different names should get different
keys: we also count how often two different names collide. Native-script names are read into Latin for
Soundex/Metaphone with indic-transliteration (ITRANS), as a practitioner would.
"""

from __future__ import annotations

import random

import jellyfish
from indic_transliteration import sanscript
from indic_transliteration.detect import detect

from childmatch.names import phonetic_key, skeleton
from childmatch.scripts import to_latin
from generate import native, romanise, style_for
from regions import REGIONS


def _latin_for_english_codes(text: str) -> str:
    if any(ord(c) > 0x8FF for c in text):
        text = sanscript.transliterate(text, detect(text), sanscript.ITRANS)
    return "".join(c for c in text.lower() if c.isalpha()) or "x"


KEYS = {
    "Soundex": lambda s: jellyfish.soundex(_latin_for_english_codes(s)),
    "Metaphone": lambda s: jellyfish.metaphone(_latin_for_english_codes(s)),
    "childmatch key": phonetic_key,
    "childmatch skeleton": lambda s: skeleton(phonetic_key(s)),
    "childmatch key, own script table vs indic-transliteration": None,
}


def spellings(rng: random.Random, n: int = 4000) -> list[tuple[str, str, str]]:
    """(name id, spelling 1, spelling 2) — each spelling Latin (70%) or in a region's script (30%)."""
    out = []
    names = [(r, hk) for r in REGIONS for hk in r.girls + r.boys]
    for _ in range(n):
        region, hk = rng.choice(names)
        pair = []
        for _ in range(2):
            if rng.random() < 0.3:
                pair.append(native(hk, rng.choice(REGIONS).script))
            else:
                pair.append(romanise(hk, style_for(rng.choice((region, rng.choice(REGIONS))), rng), rng))
        out.append((hk, pair[0], pair[1]))
    return out


def main() -> None:
    rng = random.Random(3)
    pairs = spellings(rng)
    print("| key | same name, two spellings: keys agree | different names: keys collide |")
    print("|---|---|---|")
    for label, key in KEYS.items():
        if key is None:
            continue
        agree = sum(key(a) == key(b) for _, a, b in pairs) / len(pairs)
        collide = 0
        for _ in range(4000):
            (n1, a, _), (n2, b, _) = rng.sample(pairs, 2)
            if n1 != n2:
                collide += key(a) == key(b)
        print(f"| {label} | {agree:.3f} | {collide / 4000:.3f} |")
    natives = [(hk, native(hk, r.script)) for r in REGIONS for hk in r.girls + r.boys]
    same = sum(
        phonetic_key(to_latin(t)) == phonetic_key(sanscript.transliterate(t, detect(t), sanscript.ITRANS))
        for _, t in natives
    ) / len(natives)
    print(
        f"\nnative-script names whose key is the same through the engine's own table and through "
        f"indic-transliteration (ITRANS): {same:.3f} of {len(natives)}"
    )


if __name__ == "__main__":
    main()
