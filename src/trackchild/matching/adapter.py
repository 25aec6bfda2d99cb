"""Turn the registers' rows into the engine's records (childmatch.Record) and back into ids.

Record ids carry their side ("M12", "F7") because the engine's index holds both registers under one id
space. Only records still open are matched: a report still `reported`, a found child still `in_care`.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator

import numpy as np
from django.db.models import F

from childmatch import Record
from childmatch.faces import MODEL_VERSION as FACE_MODEL_VERSION
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.faces.models import PhotoFace

MATCHABLE = {"missing": MissingReport.Status.REPORTED, "found": FoundChild.Status.IN_CARE}
MODEL = {"missing": MissingReport, "found": FoundChild}
PREFIX = {"missing": "M", "found": "F"}
_GENDER = {"male": "M", "female": "F", "transgender": "T"}
# Read with .values(): building model instances for a million rows costs more than the matching itself.
_COMMON = [
    "pk",
    "name",
    "other_names",
    "gender",
    "date_of_birth",
    "age_years",
    "height_cm",
    "complexion",
    "identification_marks",
    "languages",
    "father_name",
    "mother_name",
    "guardian_name",
    "home_address",
    "home_district__name",
    "home_state__name",
    "status",
]
_FIELDS = {
    "missing": [
        *_COMMON,
        "missing_since",
        "place_last_seen",
        "last_seen_district__name",
        "last_seen_district__state__name",
    ],
    "found": [*_COMMON, "found_on", "found_place", "found_district__name", "found_district__state__name"],
}


def engine_id(side: str, pk: int) -> str:
    return f"{PREFIX[side]}{pk}"


def parse_engine_id(record_id: str) -> tuple[str, int]:
    return ("missing" if record_id[0] == "M" else "found"), int(record_id[1:])


def side_of(record) -> str:
    return "missing" if isinstance(record, MissingReport) else "found"


def rows(side: str, queryset=None, *, stream: bool = False) -> Iterator[dict]:
    """Rows as dicts; `stream` reads through a server-side cursor (a whole register), else in one go."""
    queryset = (MODEL[side].objects.all() if queryset is None else queryset).order_by().values(*_FIELDS[side])
    return queryset.iterator(chunk_size=5000) if stream else iter(queryset)


def record_of(side: str, pk: int) -> Record | None:
    """The engine record of one row, or None when the row is gone or no longer open for matching."""
    row = next(rows(side, MODEL[side].objects.filter(pk=pk)), None)
    return record_from_row(side, row) if row and row["status"] == MATCHABLE[side] else None


def record_from_row(side: str, row: dict) -> Record:
    if side == "missing":
        event = row["missing_since"].date() if row["missing_since"] else None
        place, district, state = (
            row["place_last_seen"],
            row["last_seen_district__name"],
            row["last_seen_district__state__name"],
        )
    else:
        event = row["found_on"]
        place, district, state = (
            row["found_place"],
            row["found_district__name"],
            row["found_district__state__name"],
        )
    address = " ".join(
        p for p in (row["home_address"], row["home_district__name"] or "", row["home_state__name"] or "") if p
    )
    age = row["age_years"]
    return Record(
        record_id=engine_id(side, row["pk"]),
        side=side,
        name=row["name"] or "",
        alias=tuple(a.strip() for a in (row["other_names"] or "").replace(";", ",").split(",") if a.strip()),
        gender=_GENDER.get(row["gender"], ""),
        age_years=float(age) if age is not None and 0 <= age <= 25 else None,
        date_of_birth=row["date_of_birth"],
        event_date=event,
        state=state or "",
        district=district or "",
        place=place or "",
        father_name=row["father_name"] or "",
        mother_name=row["mother_name"] or "",
        guardian_name=row["guardian_name"] or "",
        address=address,
        languages=tuple(
            x.strip() for x in (row["languages"] or "").replace(";", ",").split(",") if x.strip()
        ),
        height_cm=float(row["height_cm"]) if row["height_cm"] and 30 <= row["height_cm"] <= 220 else None,
        complexion=row["complexion"] or "",
        identification_marks=row["identification_marks"] or "",
    )


def open_records(side: str, since=None) -> Iterator[Record]:
    queryset = MODEL[side].objects.filter(status=MATCHABLE[side])
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return (record_from_row(side, row) for row in rows(side, queryset, stream=True))


def fingerprint(records: Iterable[Record]) -> str:
    """A digest of the compared fields of a pair (ids left out): equal while neither record changes."""
    parts = []
    for record in sorted(records, key=lambda r: r.side):
        fields = record.to_dict()
        fields.pop("record_id")
        parts.append(fields)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def contributions_json(candidate) -> list[dict]:
    return [
        {"field": c.field, "level": c.level, "weight": c.weight, "description": c.description}
        for c in candidate.contributions
    ]


def faces_of(side: str, pks: Iterable[int] | None = None) -> Iterator[tuple[int, np.ndarray, object]]:
    """Each record's face for the engine: ``(pk, embedding, date taken or None)``.

    A record with several usable photos is matched by its newest (by date taken, then upload): the face
    nearest to how the child looks now. Only embeddings of the current model count; others are never compared.
    """
    usable = PhotoFace.objects.filter(
        side=side, embedding__isnull=False, model_version=FACE_MODEL_VERSION, photo__is_withdrawn=False
    )
    if pks is None:
        batches = [usable]
    else:
        wanted = sorted(pks)  # in slices: SQLite limits the parameters of one query
        batches = [usable.filter(record_id__in=wanted[i : i + 2000]) for i in range(0, len(wanted), 2000)]
    for rows in batches:
        last = None
        for record_id, embedding, taken_on in (
            rows.order_by(
                "record_id", F("photo__taken_on").desc(nulls_last=True), "-photo__uploaded_at", "-photo_id"
            )
            .values_list("record_id", "embedding", "photo__taken_on")
            .iterator(chunk_size=5000)
        ):
            if record_id != last:
                last = record_id
                yield record_id, np.frombuffer(bytes(embedding), dtype=np.float32), taken_on


def face_changes_since(since) -> dict[str, set[int]]:
    """Records whose photos' faces were checked or embedded since ``since``, by side."""
    changed: dict[str, set[int]] = {"missing": set(), "found": set()}
    for side, record_id in PhotoFace.objects.filter(updated_at__gte=since).values_list("side", "record_id"):
        changed[side].add(record_id)
    return changed
