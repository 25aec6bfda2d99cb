"""The childmatch command with good and bad files."""

import csv
import io

import pytest

from childmatch.cli import main

HEADER = (
    "record_id,side,name,alias,gender,age_years,date_of_birth,event_date,state,district,place,father_name,"
    "mother_name,guardian_name,address,languages,height_cm,complexion,identification_marks,photo"
)
MISSING = (
    HEADER
    + """
M1,missing,Pooja Kumari,,F,9,,2021-03-01,Bihar,Gaya,,Ramesh Yadav,,,,Hindi,,,,
M2,missing,Rahul,Guddu,M,7,,2019-05-01,Odisha,Cuttack,,,,,,Odia,,,,
"""
)
FOUND = (
    HEADER
    + """
F1,found,पूजा,,F,11,,2023-01-10,Delhi,North Delhi,,Ramesh,,,Gaya,Hindi,,,,
F2,found,Guddu,,M,10,,2022-01-01,Odisha,Khordha,,,,,,,,,,
"""
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_link_writes_ranked_scored_explained_pairs(tmp_path):
    m, f = write(tmp_path, "m.csv", MISSING), write(tmp_path, "f.csv", FOUND)
    code, _, err = run("link", m, f, "--out", str(tmp_path / "out.csv"))
    assert code == 0, err
    rows = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))
    assert list(rows[0]) == ["missing_id", "found_id", "score", "rank", "explanation"]
    best = {r["found_id"]: r["missing_id"] for r in rows if r["rank"] == "1"}
    assert best == {"F1": "M1", "F2": "M2"}
    assert all(0.01 <= float(r["score"]) <= 1 for r in rows)
    assert "name=" in rows[0]["explanation"]


def test_dedupe_writes_pairs(tmp_path):
    text = MISSING + "M3,missing,Puja,,F,9,,2021-03-05,Bihar,Gaya,,Ramesh,,,,,,,,\n"
    code, _, err = run("dedupe", write(tmp_path, "m.csv", text), "--out", str(tmp_path / "d.csv"))
    assert code == 0, err
    rows = list(csv.DictReader(open(tmp_path / "d.csv", encoding="utf-8")))
    assert (rows[0]["id_a"], rows[0]["id_b"]) == ("M1", "M3")


def test_explain_prints_each_field(tmp_path):
    m, f = write(tmp_path, "m.csv", MISSING), write(tmp_path, "f.csv", FOUND)
    code, out, _ = run("explain", m, f, "--missing-id", "M1", "--found-id", "F1")
    assert code == 0
    assert "match probability" in out
    for field in ("name", "gender", "age", "timeline", "place", "father", "marks"):
        assert f"\n{field} " in out


def test_explain_gives_the_pair_the_score_link_gave_it(tmp_path):
    text = MISSING + "M3,missing,Pooja,,F,10,,2020-06-01,Bihar,Patna,,Manoj Das,,,,Hindi,,,,\n"
    m, f = write(tmp_path, "m.csv", text), write(tmp_path, "f.csv", FOUND)
    assert run("link", m, f, "--out", str(tmp_path / "out.csv"))[0] == 0
    rows = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))
    linked = {(r["missing_id"], r["found_id"]): float(r["score"]) for r in rows}
    code, out, _ = run("explain", m, f, "--missing-id", "M1", "--found-id", "F1")
    assert code == 0 and f"match probability {linked[('M1', 'F1')]:.4f}" in out
    assert "\nothers " in out  # what the other candidates of the found child take from it


def test_explain_rejects_an_unknown_id(tmp_path):
    m, f = write(tmp_path, "m.csv", MISSING), write(tmp_path, "f.csv", FOUND)
    code, _, err = run("explain", m, f, "--missing-id", "M9", "--found-id", "F1")
    assert code == 1 and "M9" in err


def test_a_missing_file_is_a_clear_error(tmp_path):
    code, _, err = run("link", str(tmp_path / "nope.csv"), str(tmp_path / "f.csv"), "--out", "x.csv")
    assert code == 1 and "nope.csv: no such file" in err


def test_a_missing_required_column_is_named(tmp_path):
    m = write(tmp_path, "m.csv", "name,gender\nAsha,F\n")
    code, _, err = run("dedupe", m, "--out", str(tmp_path / "d.csv"))
    assert code == 1 and "required column 'record_id' is missing" in err


def test_a_file_not_in_utf8_is_refused_with_its_line(tmp_path):
    m = write(tmp_path, "m.csv", MISSING + "M9,missing,Jos\u00e9,,M,9,,,,,,,,,,,,,,\n", encoding="latin-1")
    code, _, err = run("dedupe", m, "--out", str(tmp_path / "d.csv"))
    assert code == 1 and "not UTF-8" in err and "line 4" in err


def test_bad_rows_are_reported_by_row_and_column_not_dropped_silently(tmp_path):
    text = (
        MISSING + "M3,missing,Asha,,F,seven,,2021-01-01,,,,,,,,,,,,\nM4,missing,Ravi,,X,5,,,,,,,,,,,,,,\n"
        "M5,missing,Too,few\n"
    )
    code, _, err = run("dedupe", write(tmp_path, "m.csv", text), "--out", str(tmp_path / "d.csv"))
    assert code == 0
    assert "m.csv, row 4, column 'age_years': 'seven' is not a number" in err
    assert "m.csv, row 5, column 'gender'" in err
    assert "m.csv, row 6: has 4 fields" in err
    assert "3 bad row(s) left out" in err


def test_a_file_of_only_bad_rows_fails(tmp_path):
    text = HEADER + "\nM3,missing,Asha,,F,seven,,,,,,,,,,,,,,\n"
    code, _, err = run("dedupe", write(tmp_path, "m.csv", text), "--out", str(tmp_path / "d.csv"))
    assert code == 1 and "no usable records" in err


def test_unknown_columns_are_ignored_with_a_warning(tmp_path):
    text = "record_id,side,name,favourite_colour\nM1,missing,Asha,red\nM2,missing,Asha,blue\n"
    code, _, err = run("dedupe", write(tmp_path, "m.csv", text), "--out", str(tmp_path / "d.csv"))
    assert code == 0 and "unknown column 'favourite_colour' ignored" in err


def test_a_found_record_in_the_missing_file_is_reported(tmp_path):
    m = write(tmp_path, "m.csv", MISSING + "F9,found,Asha,,F,9,,,,,,,,,,,,,,\n")
    code, _, err = run("link", m, write(tmp_path, "f.csv", FOUND), "--out", str(tmp_path / "o.csv"))
    assert code == 0 and "row 4, column 'side': is 'found', expected 'missing'" in err


@pytest.mark.parametrize("score", ["-0.1", "1.5"])
def test_min_score_must_be_a_probability(tmp_path, score):
    m, f = write(tmp_path, "m.csv", MISSING), write(tmp_path, "f.csv", FOUND)
    code, _, err = run("link", m, f, "--out", str(tmp_path / "o.csv"), "--min-score", score)
    assert code == 2
