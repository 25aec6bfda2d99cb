import pytest
from django.urls import reverse

from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.services import PhotoUpload, add_photo, set_status


def url(report) -> str:
    return reverse("missing-reports-detail", args=[report.pk])


def views_of(report):
    return AuditEvent.objects.filter(
        action="view", object_type="cases.missingreport", object_id=str(report.pk)
    )


@pytest.mark.parametrize(
    "person", ["police_officer", "district_officer", "state_officer", "national_officer"]
)
def test_it_shows_every_field_and_the_history_to_permitted_roles(cast, missing_report, person):
    response = client_for(getattr(cast, person)).get(url(missing_report))
    assert response.status_code == 200
    for shown in (
        "Sonu Kumar",
        "FIR-101/2026",
        "Patna Junction",
        "Ramesh Yadav",
        "9812345678",
        "Male",
        "Complainant&#x27;s phone",
        "Status history",
        "Reported",
    ):
        assert shown in response.text, shown


def test_it_writes_a_view_audit_row(cast, missing_report):
    client_for(cast.district_officer).get(url(missing_report))
    event = views_of(missing_report).get()
    assert event.actor == cast.district_officer and event.channel == "web"


def test_the_outsider_gets_404_and_no_view_is_recorded(cast, missing_report):
    response = client_for(cast.outsider).get(url(missing_report))
    assert response.status_code == 404
    assert "Sonu Kumar" not in response.text
    assert not views_of(missing_report).exists()


def test_it_shows_thumbnails_linking_to_the_full_photo(cast, missing_report):
    photo = add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=1, upload=PhotoUpload(png_bytes())
    )
    response = client_for(cast.police_officer).get(url(missing_report))
    assert (
        f'<a href="{reverse("photos-image", args=[photo.pk])}"><img src="{reverse("photos-thumbnail", args=[photo.pk])}"'
        in response.text
    )
    assert "/media/" not in response.text


def test_it_offers_changes_to_the_police_and_none_to_national_officers(cast, missing_report):
    edit = reverse("missing-reports-edit", args=[missing_report.pk])
    assert edit in client_for(cast.police_officer).get(url(missing_report)).text
    assert edit not in client_for(cast.national_officer).get(url(missing_report)).text


def test_it_shows_names_exactly_as_entered_in_any_script(cast):
    from tests.conftest import missing_report_data
    from trackchild.cases.services import register_missing_report

    report = register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(
            cast, fir_number="T-1", name="முருகன்", other_names="মুন্না", mother_name="सीता देवी"
        ),
    )
    text = client_for(cast.police_officer).get(url(report)).text
    assert "முருகன்" in text and "মুন্না" in text and "सीता देवी" in text


@pytest.mark.parametrize("count", [3, 30])
def test_it_needs_the_same_few_queries_however_long_the_history(
    cast,
    missing_report,
    count,
    django_assert_max_num_queries,
):
    version = 1
    for n in range(count):
        to_status = "traced" if n % 2 == 0 else "reported"
        set_status(
            actor=cast.police_officer,
            record=missing_report,
            to_status=to_status,
            expected_version=version,
            reason="checked",
        )
        version += 1
    for _ in range(count // 3):
        add_photo(
            actor=cast.police_officer,
            record=missing_report,
            expected_version=version,
            upload=PhotoUpload(png_bytes()),
        )
        version += 1
    client = client_for(cast.police_officer)
    with django_assert_max_num_queries(14):
        response = client.get(url(missing_report))
    assert response.status_code == 200
    assert response.text.count("/thumb/") == count // 3


def test_the_page_is_not_kept_in_the_browsers_cache(cast, missing_report):
    response = client_for(cast.police_officer).get(url(missing_report))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
