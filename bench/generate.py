"""Synthetic missing reports and found children, with ground truth, for benchmarking childmatch.

Each child is an entity with a home (region, state, district, village), parents, a name and perhaps a pet
name, a birth date, height, complexion and marks. A missing report is what a police station writes down
about the child; a found record what a CCI writes down later and elsewhere: an estimated age, the name as
the child gave it (often only a given name or pet name, sometimes none) spelled by a stranger or in the
CCI's own script, what the child recalls of home, partial parents' names, marks in other words.

    python bench/generate.py --missing 20000 --found 15000 --seed 7 --out bench/out/data

writes missing.csv, found.csv, truth_links.csv (missing_id,found_id) and truth_dupes.csv (id_a,id_b).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
from dataclasses import dataclass, field
from functools import lru_cache

from indic_transliteration import sanscript

from regions import (
    COMPLEXIONS,
    MARK_KINDS,
    MARK_PARTS,
    NON_NAMES,
    PET_BOYS,
    PET_GIRLS,
    REGIONS,
    TAIL_BOY,
    TAIL_GIRL,
    TAIL_PREFIX,
    TAIL_SURNAME,
    TAIL_SURNAME_END,
    Region,
)

COLUMNS = (
    "record_id,side,name,alias,gender,age_years,date_of_birth,event_date,state,district,place,"
    "father_name,mother_name,guardian_name,address,languages,height_cm,complexion,"
    "identification_marks,photo"
).split(",")

STATE_REGION: dict[str, Region] = {}
STATE_DISTRICTS: dict[str, list[str]] = {}
for _r in REGIONS:
    for _s, _ds in _r.states.items():
        STATE_REGION.setdefault(_s, _r)
        STATE_DISTRICTS.setdefault(_s, []).extend(d for d in _ds if d not in STATE_DISTRICTS.get(_s, []))
STATES = sorted(STATE_DISTRICTS)
# Where children from a state are found when far from home (destination, weight).
DESTINATIONS = {
    "Delhi": 5,
    "Maharashtra": 5,
    "Gujarat": 3,
    "Karnataka": 3,
    "Tamil Nadu": 2,
    "Kerala": 1,
    "Punjab": 2,
    "Haryana": 2,
    "Telangana": 2,
    "West Bengal": 1,
    "Uttar Pradesh": 1,
}
NEIGHBOURS = {
    "Uttar Pradesh": ["Bihar", "Madhya Pradesh", "Delhi", "Haryana", "Rajasthan", "Jharkhand"],
    "Bihar": ["Uttar Pradesh", "Jharkhand", "West Bengal"],
    "Jharkhand": ["Bihar", "West Bengal", "Odisha"],
    "West Bengal": ["Bihar", "Jharkhand", "Odisha", "Assam"],
    "Odisha": ["West Bengal", "Jharkhand", "Andhra Pradesh"],
    "Assam": ["West Bengal", "Tripura"],
    "Tripura": ["Assam"],
    "Madhya Pradesh": ["Uttar Pradesh", "Rajasthan", "Maharashtra", "Chhattisgarh", "Gujarat"],
    "Rajasthan": ["Gujarat", "Madhya Pradesh", "Haryana", "Punjab", "Delhi"],
    "Maharashtra": ["Gujarat", "Madhya Pradesh", "Karnataka", "Telangana"],
    "Gujarat": ["Rajasthan", "Maharashtra", "Madhya Pradesh"],
    "Punjab": ["Haryana", "Rajasthan"],
    "Haryana": ["Punjab", "Delhi", "Rajasthan", "Uttar Pradesh"],
    "Delhi": ["Haryana", "Uttar Pradesh"],
    "Chhattisgarh": ["Madhya Pradesh", "Odisha", "Jharkhand", "Telangana"],
    "Karnataka": ["Maharashtra", "Tamil Nadu", "Kerala", "Telangana", "Andhra Pradesh"],
    "Tamil Nadu": ["Karnataka", "Kerala", "Andhra Pradesh"],
    "Kerala": ["Tamil Nadu", "Karnataka"],
    "Andhra Pradesh": ["Telangana", "Tamil Nadu", "Karnataka", "Odisha"],
    "Telangana": ["Andhra Pradesh", "Maharashtra", "Karnataka", "Chhattisgarh"],
}
_VILLAGE_A = (
    "rAma",
    "zIta",
    "kRSNa",
    "lakSma",
    "deva",
    "hari",
    "sundara",
    "baDa",
    "choTA",
    "nava",
    "kAlI",
    "zyAma",
    "candra",
    "gopAla",
    "bhavAnI",
    "mAdhava",
    "karNa",
    "bela",
    "AmA",
    "mahe",
)
_VILLAGE_B = ("pura", "ganja", "nagara", "gAMva", "palli", "hATI", "DIha", "khera", "bAgha", "tolA", "garha")


@lru_cache(maxsize=50_000)
def native(hk: str, script: str) -> str:
    """``hk`` in a native script (indic-transliteration, not the engine's table)."""
    return sanscript.transliterate(hk, sanscript.HK, script)


@dataclass
class Style:
    """How one writer romanises: chosen once per record so a name is spelled consistently."""

    long_a: bool
    long_i: str
    long_u: str
    sh: str
    aspirate: bool
    final_a: bool
    bengali_o: bool
    v: str
    ksh: str


def style_for(region: Region, rng: random.Random) -> Style:
    return Style(
        long_a=rng.random() < 0.3,
        long_i=rng.choice(("ee", "i", "i")),
        long_u=rng.choice(("oo", "u", "u")),
        sh=rng.choice(("sh", "sh", "s")),
        aspirate=rng.random() < 0.85,
        final_a=region.south or rng.random() < 0.15,
        bengali_o=region.bengali_vowels and rng.random() < 0.6,
        v="b" if region.bengali_vowels and rng.random() < 0.6 else rng.choice(("v", "v", "w")),
        ksh=rng.choice(("ksh", "x", "ksh")),
    )


def romanise(hk: str, st: Style, rng: random.Random) -> str:
    """One Latin spelling of an HK name in a writer's style, sometimes with a typo."""
    out: list[str] = []
    i = 0
    while i < len(hk):
        ch = hk[i]
        nxt = hk[i + 1] if i + 1 < len(hk) else ""
        if ch == "k" and nxt == "S":
            out.append(st.ksh)
            i += 2
            if hk[i : i + 1] == "h":
                i += 1
            continue
        if ch in "kgcjtdpbTD" and nxt == "h":
            base = {"T": "t", "D": "d"}.get(ch, ch)
            out.append(base + "h" if st.aspirate or base == "c" else base)
            i += 2
            continue
        if ch == "a" and i == len(hk) - 1 and i > 1:
            if st.final_a:
                out.append("a")
        elif ch == "a":
            out.append("o" if st.bengali_o and rng.random() < 0.5 else "a")
        else:
            out.append(
                {
                    "A": "aa" if st.long_a else "a",
                    "I": st.long_i if i < len(hk) - 1 else "i",
                    "U": st.long_u,
                    "z": st.sh,
                    "S": st.sh,
                    "c": "ch",
                    "T": "t",
                    "D": "d",
                    "N": "n",
                    "G": "n",
                    "J": "n",
                    "M": "n",
                    "R": "ri",
                    "L": "l",
                    "v": st.v,
                }.get(ch, ch)
            )
        i += 1
    s = "".join(out)
    if rng.random() < 0.05 and len(s) > 3:  # doubled consonant
        j = rng.randrange(1, len(s) - 1)
        if s[j] not in "aeiou":
            s = s[:j] + s[j] + s[j:]
    if rng.random() < 0.06 and len(s) > 4:  # typo: substitution, deletion or transposition
        j = rng.randrange(1, len(s) - 1)
        op = rng.randrange(3)
        s = (
            s[:j] + rng.choice("aeioulnrstm") + s[j + 1 :]
            if op == 0
            else s[:j] + s[j + 1 :]
            if op == 1
            else s[:j] + s[j + 1] + s[j] + s[j + 2 :]
        )
    return s.capitalize()


@dataclass
class Child:
    eid: int
    region: Region
    state: str
    district: str
    village: str
    gender: str
    given: str
    surname: str
    pet: str
    birth: dt.date
    father: tuple[str, str]
    mother: str
    languages: list[str]
    height_z: float
    complexion: int
    marks: list[tuple[int, int, str]] = field(default_factory=list)


def zipf(items: tuple[str, ...], rng: random.Random) -> str:
    weights = _zipf_weights(len(items))
    return rng.choices(items, weights)[0]


@lru_cache(maxsize=64)
def _zipf_weights(n: int) -> tuple[float, ...]:
    return tuple(1.0 / (k + 1) ** 0.9 for k in range(n))


def given_name(region: Region, girl: bool, rng: random.Random) -> str:
    """A popular name of the region (60%) or one from the long tail of compound names."""
    if rng.random() < 0.6:
        return zipf(region.girls if girl else region.boys, rng)
    return rng.choice(TAIL_PREFIX) + rng.choice(TAIL_GIRL if girl else TAIL_BOY)


def surname_of(region: Region, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return zipf(region.surnames, rng)
    return rng.choice(TAIL_PREFIX) + rng.choice(TAIL_SURNAME) + rng.choice(TAIL_SURNAME_END)


def make_child(eid: int, rng: random.Random, start: dt.date) -> Child:
    region = rng.choices(REGIONS, [30, 5, 8, 10, 4, 3, 4, 5, 3, 4, 3, 2][: len(REGIONS)])[0]
    state = rng.choice(list(region.states))
    district = rng.choice(region.states[state])
    girl = rng.random() < 0.7
    age = rng.choices([rng.uniform(1, 6), rng.uniform(6, 12), rng.uniform(12, 17.8)], [12, 25, 63])[0]
    birth = start - dt.timedelta(days=int(age * 365.25))
    father = (given_name(region, False, rng), surname_of(region, rng))
    pets = PET_GIRLS if girl else PET_BOYS
    langs = [region.languages[0]] + (
        ["Hindi"] if region.name not in ("hindi", "urdu") and rng.random() < 0.3 else []
    )
    marks = [
        (rng.randrange(len(MARK_KINDS)), rng.randrange(len(MARK_PARTS)), rng.choice("LR"))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))
    ]
    surname = "kumArI" if girl and father[1] == "kumAra" else father[1]
    village = rng.choice(TAIL_PREFIX) + zipf(_VILLAGE_A, rng) + zipf(_VILLAGE_B, rng)
    return Child(
        eid,
        region,
        state,
        district,
        village,
        "F" if girl else "M",
        given_name(region, girl, rng),
        surname,
        zipf(pets, rng) if rng.random() < 0.45 else "",
        birth,
        father,
        given_name(region, True, rng),
        langs,
        rng.gauss(0, 1),
        rng.randrange(len(COMPLEXIONS)),
        marks,
    )


