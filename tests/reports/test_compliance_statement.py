"""The compliance statement's figures against the hand-counted world of tests/reports/conftest.py."""

import pytest
from django.http import Http404

from trackchild.reports.compliance import compliance_statement


def row(statement, name):
    return next(r for r in statement.rows if r.name == name)


def figures(r):
    return {
        "registered": r.registered_total,
        "ever": r.active["ever"],
        "90": r.active["90"],
        "30": r.active["30"],
        "entered": r.entered,
        "updated": r.updated,
        "share": r.share,
    }


# (period, Bihar, Maharashtra, India) — registered, active ever/90/30 do not depend on the period.
STATE_LEVEL = {
    "30": (
        {"registered": 6, "ever": 3, "90": 2, "30": 1, "entered": 1, "updated": 1, "share": 16.7},
        {"registered": 1, "ever": 1, "90": 1, "30": 1, "entered": 1, "updated": 0, "share": 100.0},
        {"registered": 7, "ever": 4, "90": 3, "30": 2, "entered": 2, "updated": 1, "share": 28.6},
    ),
    "90": (
        {"registered": 6, "ever": 3, "90": 2, "30": 1, "entered": 3, "updated": 1, "share": 33.3},
        {"registered": 1, "ever": 1, "90": 1, "30": 1, "entered": 1, "updated": 0, "share": 100.0},
        {"registered": 7, "ever": 4, "90": 3, "30": 2, "entered": 4, "updated": 1, "share": 42.9},
    ),
    "ever": (
        {"registered": 6, "ever": 3, "90": 2, "30": 1, "entered": 5, "updated": 2, "share": 50.0},
        {"registered": 1, "ever": 1, "90": 1, "30": 1, "entered": 1, "updated": 0, "share": 100.0},
        {"registered": 7, "ever": 4, "90": 3, "30": 2, "entered": 6, "updated": 2, "share": 57.1},
    ),
}


@pytest.mark.parametrize("period", ["30", "90", "ever"])
def test_the_state_level_counts_each_state_and_india(world, period):
    statement = compliance_statement(world.cast.national_officer, period=period)
    bihar, maharashtra, india = STATE_LEVEL[period]
    assert statement.level == "state"
    assert figures(row(statement, "Bihar")) == bihar
    assert figures(row(statement, "Maharashtra")) == maharashtra
    assert figures(statement.total) == india
    assert statement.total.name == "India"
    assert len(statement.rows) == 36  # every State/UT has a line, registered institutions or not
    assert row(statement, "Kerala").registered_total == 0 and row(statement, "Kerala").share is None


def test_the_state_level_counts_institutions_by_type(world):
    bihar = row(compliance_statement(world.cast.national_officer), "Bihar")
    assert bihar.registered == {"police_station": 2, "cwc": 1, "jjb": 1, "cci": 2}


DISTRICT_LEVEL = {
    "30": (
        {"registered": 5, "ever": 2, "90": 2, "30": 1, "entered": 1, "updated": 1, "share": 20.0},
        {"registered": 1, "ever": 1, "90": 0, "30": 0, "entered": 0, "updated": 0, "share": 0.0},
    ),
    "90": (
        {"registered": 5, "ever": 2, "90": 2, "30": 1, "entered": 3, "updated": 1, "share": 40.0},
        {"registered": 1, "ever": 1, "90": 0, "30": 0, "entered": 0, "updated": 0, "share": 0.0},
    ),
    "ever": (
        {"registered": 5, "ever": 2, "90": 2, "30": 1, "entered": 4, "updated": 1, "share": 40.0},
        {"registered": 1, "ever": 1, "90": 0, "30": 0, "entered": 1, "updated": 1, "share": 100.0},
    ),
}


@pytest.mark.parametrize("period", ["30", "90", "ever"])
def test_the_district_level_counts_each_district_of_the_state(world, period):
    statement = compliance_statement(world.cast.state_officer, period=period)
    patna, gaya = DISTRICT_LEVEL[period]
    assert statement.level == "district" and statement.scope_name == "Bihar"
    assert figures(row(statement, "Patna")) == patna
    assert figures(row(statement, "Gaya")) == gaya
    assert row(statement, "Nalanda").registered_total == 0  # a district with nothing registered still shows
    assert figures(statement.total)["registered"] == 6
    assert statement.total.last_entry == world.m2.updated_at


