"""load_geography refreshes from LGD-style CSVs: it upserts by LGD code, retires districts it no longer finds,
and refuses a bad file whole, naming the file, row and column."""

import csv
from pathlib import Path

import pytest

from trackchild.geo.loading import DISTRICTS_CSV, STATES_CSV, load_geography
from trackchild.geo.models import District, State

pytestmark = pytest.mark.django_db


def shipped_districts() -> list[dict[str, str]]:
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def districts_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write_csv(
        tmp_path / "districts.csv",
        ["lgd_code", "name", "state_lgd_code"],
        [[row["lgd_code"], row["name"], row["state_lgd_code"]] for row in rows],
    )


def snapshot() -> tuple[list[tuple], list[tuple]]:
    return (
        list(State.objects.order_by("lgd_code").values_list("lgd_code", "name", "name_hi", "kind")),
        list(
            District.objects.order_by("lgd_code").values_list(
                "lgd_code", "name", "state__lgd_code", "is_active"
            )
        ),
    )


def test_reloading_the_shipped_files_changes_nothing():
    before = snapshot()
    assert load_geography() == {
        "states_created": 0,
        "states_updated": 0,
        "districts_created": 0,
        "districts_updated": 0,
        "districts_deactivated": 0,
    }
    assert snapshot() == before


def test_a_refresh_renames_adds_and_deactivates_districts(tmp_path):
    rows = [row for row in shipped_districts() if row["lgd_code"] != "739"]  # Bajali leaves the list
    for row in rows:
        if row["lgd_code"] == "62":
            row["name"] = "Gurgaon"
    rows.append({"lgd_code": "800", "name": "Vav-Tharad", "state_lgd_code": "24"})

    counts = load_geography(districts_csv_path=districts_file(tmp_path, rows))

    assert counts == {
        "states_created": 0,
        "states_updated": 0,
        "districts_created": 1,
        "districts_updated": 1,
        "districts_deactivated": 1,
    }
    assert District.objects.get(lgd_code=62).name == "Gurgaon"
    assert District.objects.get(lgd_code=800).state.name == "Gujarat"
    bajali = District.objects.get(lgd_code=739)
    assert (bajali.name, bajali.is_active) == ("Bajali", False)


def test_a_district_that_comes_back_is_reactivated(tmp_path):
    rows = shipped_districts()
    load_geography(districts_csv_path=districts_file(tmp_path, [r for r in rows if r["lgd_code"] != "739"]))

    counts = load_geography()

    assert counts["districts_updated"] == 1
    assert District.objects.get(lgd_code=739).is_active


def test_a_refresh_can_swap_two_district_names_within_a_state(tmp_path):
    rows = shipped_districts()
    for row in rows:
        if row["lgd_code"] in ("77", "78"):  # Delhi's Central and East
            row["name"] = {"77": "East", "78": "Central"}[row["lgd_code"]]

    load_geography(districts_csv_path=districts_file(tmp_path, rows))

    assert District.objects.get(lgd_code=77).name == "East"
    assert District.objects.get(lgd_code=78).name == "Central"


def test_a_refresh_updates_a_state_and_adds_a_new_one(tmp_path):
    with STATES_CSV.open(encoding="utf-8") as handle:
        states = [list(row.values()) for row in csv.DictReader(handle)]
    for row in states:
        if row[0] == "7":
            row[1] = "NCT of Delhi"
    states.append([39, "Test Territory", "परीक्षण", "ut"])
    states_path = write_csv(tmp_path / "states.csv", ["lgd_code", "name", "name_hi", "kind"], states)
    rows = shipped_districts() + [{"lgd_code": "900", "name": "Test District", "state_lgd_code": "39"}]

    counts = load_geography(states_path, districts_file(tmp_path, rows))

    assert (counts["states_created"], counts["states_updated"], counts["districts_created"]) == (1, 1, 1)
    assert State.objects.get(lgd_code=7).name == "NCT of Delhi"
    assert District.objects.get(lgd_code=900).state.kind == "ut"