def true_height(c: Child, on: dt.date) -> float:
    age = (on - c.birth).days / 365.25
    h = 50 + 25 * min(age, 1) + 12 * min(max(age - 1, 0), 1) + 7.5 * min(max(age - 2, 0), 3)
    h += 5.8 * min(max(age - 5, 0), 7) + (5.5 if c.gender == "M" else 3.5) * min(max(age - 12, 0), 4)
    return h + c.height_z * (2 + 0.45 * age)


def write_name(
    c: Child, rng: random.Random, *, script_region: Region, native_p: float, surname_p: float, filler_p: float
) -> str:
    if rng.random() < native_p:
        parts = [native(c.given, script_region.script)]
        if rng.random() < surname_p:
            parts.append(native(c.surname, script_region.script))
        return " ".join(parts)
    st = style_for(c.region if rng.random() < 0.7 else script_region, rng)
    parts = [romanise(c.given, st, rng)]
    if rng.random() < surname_p:
        parts.append(romanise(c.surname, st, rng))
    if c.region.south and rng.random() < 0.5:
        parts.insert(0, romanise(c.father[0], st, rng)[0] + ".")
    elif c.region.name == "urdu" and c.gender == "M" and rng.random() < 0.5:
        parts.insert(0, rng.choice(("Md.", "Mohd", "Mohammad")))
    elif c.region.name == "hindi" and rng.random() < filler_p and "kum" not in c.surname:
        parts.append(
            "Kumari" if c.gender == "F" and rng.random() < 0.6 else "Devi" if c.gender == "F" else "Kumar"
        )
    if len(parts) > 1 and rng.random() < 0.1:
        parts.reverse()
    return " ".join(parts)


