"""Duplicates: the create form warns before saving a record that looks like one already there, and a merge
closes the duplicate with a reason pointing to the kept record, its history still reachable."""

from tests.conftest import missing_report_data
from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport
from trackchild.cases.services import register_missing_report
from trackchild.matching.models import Duplicate
from trackchild.matching.services import merge_duplicate


def form_data(cast, **overrides) -> dict:
    data = missing_report_data(cast, fir_number="FIR-202/2026", **overrides)
    out = {key: (value.pk if hasattr(value, "pk") else value) for key, value in data.items()}
    out["missing_since"] = data["missing_since"].strftime("%Y-%m-%dT%H:%M")
    out["fir_date"] = data["fir_date"].isoformat()
    out["last_seen_state"] = cast.district_a.state.pk
    return out


def test_the_form_warns_of_a_lookalike_and_saves_only_when_asked_again(cast, missing_report):
    client = client_for(cast.police_officer)
    first = client.post("/missing/new/", form_data(cast))
    assert first.status_code == 200
    page = first.content.decode()
    assert "This child may already be registered." in page and f'href="/missing/{missing_report.pk}/"' in page
    assert MissingReport.objects.count() == 1
    second = client.post("/missing/new/", {**form_data(cast), "duplicates_checked": "1"})
    assert second.status_code == 302
    assert MissingReport.objects.count() == 2


def test_the_form_does_not_warn_of_a_different_child(cast, missing_report):
    client = client_for(cast.police_officer)
    answer = client.post(
        "/missing/new/",
        form_data(cast, name="Meena Kumari", gender="female", age_years=5, father_name="Suresh Paswan"),
    )
    assert answer.status_code == 302


def test_the_outsider_is_not_warned_of_another_districts_record(cast, missing_report):
    client = client_for(cast.outsider)
    data = form_data(cast, last_seen_district=cast.district_b)
    data["last_seen_state"] = cast.district_b.state.pk
    answer = client.post("/missing/new/", data)
    assert answer.status_code == 302
    assert f"/missing/{missing_report.pk}/" not in answer.content.decode()


def test_a_merge_closes_the_duplicate_pointing_to_the_kept_record(cast, missing_report, committed):
    second = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-202/2026"),
    )
    row = Duplicate.objects.get(side="missing")
    assert {row.first_id, row.second_id} == {missing_report.pk, second.pk}
    merge_duplicate(actor=cast.police_officer, duplicate_id=row.pk, keep_id=missing_report.pk)
    second.refresh_from_db(), row.refresh_from_db()
    assert second.status == "closed" and row.status == "merged" and row.kept_id == missing_report.pk
    assert f"Duplicate of record {missing_report.pk}" in second.status_changes.last().reason
    assert AuditEvent.objects.filter(action="merge", object_id=str(second.pk)).exists()
    client = client_for(cast.police_officer)
    assert client.get(f"/missing/{second.pk}/").status_code == 200  # its history stays reachable


def test_the_merge_button_on_the_record_page_merges(cast, missing_report, committed):
    second = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-202/2026"),
    )
    client = client_for(cast.police_officer)
    page = client.get(f"/missing/{missing_report.pk}/").content.decode()
    row = Duplicate.objects.get()
    assert f"/matching/duplicates/{row.pk}/merge/" in page
    answer = client.post(f"/matching/duplicates/{row.pk}/merge/", {"keep": missing_report.pk})
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.status == "closed"


def test_the_outsider_cannot_merge(cast, missing_report, committed):
    committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-202/2026"),
    )
    client = client_for(cast.outsider)
    row = Duplicate.objects.get()
    assert client.post(f"/matching/duplicates/{row.pk}/merge/", {"keep": row.first_id}).status_code == 404
    assert Duplicate.objects.get().status == "pending"
