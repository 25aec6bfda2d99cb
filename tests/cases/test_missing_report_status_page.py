from django.urls import reverse
from django.utils import timezone

from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import StatusChange


def url(report) -> str:
    return reverse("missing-reports-status", args=[report.pk])


def test_it_offers_only_the_allowed_next_statuses(cast, missing_report):
    response = client_for(cast.police_officer).get(url(missing_report))
    assert response.status_code == 200
    assert '<option value="traced">Traced</option>' in response.text
    assert '<option value="closed">Closed</option>' in response.text
    assert '<option value="reported"' not in response.text


def test_a_change_writes_history_and_an_audit_row(cast, missing_report):
    today = timezone.localdate().isoformat()
    response = client_for(cast.police_officer).post(
        url(missing_report),
        {"to_status": "traced", "effective_on": today, "order_number": "GD-77", "reason": "", "version": "1"},
    )
    assert response.status_code == 302
    missing_report.refresh_from_db()
    assert missing_report.status == "traced" and missing_report.version == 2
    change = StatusChange.objects.filter(missing_report=missing_report).latest("id")
    assert (change.from_status, change.to_status, change.order_number) == ("reported", "traced", "GD-77")
    event = AuditEvent.objects.get(action="status", object_type="cases.missingreport")
    assert event.summary == {"from_status": "reported", "to_status": "traced"}


def test_it_refuses_a_transition_the_table_does_not_allow(cast, missing_report):
    response = client_for(cast.police_officer).post(
        url(missing_report),
        {
            "to_status": "reported",
            "effective_on": timezone.localdate().isoformat(),
            "reason": "x",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "A record that is “Reported” cannot become “Reported”." in response.text
    assert StatusChange.objects.filter(missing_report=missing_report).count() == 1


def test_closing_needs_a_reason(cast, missing_report):
    response = client_for(cast.police_officer).post(
        url(missing_report),
        {
            "to_status": "closed",
            "effective_on": timezone.localdate().isoformat(),
            "reason": " ",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "Give the reason for this change." in response.text
    missing_report.refresh_from_db()
    assert missing_report.status == "reported"


def test_a_stale_status_form_is_refused(cast, missing_report):
    client = client_for(cast.police_officer)
    data = {"to_status": "traced", "effective_on": timezone.localdate().isoformat(), "version": "1"}
    assert client.post(url(missing_report), data).status_code == 302
    response = client.post(url(missing_report), data | {"to_status": "closed", "reason": "duplicate"})
    assert response.status_code == 409 and "Someone else changed this record" in response.text
    missing_report.refresh_from_db()
    assert missing_report.status == "traced"


def test_the_outsider_gets_404(cast, missing_report):
    client = client_for(cast.outsider)
    assert client.get(url(missing_report)).status_code == 404
    assert client.post(url(missing_report), {"to_status": "closed", "version": "1"}).status_code == 404