def describe_marks(c: Child, rng: random.Random, variant: int, keep: float) -> str:
    out = []
    for k, p, side in c.marks:
        if rng.random() > keep:
            continue
        kind = MARK_KINDS[k][variant if rng.random() < 0.8 else rng.randrange(3)]
        part = MARK_PARTS[p][variant if rng.random() < 0.7 else rng.randrange(3)]
        if rng.random() < 0.1:
            side = "R" if side == "L" else "L"
        side_word = "" if rng.random() < 0.3 else ("left " if side == "L" else "right ")
        part = part.replace("left ", "")
        out.append(f"{kind} on {side_word}{part}" if variant == 0 else f"{kind} {side_word}{part}")
    return "; ".join(out)


def missing_report(c: Child, rid: str, when: dt.date, rng: random.Random) -> dict[str, str]:
    age = (when - c.birth).days / 365.25
    st = style_for(c.region, rng)
    father = romanise(c.father[0], st, rng) + (
        "" if rng.random() < 0.3 else " " + romanise(c.father[1], st, rng)
    )
    mother = romanise(c.mother, st, rng)
    h = true_height(c, when)
    district = c.district if rng.random() < 0.9 else c.district.upper()
    return {
        "record_id": rid,
        "side": "missing",
        "name": write_name(c, rng, script_region=c.region, native_p=0.15, surname_p=0.7, filler_p=0.3),
        "alias": romanise(c.pet, st, rng) if c.pet and rng.random() < 0.5 else "",
        "gender": c.gender,
        "age_years": str(max(0, int(age) + (rng.choice((-1, 1)) if rng.random() < 0.08 else 0))),
        "date_of_birth": c.birth.isoformat() if rng.random() < 0.2 else "",
        "event_date": when.isoformat(),
        "state": c.state,
        "district": district,
        "place": romanise(c.village, st, rng),
        "father_name": father if rng.random() < 0.9 else "",
        "mother_name": mother if rng.random() < 0.65 else "",
        "guardian_name": "",
        "address": f"Vill. {romanise(c.village, st, rng)}, Dist. {district}" if rng.random() < 0.8 else "",
        "languages": ";".join(c.languages) if rng.random() < 0.6 else "",
        "height_cm": str(int(round(h + rng.gauss(0, 5), -1 if rng.random() < 0.5 else 0)))
        if rng.random() < 0.55
        else "",
        "complexion": COMPLEXIONS[
            min(4, max(0, c.complexion + (rng.choice((-1, 1)) if rng.random() < 0.3 else 0)))
        ]
        if rng.random() < 0.7
        else "",
        "identification_marks": describe_marks(c, rng, 0, 0.7),
        "photo": "",
    }


