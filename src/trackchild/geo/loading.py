"""Load India's States/UTs and districts from LGD-style CSV files, keyed by their LGD codes.

The shipped files live in ``data/``; a refresh from a newer LGD download goes through the same code
(``trackchild load_geography``). A whole file is checked before anything is written, and the writes happen
in one transaction, so a bad file changes nothing. Districts are never deleted: cases and accounts point at
them, so a district missing from a refresh is only marked inactive.

The functions take the model classes as arguments so that the data migration can pass its historical
models; everyone else gets the real ones.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
STATES_CSV = DATA_DIR / "states.csv"
DISTRICTS_CSV = DATA_DIR / "districts.csv"

STATE_COLUMNS = ("lgd_code", "name", "name_hi", "kind")
DISTRICT_COLUMNS = ("lgd_code", "name", "state_lgd_code")
STATE_KINDS = ("state", "ut")
NAME_MAX_LENGTH = 100


@dataclass(frozen=True)
class StateRow:
    lgd_code: int
    name: str
    name_hi: str
    kind: str


@dataclass(frozen=True)
class DistrictRow:
    lgd_code: int
    name: str
    state_lgd_code: int
    row: int  # line in the file, for messages about conflicts found only against the database


def _problem(path: Path, row: int, column: str, what: str) -> ValueError:
    return ValueError(f"{path.name}, row {row}, column {column}: {what}")


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) pairs; the header is line 1. Extra columns, as LGD exports have, are ignored."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise ValueError(f"{path}: cannot be read ({error.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in (reader.fieldnames or [])]
        missing = [column for column in columns if column not in header]
        if missing:
            raise _problem(path, 1, ", ".join(missing), "missing from the header")
        reader.fieldnames = header
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue  # a blank line
            yield reader.line_num, {column: (row.get(column) or "").strip() for column in columns}


def _code(path: Path, line: int, column: str, raw: str) -> int:
    if not raw.isdigit() or int(raw) == 0:
        raise _problem(path, line, column, f"{raw!r} is not a positive whole number")
    return int(raw)


def _name(path: Path, line: int, column: str, raw: str, *, required: bool = True) -> str:
    if required and not raw:
        raise _problem(path, line, column, "is empty")
    if len(raw) > NAME_MAX_LENGTH:
        raise _problem(path, line, column, f"is longer than {NAME_MAX_LENGTH} characters")
    return raw


def read_states(path: Path) -> list[StateRow]:
    states: list[StateRow] = []
    line_of_code: dict[int, int] = {}
    line_of_name: dict[str, int] = {}
    for line, row in _rows(path, STATE_COLUMNS):
        code = _code(path, line, "lgd_code", row["lgd_code"])
        name = _name(path, line, "name", row["name"])
        name_hi = _name(path, line, "name_hi", row["name_hi"], required=False)
        kind = row["kind"].lower()
        if kind not in STATE_KINDS:
            raise _problem(path, line, "kind", f"{row['kind']!r} is not one of {', '.join(STATE_KINDS)}")
        if code in line_of_code:
            raise _problem(path, line, "lgd_code", f"{code} is already used on row {line_of_code[code]}")
        if name.casefold() in line_of_name:
            raise _problem(
                path, line, "name", f"{name!r} is already used on row {line_of_name[name.casefold()]}"
            )
        line_of_code[code] = line_of_name[name.casefold()] = line
        states.append(StateRow(code, name, name_hi, kind))
    if not states:
        raise ValueError(f"{path.name}: has no rows")
    return states


def read_districts(path: Path, state_codes: set[int]) -> list[DistrictRow]:
    districts: list[DistrictRow] = []
    line_of_code: dict[int, int] = {}
    line_of_name: dict[tuple[int, str], int] = {}
    for line, row in _rows(path, DISTRICT_COLUMNS):
        code = _code(path, line, "lgd_code", row["lgd_code"])
        name = _name(path, line, "name", row["name"])
        state_code = _code(path, line, "state_lgd_code", row["state_lgd_code"])
        if state_code not in state_codes:
            raise _problem(path, line, "state_lgd_code", f"{state_code} is not a known State/UT LGD code")
        if code in line_of_code:
            raise _problem(path, line, "lgd_code", f"{code} is already used on row {line_of_code[code]}")
        key = (state_code, name.casefold())
        if key in line_of_name:
            raise _problem(
                path,
                line,
                "name",
                f"{name!r} is already used in the same State/UT on row {line_of_name[key]}",
            )
        line_of_code[code] = line_of_name[key] = line
        districts.append(DistrictRow(code, name, state_code, line))
    if not districts:
        raise ValueError(f"{path.name}: has no rows")
    return districts


def load_geography(
    states_csv_path: Path | str | None = None,
    districts_csv_path: Path | str | None = None,
    *,
    state_model: Any = None,
    district_model: Any = None,
) -> dict[str, int]:
    """Upsert States/UTs and districts from the two CSVs (the shipped ones by default); return the counts.

    >>> load_geography()  # doctest: +SKIP
    {'states_created': 0, 'states_updated': 0, 'districts_created': 0, 'districts_updated': 0,
     'districts_deactivated': 0}

    Raises ValueError naming the file, row and column of the first problem; the database is then unchanged.
    """
    if state_model is None or district_model is None:
        from trackchild.geo.models import District, State

        state_model, district_model = state_model or State, district_model or District
    states_path = Path(states_csv_path) if states_csv_path else STATES_CSV
    districts_path = Path(districts_csv_path) if districts_csv_path else DISTRICTS_CSV

    states = read_states(states_path)
    # A refresh may list only some States/UTs; districts may still belong to one already in the database.
    known_codes = {state.lgd_code for state in states} | set(
        state_model.objects.values_list("lgd_code", flat=True)
    )
    districts = read_districts(districts_path, known_codes)

    with transaction.atomic():
        counts = _upsert_states(state_model, states)
        counts |= _upsert_districts(state_model, district_model, districts, districts_path)
    return counts


def _upsert_states(state_model: Any, states: list[StateRow]) -> dict[str, int]:
    existing = {state.lgd_code: state for state in state_model.objects.select_for_update()}
    created, changed = [], []
    for row in states:
        state = existing.get(row.lgd_code)
        if state is None:
            created.append(
                state_model(lgd_code=row.lgd_code, name=row.name, name_hi=row.name_hi, kind=row.kind)
            )
        elif (state.name, state.name_hi, state.kind) != (row.name, row.name_hi, row.kind):
            state.name, state.name_hi, state.kind = row.name, row.name_hi, row.kind
            changed.append(state)
    _rename_in_two_steps(state_model, changed, ["name", "name_hi", "kind"])
    state_model.objects.bulk_create(created)
    return {"states_created": len(created), "states_updated": len(changed)}


def _upsert_districts(
    state_model: Any, district_model: Any, districts: list[DistrictRow], path: Path
) -> dict[str, int]:
    state_ids = dict(state_model.objects.values_list("lgd_code", "id"))
    existing = {district.lgd_code: district for district in district_model.objects.select_for_update()}
    listed = {row.lgd_code for row in districts}
    _refuse_names_held_by_unlisted_districts(existing.values(), listed, districts, state_ids, path)

    created, changed = [], []
    for row in districts:
        district = existing.get(row.lgd_code)
        state_id = state_ids[row.state_lgd_code]
        if district is None:
            created.append(district_model(lgd_code=row.lgd_code, name=row.name, state_id=state_id))
        elif (district.name, district.state_id, district.is_active) != (row.name, state_id, True):
            district.name, district.state_id, district.is_active = row.name, state_id, True
            changed.append(district)
    gone = [d for code, d in existing.items() if code not in listed and d.is_active]
    for district in gone:
        district.is_active = False
    district_model.objects.bulk_update(gone, ["is_active"])
    _rename_in_two_steps(district_model, changed, ["name", "state", "is_active"])
    district_model.objects.bulk_create(created)
    return {
        "districts_created": len(created),
        "districts_updated": len(changed),
        "districts_deactivated": len(gone),
    }


def _refuse_names_held_by_unlisted_districts(
    existing: Any, listed: set[int], districts: list[DistrictRow], state_ids: dict[int, int], path: Path
) -> None:
    """A district left out of the file keeps its name, so a new LGD code cannot take that name in that State."""
    held = {(d.state_id, d.name.casefold()): d.lgd_code for d in existing if d.lgd_code not in listed}
    for row in districts:
        holder = held.get((state_ids[row.state_lgd_code], row.name.casefold()))
        if holder is not None:
            raise _problem(
                path,
                row.row,
                "name",
                f"{row.name!r} is still held by district {holder}, which this file leaves out",
            )


def _rename_in_two_steps(model: Any, changed: list[Any], fields: list[str]) -> None:
    """Save renames via a placeholder name first, so that two rows swapping names never collide."""
    final_names = {obj.pk: obj.name for obj in changed}
    for obj in changed:
        obj.name = f"~{obj.lgd_code}"
    model.objects.bulk_update(changed, ["name"])
    for obj in changed:
        obj.name = final_names[obj.pk]
    model.objects.bulk_update(changed, fields)
