"""Splink 5 (DuckDB) set up as a careful practitioner would, on the same records as childmatch.

Preparation a practitioner would do: transliterate Indic scripts to Latin (indic-transliteration, ITRANS),
lower-case, a Metaphone code of the first name (jellyfish), drop titles, "Unknown"-type non-names and Kumar/Kumari/Devi/Singh; split first name and
surname; derive a birth year from age and event date; tokenise places and marks. Comparisons mirror
childmatch's evidence; u by random sampling; m by EM in two sessions (blocked on name, then on district
and birth band); prediction blocked on six rules (first name, its Metaphone, surname, father's name, district, state for
children with no name).
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish
from indic_transliteration import sanscript
from indic_transliteration.detect import detect
from splink import Linker, block_on
from splink.internals.duckdb.database_api import DuckDBAPI

_DROP = {
    "unknown",
    "baby",
    "girl",
    "boy",
    "child",
    "unnamed",
    "na",
    "not",
    "known",
    "ajnabi",
    "kumar",
    "kumari",
    "devi",
    "singh",
    "kaur",
    "md",
    "mohd",
    "mohammad",
    "sri",
    "shri",
    "smt",
    "ajnat",
    "agyat",
}
_WORD = re.compile(r"[a-z]+")
_MARK_WORDS = {
    "mole",
    "til",
    "scar",
    "cut",
    "stitch",
    "burn",
    "birthmark",
    "lehsun",
    "tattoo",
    "godna",
    "wart",
    "masa",
    "left",
    "right",
    "cheek",
    "face",
    "forehead",
    "chin",
    "neck",
    "hand",
    "palm",
    "arm",
    "elbow",
    "leg",
    "knee",
    "back",
    "chest",
    "stomach",
    "belly",
    "foot",
    "ankle",
    "ear",
}


def latin(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    if any(ord(c) > 0x8FF for c in text):
        try:
            text = sanscript.transliterate(text, detect(text), sanscript.ITRANS)
        except Exception:  # noqa: BLE001 - unknown script: keep as is
            pass
    return text.lower()


def name_tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(latin(text)) if w not in _DROP and len(w) > 1]


def _day(d) -> int | None:  # type: ignore[no-untyped-def]
    return None if d is None else d.toordinal()


def prepare(records) -> dict[str, list]:  # type: ignore[no-untyped-def]
    cols: dict[str, list] = {
        k: []
        for k in (
            "record_id",
            "side",
            "first_name",
            "first_metaphone",
            "surname",
            "gender",
            "birth_year",
            "event_day",
            "state",
            "district",
            "places",
            "father_first",
            "mother_first",
            "languages",
            "height",
            "complexion",
            "marks",
        )
    }
    for r in records:
        toks = name_tokens(r.name) or name_tokens(" ".join(r.alias))
        cols["record_id"].append(r.record_id)
        cols["side"].append(r.side)
        cols["first_name"].append(toks[0] if toks else None)
        cols["first_metaphone"].append(jellyfish.metaphone(toks[0]) if toks else None)
        cols["surname"].append(toks[-1] if len(toks) > 1 else None)
        cols["gender"].append(r.gender or None)
        birth = None
        if r.date_of_birth:
            birth = r.date_of_birth.year + r.date_of_birth.timetuple().tm_yday / 365.25
        elif r.age_years is not None and r.event_date:
            birth = r.event_date.year + r.event_date.timetuple().tm_yday / 365.25 - r.age_years - 0.5
        cols["birth_year"].append(birth)
        cols["event_day"].append(_day(r.event_date))
        cols["state"].append(latin(r.state) or None)
        cols["district"].append(latin(r.district) or None)
        places = sorted(
            {w for w in _WORD.findall(latin(f"{r.district} {r.place} {r.address}")) if len(w) > 3}
        )
        cols["places"].append(places or None)
        f = name_tokens(r.father_name)
        m = name_tokens(r.mother_name)
        cols["father_first"].append(f[0] if f else None)
        cols["mother_first"].append(m[0] if m else None)
        cols["languages"].append(sorted({x.lower() for x in r.languages}) or None)
        cols["height"].append(r.height_cm)
        cols["complexion"].append(r.complexion.lower() or None)
        marks = sorted({w for w in _WORD.findall(r.identification_marks.lower()) if w in _MARK_WORDS})
        cols["marks"].append(marks or None)
    return cols


def _null(col: str) -> dict:
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "null",
        "is_null_level": True,
    }


def _lv(sql: str, label: str, tf: str | None = None) -> dict:
    d = {"sql_condition": sql, "label_for_charts": label}
    if tf:
        d.update(tf_adjustment_column=tf, tf_adjustment_weight=1.0)
    return d


_ELSE = {"sql_condition": "ELSE", "label_for_charts": "else"}


def _name(col: str, tf: bool, phonetic: str | None = None) -> dict:
    extra = [_lv(f"{phonetic}_l = {phonetic}_r", "metaphone")] if phonetic else []
    return {
        "output_column_name": col,
        "comparison_levels": [
            _null(col),
            _lv(f"{col}_l = {col}_r", "exact", col if tf else None),
            *extra,
            _lv(f"jaro_winkler_similarity({col}_l, {col}_r) >= 0.92", "jw 0.92"),
            _lv(f"jaro_winkler_similarity({col}_l, {col}_r) >= 0.8", "jw 0.8"),
            _ELSE,
        ],
    }


# elapsed days from missing to found, whichever side is left
_ELAPSED = "(CASE WHEN side_l = 'missing' THEN event_day_r - event_day_l ELSE event_day_l - event_day_r END)"


def settings(link_type: str) -> dict:
    comparisons = [
        _name("first_name", True, "first_metaphone"),
        _name("surname", True),
        {
            "output_column_name": "gender",
            "comparison_levels": [_null("gender"), _lv("gender_l = gender_r", "same"), _ELSE],
        },
        {
            "output_column_name": "birth_year",
            "comparison_levels": [
                _null("birth_year"),
                _lv("abs(birth_year_l - birth_year_r) <= 1", "1y"),
                _lv("abs(birth_year_l - birth_year_r) <= 2.5", "2.5y"),
                _lv("abs(birth_year_l - birth_year_r) <= 5", "5y"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "event_day",
            "comparison_levels": [
                _null("event_day"),
                _lv(
                    f"{_ELAPSED} < -30"
                    if link_type == "link_only"
                    else "abs(event_day_l - event_day_r) > 400",
                    "before / far apart",
                ),
                _lv(f"abs({_ELAPSED}) <= 30", "within a month"),
                _lv(f"{_ELAPSED} <= 730", "within 2 years"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "district",
            "comparison_levels": [
                _null("state"),
                _lv("district_l = district_r", "district"),
                _lv("state_l = state_r", "state"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "places",
            "comparison_levels": [
                _null("places"),
                _lv("len(list_intersect(places_l, places_r)) >= 1", "shared place"),
                _ELSE,
            ],
        },
        _name("father_first", False),
        _name("mother_first", False),
        {
            "output_column_name": "languages",
            "comparison_levels": [
                _null("languages"),
                _lv("len(list_intersect(languages_l, languages_r)) >= 1", "shared"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "height",
            "comparison_levels": [
                _null("height"),
                _lv("abs(height_l - height_r) <= 8", "8cm"),
                _lv("abs(height_l - height_r) <= 20", "20cm"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "complexion",
            "comparison_levels": [_null("complexion"), _lv("complexion_l = complexion_r", "same"), _ELSE],
        },
        {
            "output_column_name": "marks",
            "comparison_levels": [
                _null("marks"),
                _lv("len(list_intersect(marks_l, marks_r)) >= 3", "3 words"),
                _lv("len(list_intersect(marks_l, marks_r)) >= 1", "1 word"),
                _ELSE,
            ],
        },
    ]
    band = "floor(birth_year_l / 3) = floor(birth_year_r / 3)"
    same_side = "" if link_type == "link_only" else " AND l.side = r.side"
    rules = [
        f"l.first_name = r.first_name AND l.gender = r.gender{same_side}",
        f"l.first_metaphone = r.first_metaphone AND l.gender = r.gender AND floor(l.birth_year / 4) = "
        f"floor(r.birth_year / 4){same_side}",
        f"l.surname = r.surname AND l.gender = r.gender AND l.state = r.state{same_side}",
        f"l.father_first = r.father_first AND floor(l.birth_year / 3) = floor(r.birth_year / 3){same_side}",
        f"l.district = r.district AND l.gender = r.gender AND floor(l.birth_year / 3) = "
        f"floor(r.birth_year / 3){same_side}",
        f"l.state = r.state AND l.gender = r.gender AND floor(l.birth_year / 2) = "
        f"floor(r.birth_year / 2) AND (l.first_name IS NULL OR r.first_name IS NULL){same_side}",
    ]
    del band
    return {
        "link_type": link_type,
        "unique_id_column_name": "record_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": r} for r in rules],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def train(linker: Linker) -> None:
    t = linker.training
    t.estimate_probability_two_random_records_match([block_on("first_name", "surname", "gender")], recall=0.4)
    t.estimate_u_using_random_sampling(max_pairs=2e6)
    t.estimate_parameters_using_expectation_maximisation(block_on("first_name"))
    t.estimate_parameters_using_expectation_maximisation(block_on("district", "gender"))


def link(missing, found) -> tuple[list[tuple[str, str, float]], Linker]:  # type: ignore[no-untyped-def]
    db = DuckDBAPI()
    left = db.register(prepare(missing), table_name="missing")
    right = db.register(prepare(found), table_name="found")
    linker = Linker([left, right], settings("link_only"))
    train(linker)
    table = linker.inference.predict().as_pyarrow_table()
    ids_l, ids_r = table.column("record_id_l").to_pylist(), table.column("record_id_r").to_pylist()
    probs = table.column("match_probability").to_pylist()
    out = []
    for a, b, p in zip(ids_l, ids_r, probs):
        if a.startswith("F"):
            a, b = b, a
        out.append((a, b, float(p)))
    return out, linker


def link_with_labels(missing, found, labels) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    """Link as :func:`link`, then refine with officers' labels ``(missing_id, found_id, is_match)`` as a
    practitioner would with Splink 5: m re-estimated from the confirmed pairs
    (``estimate_m_from_pairwise_labels``: Splink takes every labelled pair as a match, so rejections
    cannot be given to it), then the predicted match weights calibrated on all labelled pairs that Splink
    scored, with the same Platt fit childmatch uses."""
    import numpy as np

    from childmatch.model import platt

    db = DuckDBAPI()
    left = db.register(prepare(missing), table_name="missing")
    right = db.register(prepare(found), table_name="found")
    linker = Linker([left, right], settings("link_only"))
    train(linker)
    matches = [(m, f) for m, f, y in labels if y]
    table = {
        "source_dataset_l": ["missing"] * len(matches),
        "record_id_l": [m for m, _ in matches],
        "source_dataset_r": ["found"] * len(matches),
        "record_id_r": [f for _, f in matches],
    }
    linker.training.estimate_m_from_pairwise_labels(db.register(table, table_name="labels"))
    predicted = linker.inference.predict().as_pyarrow_table()
    weights: dict[tuple[str, str], float] = {}
    for a, b, w in zip(
        predicted.column("record_id_l").to_pylist(),
        predicted.column("record_id_r").to_pylist(),
        predicted.column("match_weight").to_pylist(),
    ):
        if a.startswith("F"):
            a, b = b, a
        weights[(a, b)] = float(w)
    seen = [(weights[(m, f)], y) for m, f, y in labels if (m, f) in weights]
    a_, b_ = platt(np.array([w for w, _ in seen]), np.array([y for _, y in seen], dtype=float))
    return [(m, f, float(1 / (1 + 2 ** -(a_ * w + b_)))) for (m, f), w in weights.items()]


def dedupe(records) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    db = DuckDBAPI()
    df = db.register(prepare(records), table_name="records")
    linker = Linker(df, settings("dedupe_only"))
    train(linker)
    table = linker.inference.predict().as_pyarrow_table()
    return [
        (min(a, b), max(a, b), float(p))
        for a, b, p in zip(
            table.column("record_id_l").to_pylist(),
            table.column("record_id_r").to_pylist(),
            table.column("match_probability").to_pylist(),
        )
    ]