BAD_DISTRICT_FILES = {
    "a missing column": (
        "lgd_code,name,state\n212,Patna,10\n",
        "districts.csv, row 1, column state_lgd_code: missing from the header",
    ),
    "a code that is not a whole number": (
        "lgd_code,name,state_lgd_code\n212,Patna,10\nA12,Gaya,10\n",
        "districts.csv, row 3, column lgd_code: 'A12' is not a positive whole number",
    ),
    "a state code that is not a whole number": (
        "lgd_code,name,state_lgd_code\n212,Patna,Bihar\n",
        "districts.csv, row 2, column state_lgd_code: 'Bihar' is not a positive whole number",
    ),
    "an unknown state code": (
        "lgd_code,name,state_lgd_code\n212,Patna,99\n",
        "districts.csv, row 2, column state_lgd_code: 99 is not a known State/UT LGD code",
    ),
    "a duplicate code": (
        "lgd_code,name,state_lgd_code\n212,Patna,10\n212,Gaya,10\n",
        "districts.csv, row 3, column lgd_code: 212 is already used on row 2",
    ),
    "a duplicate name in one state": (
        "lgd_code,name,state_lgd_code\n212,Patna,10\n196,patna,10\n",
        "districts.csv, row 3, column name: 'patna' is already used in the same State/UT on row 2",
    ),
    "an empty name": (
        "lgd_code,name,state_lgd_code\n212,,10\n",
        "districts.csv, row 2, column name: is empty",
    ),
    "no rows": ("lgd_code,name,state_lgd_code\n", "districts.csv: has no rows"),
}


@pytest.mark.parametrize("content, message", BAD_DISTRICT_FILES.values(), ids=BAD_DISTRICT_FILES.keys())
def test_it_refuses_a_bad_districts_file_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "districts.csv"
    path.write_text(content, encoding="utf-8")
    before = snapshot()

    with pytest.raises(ValueError) as raised:
        load_geography(districts_csv_path=path)

    assert str(raised.value) == message
    assert snapshot() == before


BAD_STATE_FILES = {
    "a missing column": (
        "lgd_code,name,kind\n10,Bihar,state\n",
        "states.csv, row 1, column name_hi: missing from the header",
    ),
    "a code that is not a whole number": (
        "lgd_code,name,name_hi,kind\n10,Bihar,बिहार,state\nX,Goa,गोवा,state\n",
        "states.csv, row 3, column lgd_code: 'X' is not a positive whole number",
    ),
    "an unknown kind": (
        "lgd_code,name,name_hi,kind\n10,Bihar,बिहार,province\n",
        "states.csv, row 2, column kind: 'province' is not one of state, ut",
    ),
    "a duplicate code": (
        "lgd_code,name,name_hi,kind\n10,Bihar,बिहार,state\n10,Goa,गोवा,state\n",
        "states.csv, row 3, column lgd_code: 10 is already used on row 2",
    ),
    "a duplicate name": (
        "lgd_code,name,name_hi,kind\n10,Bihar,बिहार,state\n30,Bihar,गोवा,state\n",
        "states.csv, row 3, column name: 'Bihar' is already used on row 2",
    ),
}


@pytest.mark.parametrize("content, message", BAD_STATE_FILES.values(), ids=BAD_STATE_FILES.keys())
def test_it_refuses_a_bad_states_file_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "states.csv"
    path.write_text(content, encoding="utf-8")
    before = snapshot()

    with pytest.raises(ValueError) as raised:
        load_geography(states_csv_path=path)

    assert str(raised.value) == message
    assert snapshot() == before


def test_it_rolls_back_state_changes_when_a_new_district_takes_a_retired_districts_name(tmp_path):
    states = write_csv(
        tmp_path / "states.csv",
        ["lgd_code", "name", "name_hi", "kind"],
        [[10, "Bihar State", "बिहार", "state"]],
    )
    # Patna (212) is left out, so it would only be retired and keep its name; 999 cannot take that name.
    districts = write_csv(
        tmp_path / "districts.csv",
        ["lgd_code", "name", "state_lgd_code"],
        [[196, "Gaya", 10], [999, "Patna", 10]],
    )
    before = snapshot()

    with pytest.raises(ValueError) as raised:
        load_geography(states, districts)

    assert str(raised.value) == (
        "districts.csv, row 3, column name: 'Patna' is still held by district 212, which this file leaves out"
    )
    assert snapshot() == before
