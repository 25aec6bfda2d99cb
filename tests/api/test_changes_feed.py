"""/api/changes: a police system pulls what happened to records in its jurisdiction after a cursor."""

import pytest

from tests.conftest import missing_report_data
from trackchild.cases.services import register_missing_report, set_status


@pytest.fixture(autouse=True)
def _no_settling(monkeypatch):
    monkeypatch.setattr("trackchild.exchange.changes.SETTLE_SECONDS", 0)


def test_it_reports_a_trace_after_the_cursor(cast, api_as, missing_report):
    client = api_as(cast.police_officer)
    first = client.get("/api/changes").json()
    assert [(c["action"], c["id"]) for c in first["results"]] == [("create", missing_report.pk)]
    set_status(actor=cast.district_officer, record=missing_report, to_status="traced", expected_version=1)
    later = client.get("/api/changes", {"since": first["next"]}).json()
    assert len(later["results"]) == 1
    change = later["results"][0]
    assert (change["action"], change["from_status"], change["to_status"]) == ("status", "reported", "traced")
    assert change["record"] == {
        "fir_number": "FIR-101/2026",
        "police_station": "PS-A",
        "status": "traced",
        "version": 2,
    }
    assert client.get("/api/changes", {"since": later["next"]}).json()["results"] == []


def test_it_pages_with_the_cursor(cast, api_as):
    for n in range(5):
        register_missing_report(
            actor=cast.police_officer, data=missing_report_data(cast, fir_number=f"F-{n}")
        )
    client = api_as(cast.district_officer)
    seen, since = [], 0
    while True:
        page = client.get("/api/changes", {"since": since, "limit": 2}).json()
        seen += [c["id"] for c in page["results"]]
        since = page["next"]
        if not page["results"]:
            break
    assert len(seen) == 5 == len(set(seen))


def test_the_outsider_sees_no_change_of_another_district(cast, api_as, missing_report):
    body = api_as(cast.outsider).get("/api/changes").json()
    assert body["results"] == [] and body["next"] >= 0


def test_unknown_parameters_are_refused(cast, api_as):
    assert api_as(cast.police_officer).get("/api/changes", {"sinse": 4}).status_code == 422
