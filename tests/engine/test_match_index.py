"""The real-time index: inserts, updates, removals; candidates on the other side; duplicates on its own."""

from childmatch import ENGINE_VERSION, MatchIndex, Record, __version__, dedupe, link


def rec(rid, side, **fields):
    return Record.from_dict({"record_id": rid, "side": side, **fields})


MISSING = [
    rec(
        "M1",
        "missing",
        name="Pooja Kumari",
        gender="F",
        age_years="9",
        event_date="2021-03-01",
        state="Bihar",
        district="Gaya",
        father_name="Ramesh Yadav",
        languages="Hindi;Magahi",
    ),
    rec(
        "M2",
        "missing",
        name="Pooja Sharma",
        gender="F",
        age_years="15",
        event_date="2021-03-01",
        state="Kerala",
        district="Kollam",
        father_name="Anil Sharma",
    ),
    rec(
        "M3",
        "missing",
        name="Rahul",
        alias="Guddu",
        gender="M",
        age_years="7",
        event_date="2019-05-01",
        state="Odisha",
        district="Cuttack",
    ),
    rec(
        "M4",
        "missing",
        name="पूजा कुमारी",
        gender="F",
        age_years="9",
        event_date="2021-03-04",
        state="Bihar",
        district="Gaya",
        father_name="Ramesh",
    ),
]
FOUND = rec(
    "F1",
    "found",
    name="पूजा",
    gender="F",
    age_years="11",
    event_date="2023-01-10",
    state="Delhi",
    district="North Delhi",
    address="Gaya",
    father_name="Ramesh",
    languages="Hindi",
)


def build():
    index = MatchIndex()
    for r in MISSING:
        index.add(r)
    return index


def test_it_ranks_the_right_report_first_with_an_explanation():
    cands = build().candidates(FOUND)
    assert cands[0].other_id in ("M1", "M4") and cands[0].found_id == "F1"
    assert cands[0].score > cands[-1].score
    assert cands[0].band in ("high", "medium", "low")
    fields = [c.field for c in cands[0].contributions]
    assert fields[:3] == ["name", "gender", "age"]
    assert "M2" not in [c.other_id for c in cands[:2]]


def test_it_finds_duplicates_on_the_same_side():
    dupes = build().duplicates(MISSING[0])
    assert dupes[0].other_id == "M4"
    assert all(c.other_id != "M1" for c in dupes)


def test_it_forgets_removed_records_and_sees_updates():
    index = build()
    assert index.remove("M1") and index.remove("M4")
    assert not index.remove("M1")
    assert {c.other_id for c in index.candidates(FOUND)} <= {"M2", "M3"}
    index.update(
        rec(
            "M2",
            "missing",
            name="Pooja",
            gender="F",
            age_years="9",
            event_date="2021-03-01",
            state="Bihar",
            district="Gaya",
            father_name="Ramesh",
        )
    )
    top = index.candidates(FOUND)[0]
    assert top.other_id == "M2" and top.score > 0.5
    index.compact()
    assert len(index) == 2


def test_a_pet_name_in_alias_finds_the_child():
    found = rec(
        "F2", "found", name="Guddu", gender="M", age_years="10", event_date="2022-01-01", state="Odisha"
    )
    assert build().candidates(found)[0].other_id == "M3"


def test_batch_link_ranks_within_each_found_child_and_dedupe_pairs_once():
    results = link(MISSING, [FOUND], min_score=0.0)
    assert [r.rank for r in results] == list(range(1, len(results) + 1))
    assert results[0].missing_id in ("M1", "M4")
    pairs = dedupe(MISSING, min_score=0.5)
    assert [(a, b) for a, b, _, _ in pairs] == [("M1", "M4")]


def test_it_states_its_version():
    assert ENGINE_VERSION.endswith(__version__)


def test_a_typo_that_changes_the_skeleton_still_reaches_the_report():
    index = MatchIndex()
    index.add(rec("M7", "missing", name="Hitendra", gender="M", age_years="12", event_date="2022-01-01"))
    found = rec("F7", "found", name="Hitmndra", gender="M", age_years="13", event_date="2023-01-01")
    assert [c.other_id for c in index.candidates(found)] == ["M7"]