def found_place(c: Child, rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.3:
        return c.state, c.district
    if roll < 0.5:
        return c.state, rng.choice(STATE_DISTRICTS[c.state])
    if roll < 0.65 and NEIGHBOURS.get(c.state):
        s = rng.choice(NEIGHBOURS[c.state])
    elif roll < 0.9:
        s = rng.choices(list(DESTINATIONS), list(DESTINATIONS.values()))[0]
    else:
        s = rng.choice(STATES)
    return s, rng.choice(STATE_DISTRICTS[s])


def found_record(
    c: Child, rid: str, when: dt.date, place: tuple[str, str], rng: random.Random
) -> dict[str, str]:
    age = (when - c.birth).days / 365.25
    here = STATE_REGION[place[0]]
    roll = rng.random()
    alias = ""
    if roll < 0.12 or age < 3 and roll < 0.5:
        name = rng.choice(NON_NAMES)
    elif roll < 0.24:
        name = romanise(c.pet or c.given, style_for(here, rng), rng)
    else:
        name = write_name(c, rng, script_region=here, native_p=0.35, surname_p=0.3, filler_p=0.15)
        if c.pet and rng.random() < 0.2:
            alias = romanise(c.pet, style_for(here, rng), rng)
    st = style_for(here, rng)
    father = ""
    if rng.random() < 0.45:
        father = romanise(c.father[0], st, rng) + (
            "" if rng.random() < 0.6 else " " + romanise(c.father[1], st, rng)
        )
    recall = ""
    if age >= 5 and rng.random() < 0.35:
        recall = rng.choice(
            (
                c.district,
                romanise(c.village, st, rng),
                f"near {c.district}",
                c.state,
                f"{romanise(c.village, st, rng)} village",
            )
        )
    langs = ""
    if rng.random() < 0.75:
        langs = c.languages[0] if rng.random() < 0.85 else here.languages[0]
    sd = 0.5 + 0.1 * age
    est = age + max(-2.5 * sd, min(2.5 * sd, rng.gauss(0, sd)))
    return {
        "record_id": rid,
        "side": "found",
        "name": name,
        "alias": alias,
        "gender": c.gender if rng.random() > 0.005 else ("M" if c.gender == "F" else "F"),
        "age_years": str(max(0, min(18, int(round(est))))),
        "date_of_birth": "",
        "event_date": when.isoformat(),
        "state": place[0],
        "district": place[1],
        "place": rng.choice(("Railway Station", "Bus Stand", "Market", "Highway", "Temple", "")),
        "father_name": father,
        "mother_name": romanise(c.mother, st, rng) if rng.random() < 0.35 else "",
        "guardian_name": "",
        "address": recall,
        "languages": langs,
        "height_cm": str(int(round(true_height(c, when) + rng.gauss(0, 3)))) if rng.random() < 0.65 else "",
        "complexion": COMPLEXIONS[
            min(4, max(0, c.complexion + (rng.choice((-1, 1)) if rng.random() < 0.3 else 0)))
        ]
        if rng.random() < 0.7
        else "",
        "identification_marks": describe_marks(c, rng, 1 if rng.random() < 0.7 else 2, 0.5),
        "photo": "",
    }


def _date_between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randrange((b - a).days))


