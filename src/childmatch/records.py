"""The interchange record: one missing report or one found child, as the engine sees it.

>>> r = Record.from_dict({"record_id": "M1", "side": "missing", "name": "Pooja", "age_years": "9"})
>>> r.age_years, r.side
(9.0, 'missing')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

SIDES = ("missing", "found")

#: The interchange schema, in order (docs/matching.md describes each field).
COLUMNS: tuple[str, ...] = (
    "record_id",
    "side",
    "name",
    "alias",
    "gender",
    "age_years",
    "date_of_birth",
    "event_date",
    "state",
    "district",
    "place",
    "father_name",
    "mother_name",
    "guardian_name",
    "address",
    "languages",
    "height_cm",
    "complexion",
    "identification_marks",
    "photo",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("record_id",)

_GENDERS = {
    "m": "M",
    "male": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "girl": "F",
    "t": "T",
    "transgender": "T",
    "other": "T",
    "": "",
}


class RecordError(ValueError):
    """A field that cannot be read; ``column`` names it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column {column!r}: {message}")
        self.column = column


@dataclass(frozen=True, slots=True)
class Record:
    """One record of the interchange schema. Every field but ``record_id`` and ``side`` may be empty.

    Dates are :class:`datetime.date`; ``alias`` and ``languages`` are tuples (``;``-separated in CSV);
    ``gender`` is ``"M"``, ``"F"``, ``"T"`` or ``""``.
    """

    record_id: str
    side: str
    name: str = ""
    alias: tuple[str, ...] = ()
    gender: str = ""
    age_years: float | None = None
    date_of_birth: dt.date | None = None
    event_date: dt.date | None = None
    state: str = ""
    district: str = ""
    place: str = ""
    father_name: str = ""
    mother_name: str = ""
    guardian_name: str = ""
    address: str = ""
    languages: tuple[str, ...] = ()
    height_cm: float | None = None
    complexion: str = ""
    identification_marks: str = ""
    photo: str = ""

    @classmethod
    def from_dict(cls, row: Mapping[str, object], side: str | None = None) -> Record:
        """Build a record from a CSV row or a plain dict; raises :class:`RecordError` on a bad field."""

        def text(col: str) -> str:
            value = row.get(col)
            return "" if value is None else str(value).strip()

        record_id = text("record_id")
        if not record_id:
            raise RecordError("record_id", "is empty")
        the_side = (text("side") or side or "").lower()
        if the_side not in SIDES:
            raise RecordError("side", f"must be 'missing' or 'found', not {the_side!r}")
        gender = _GENDERS.get(text("gender").lower())
        if gender is None:
            raise RecordError("gender", f"unknown gender {text('gender')!r} (use M, F or T)")
        return cls(
            record_id=record_id,
            side=the_side,
            name=text("name"),
            alias=_split_list(text("alias")),
            gender=gender,
            age_years=_number(text("age_years"), "age_years", 0, 25),
            date_of_birth=_date(text("date_of_birth"), "date_of_birth"),
            event_date=_date(text("event_date"), "event_date"),
            state=text("state"),
            district=text("district"),
            place=text("place"),
            father_name=text("father_name"),
            mother_name=text("mother_name"),
            guardian_name=text("guardian_name"),
            address=text("address"),
            languages=_split_list(text("languages")),
            height_cm=_number(text("height_cm"), "height_cm", 30, 220),
            complexion=text("complexion"),
            identification_marks=text("identification_marks"),
            photo=text("photo"),
        )

    def to_dict(self) -> dict[str, str]:
        """The record as CSV strings, in :data:`COLUMNS` order."""
        out: dict[str, str] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, tuple):
                out[f.name] = ";".join(v)
            elif v is None:
                out[f.name] = ""
            elif isinstance(v, float):
                out[f.name] = f"{v:g}"
            else:
                out[f.name] = str(v)
        return out


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


def _number(value: str, column: str, low: float, high: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RecordError(column, f"{value!r} is not a number") from None
    if not low <= number <= high:
        raise RecordError(column, f"{value} is outside {low:g}..{high:g}")
    return number


def _date(value: str, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RecordError(column, f"{value!r} is not a date (YYYY-MM-DD)") from None