INSTITUTION_LEVEL = {
    # institution: (ever, 90, 30, entered/updated for 30, 90, ever)
    "PS-A police_station": (1, 1, 1, {"30": (1, 1), "90": (2, 1), "ever": (3, 1)}),
    "CCI-A cci": (1, 1, 0, {"30": (0, 0), "90": (1, 0), "ever": (1, 0)}),
    "CWC-A cwc": (0, 0, 0, {"30": (0, 0), "90": (0, 0), "ever": (0, 0)}),
    "JJB-A jjb": (0, 0, 0, {"30": (0, 0), "90": (0, 0), "ever": (0, 0)}),
    "PS-A2 police_station": (0, 0, 0, {"30": (0, 0), "90": (0, 0), "ever": (0, 0)}),
}


@pytest.mark.parametrize("period", ["30", "90", "ever"])
def test_the_institution_level_counts_each_institution_of_the_district(world, period):
    statement = compliance_statement(world.cast.district_officer, period=period)
    assert statement.level == "institution" and statement.scope_name == "Patna (Bihar)"
    assert sorted(r.name for r in statement.rows) == sorted(INSTITUTION_LEVEL)
    for name, (ever, d90, d30, counts) in INSTITUTION_LEVEL.items():
        r = row(statement, name)
        assert (r.active["ever"], r.active["90"], r.active["30"]) == (ever, d90, d30), name
        assert (r.entered, r.updated) == counts[period], name
    assert row(statement, "PS-A police_station").last_entry == world.m2.updated_at
    assert row(statement, "CCI-A cci").last_entry == world.f1.updated_at
    assert row(statement, "PS-A2 police_station").last_entry is None


def test_gaya_at_institution_level_shows_its_old_entry(world):
    statement = compliance_statement(world.cast.national_officer, district_id=world.gaya.pk, period="ever")
    (cci,) = statement.rows
    assert (cci.active["ever"], cci.active["90"], cci.entered, cci.updated) == (1, 0, 1, 1)
    assert cci.last_entry == world.f2.updated_at


def test_it_filters_by_type(world):
    statement = compliance_statement(world.cast.national_officer, kind="cci", period="90")
    bihar = row(statement, "Bihar")
    assert bihar.registered == {"police_station": 0, "cwc": 0, "jjb": 0, "cci": 2}
    assert figures(bihar) == {
        "registered": 2,
        "ever": 2,
        "90": 1,
        "30": 0,
        "entered": 1,
        "updated": 0,
        "share": 50.0,
    }
    assert statement.total.registered_total == 2


def test_it_sorts_by_a_column(world):
    statement = compliance_statement(world.cast.national_officer, sort="registered", descending=True)
    assert [r.name for r in statement.rows[:2]] == ["Bihar", "Maharashtra"]


def test_it_leaves_closed_institutions_and_dcpus_out(world):
    from tests.conftest import make_institution
    from trackchild.registry.services import close_institution

    make_institution("DCPU-A", "dcpu", world.cast.district_a)
    close_institution(
        actor=world.cast.state_officer,
        institution_id=world.ps_a2.pk,
        expected_version=1,
        reason="Merged into PS-A",
    )
    patna = row(compliance_statement(world.cast.state_officer), "Patna")
    assert patna.registered == {"police_station": 1, "cwc": 1, "jjb": 1, "cci": 1}


def test_a_state_officer_sees_only_their_state(world):
    statement = compliance_statement(world.cast.state_officer)
    assert statement.total.registered_total == 6
    with pytest.raises(Http404):
        compliance_statement(world.cast.state_officer, state_id=world.cast.district_b.state_id)
    with pytest.raises(Http404):
        compliance_statement(world.cast.state_officer, district_id=world.cast.district_b.pk)


def test_a_district_officer_sees_only_their_district(world):
    assert compliance_statement(world.cast.district_officer).total.registered_total == 5
    with pytest.raises(Http404):
        compliance_statement(world.cast.district_officer, district_id=world.gaya.pk)
    in_state = compliance_statement(world.cast.district_officer, state_id=world.cast.district_a.state_id)
    assert [r.name for r in in_state.rows] == ["Patna"]