def _elapsed_days(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.35:
        return rng.randrange(0, 31)
    if roll < 0.65:
        return rng.randrange(31, 365)
    if roll < 0.9:
        return rng.randrange(365, 4 * 365)
    return rng.randrange(4 * 365, 9 * 365)


def generate(
    n_missing: int,
    n_found: int,
    seed: int,
    *,
    share_found_reported: float = 0.6,
    dup_missing: float = 0.05,
    dup_found: float = 0.04,
):
    """Return (missing rows, found rows, true links, true duplicates)."""
    rng = random.Random(seed)
    first, last = dt.date(2015, 1, 1), dt.date(2025, 6, 30)
    missing: list[dict[str, str]] = []
    found: list[dict[str, str]] = []
    links: list[tuple[str, str]] = []
    dupes: list[tuple[str, str]] = []
    n_m_dup = int(n_missing * dup_missing)
    n_m_children = n_missing - n_m_dup
    n_f_dup = int(n_found * dup_found)
    n_f_children = n_found - n_f_dup
    n_linked = int(n_f_children * share_found_reported)
    eid = 0
    reports: list[tuple[Child, dt.date, list[str]]] = []
    for _i in range(n_m_children):
        when = _date_between(rng, first, last)
        c = make_child(eid, rng, when)
        eid += 1
        rid = f"M{len(missing) + 1:07d}"
        missing.append(missing_report(c, rid, when, rng))
        reports.append((c, when, [rid]))
    for _i in range(n_m_dup):  # the same child reported at a second police station
        c, when, ids = reports[rng.randrange(len(reports))]
        when2 = when + dt.timedelta(days=rng.randrange(0, 20))
        rid = f"M{len(missing) + 1:07d}"
        row = missing_report(c, rid, when2, rng)
        if rng.random() < 0.5:
            row["district"] = rng.choice(STATE_DISTRICTS[c.state])
        missing.append(row)
        dupes.extend((o, rid) for o in ids)
        ids.append(rid)
    placed: list[tuple[Child, dt.date, tuple[str, str], list[str], list[str]]] = []
    for _k, (c, when, ids) in enumerate(rng.sample(reports, min(n_linked, len(reports)))):
        days = _elapsed_days(rng)
        while (when - c.birth).days + days > 17.9 * 365.25:
            days //= 2
        fwhen = when + dt.timedelta(days=days)
        rid = f"F{len(found) + 1:07d}"
        place = found_place(c, rng)
        found.append(found_record(c, rid, fwhen, place, rng))
        links.extend((m, rid) for m in ids)
        placed.append((c, fwhen, place, ids, [rid]))
    while len(found) < n_f_children:  # children found who were never reported missing here
        fwhen = _date_between(rng, first, dt.date(2026, 6, 30))
        c = make_child(eid, rng, fwhen)
        eid += 1
        rid = f"F{len(found) + 1:07d}"
        found.append(found_record(c, rid, fwhen, found_place(c, rng), rng))
        placed.append((c, fwhen, (found[-1]["state"], found[-1]["district"]), [], [rid]))
    for _i in range(n_f_dup):  # entered twice: a transfer to another CCI, recorded afresh
        c, fwhen, place, mids, fids = placed[rng.randrange(len(placed))]
        when2 = fwhen + dt.timedelta(days=rng.randrange(20, 300))
        place2 = place if rng.random() < 0.6 else found_place(c, rng)
        rid = f"F{len(found) + 1:07d}"
        found.append(found_record(c, rid, when2, place2, rng))
        dupes.extend((o, rid) for o in fids)
        links.extend((m, rid) for m in mids)
        fids.append(rid)
    return missing, found, links, dupes


def background(n: int, seed: int, side: str = "missing"):
    """``n`` unrelated records of one side (for real-time latency runs): a generator of rows."""
    rng = random.Random(seed)
    first, last = dt.date(2015, 1, 1), dt.date(2025, 6, 30)
    for i in range(n):
        when = _date_between(rng, first, last)
        c = make_child(i, rng, when)
        rid = f"{side[0].upper()}B{i:08d}"
        yield (
            missing_report(c, rid, when, rng)
            if side == "missing"
            else found_record(c, rid, when, found_place(c, rng), rng)
        )


def write_csv(path: str, rows, columns=COLUMNS) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(columns))
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--missing", type=int, default=20_000)
    ap.add_argument("--found", type=int, default=15_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="bench/out/data")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    missing, found, links, dupes = generate(a.missing, a.found, a.seed)
    write_csv(os.path.join(a.out, "missing.csv"), missing)
    write_csv(os.path.join(a.out, "found.csv"), found)
    write_csv(
        os.path.join(a.out, "truth_links.csv"),
        ({"missing_id": m, "found_id": f} for m, f in links),
        ("missing_id", "found_id"),
    )
    write_csv(
        os.path.join(a.out, "truth_dupes.csv"), ({"id_a": x, "id_b": y} for x, y in dupes), ("id_a", "id_b")
    )
    print(
        f"{len(missing)} missing, {len(found)} found, {len(links)} true links, {len(dupes)} true duplicates"
    )


if __name__ == "__main__":
    main()
