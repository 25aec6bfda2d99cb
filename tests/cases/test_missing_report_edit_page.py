from django.urls import reverse

from tests.web.helpers import as_post, client_for, missing_report_post
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport


def url(report) -> str:
    return reverse("missing-reports-edit", args=[report.pk])


def test_it_opens_the_form_filled_in_with_the_version(cast, missing_report):
    response = client_for(cast.police_officer).get(url(missing_report))
    assert response.status_code == 200
    assert 'value="Sonu Kumar"' in response.text
    assert '<input type="hidden" name="version" value="1"' in response.text
    assert f'<option value="{cast.district_a.pk}" selected>Patna</option>' in response.text


def test_it_saves_a_change_and_audits_it(cast, missing_report):
    data = missing_report_post(cast, name="Sonu Kumar Yadav") | {"version": "1"}
    response = client_for(cast.police_officer).post(url(missing_report), data)
    assert response.status_code == 302
    missing_report.refresh_from_db()
    assert missing_report.name == "Sonu Kumar Yadav" and missing_report.version == 2
    event = AuditEvent.objects.get(action="update", object_type="cases.missingreport")
    assert event.summary["fields"] == ["name"] and event.actor == cast.police_officer


def test_it_refuses_a_stale_form_and_keeps_the_users_input(cast, missing_report):
    first, second = client_for(cast.police_officer), client_for(cast.district_officer)
    for client in (first, second):  # both open the form at version 1
        assert 'name="version" value="1"' in client.get(url(missing_report)).text
    assert (
        first.post(
            url(missing_report), missing_report_post(cast, name="First Change") | {"version": "1"}
        ).status_code
        == 302
    )

    response = second.post(
        url(missing_report), missing_report_post(cast, name="Second Change") | {"version": "1"}
    )
    assert response.status_code == 409
    assert "Someone else changed this record while you were editing it." in response.text
    assert 'value="Second Change"' in response.text
    stored = MissingReport.objects.get()
    assert stored.name == "First Change" and stored.version == 2
    assert AuditEvent.objects.filter(action="update", object_type="cases.missingreport").count() == 1


def test_it_shows_the_services_validation_error_on_the_field(cast, missing_report):
    response = client_for(cast.police_officer).post(
        url(missing_report), missing_report_post(cast, age_years=19) | {"version": "1"}
    )
    assert response.status_code == 400
    assert "A missing child must be under 18" in response.text
    missing_report.refresh_from_db()
    assert missing_report.age_years == 11 and missing_report.version == 1


def test_the_outsider_gets_404(cast, missing_report):
    client = client_for(cast.outsider)
    assert client.get(url(missing_report)).status_code == 404
    assert (
        client.post(url(missing_report), missing_report_post(cast, name="X") | {"version": "1"}).status_code
        == 404
    )
    assert MissingReport.objects.get().name == "Sonu Kumar"


def test_a_national_officer_may_read_but_not_edit(cast, missing_report):
    client = client_for(cast.national_officer)
    assert client.get(url(missing_report)).status_code == 403
    assert client.post(url(missing_report), as_post({"name": "X", "version": 1})).status_code == 403
