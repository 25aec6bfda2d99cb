from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.web.helpers import client_for, jpeg_with_gps_bytes, missing_report_post, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, Photo

URL = reverse("missing-reports-create")


def test_it_shows_the_form_with_the_users_states_districts(cast):
    response = client_for(cast.police_officer).get(URL)
    assert response.status_code == 200
    assert 'name="fir_number"' in response.text and 'name="photo_1"' in response.text
    assert f'<option value="{cast.district_a.pk}">Patna</option>' in response.text
    assert "Pune" not in response.text  # another state's districts come only when asked for


def test_only_police_may_report(cast):
    for person in ("cci_staff", "cwc_member", "district_officer", "national_officer"):
        assert client_for(getattr(cast, person)).get(URL).status_code == 403


def test_it_files_a_report_with_a_png_photo_and_its_thumbnail(cast):
    taken = timezone.localdate() - timedelta(days=60)
    data = missing_report_post(cast) | {
        "photo_1": SimpleUploadedFile("sonu.png", png_bytes(), content_type="image/png"),
        "taken_on_1": taken.isoformat(),
    }
    response = client_for(cast.police_officer).post(URL, data)
    report = MissingReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("missing-reports-detail", args=[report.pk])
    assert report.name == "Sonu Kumar" and report.police_station == cast.police_station_a
    photo = Photo.objects.get(missing_report=report)
    assert photo.taken_on == taken and photo.format == "png"
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.format == "JPEG"
    event = AuditEvent.objects.get(
        action="create", object_type="cases.missingreport", object_id=str(report.pk)
    )
    assert event.actor == cast.police_officer and event.summary["photos"] == 1


def test_it_strips_the_gps_position_from_a_jpeg(cast):
    with Image.open(__import__("io").BytesIO(jpeg_with_gps_bytes())) as original:
        assert 0x8825 in original.getexif()  # the test photo really carries GPS
    data = missing_report_post(cast) | {"photo_1": SimpleUploadedFile("a.jpg", jpeg_with_gps_bytes())}
    assert client_for(cast.police_officer).post(URL, data).status_code == 302
    photo = Photo.objects.get()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert 0x8825 not in stored.getexif() and len(stored.getexif()) == 0


def test_it_refuses_a_missing_person_aged_19_and_keeps_what_was_typed(cast):
    response = client_for(cast.police_officer).post(
        URL, missing_report_post(cast, age_years=19, name="सोनू कुमार")
    )
    assert response.status_code == 400
    assert "A missing child must be under 18 on the date missing (this person was 19)." in response.text
    assert 'value="सोनू कुमार"' in response.text and 'value="FIR-101/2026"' in response.text
    assert not MissingReport.objects.exists()
    assert not AuditEvent.objects.filter(action="create", object_type="cases.missingreport").exists()


def test_it_refuses_an_fir_dated_before_the_child_went_missing(cast):
    when = timezone.now() - timedelta(days=5)
    data = missing_report_post(
        cast, missing_since=when, fir_date=timezone.localdate(when) - timedelta(days=2)
    )
    response = client_for(cast.police_officer).post(URL, data)
    assert response.status_code == 400
    assert "The FIR cannot be dated before the child went missing." in response.text
    assert not MissingReport.objects.exists()


def test_it_shows_a_text_file_refused_as_photo_next_to_the_photos(cast):
    data = missing_report_post(cast) | {
        "photo_1": SimpleUploadedFile("notes.jpg", b"just some text", "image/jpeg")
    }
    response = client_for(cast.police_officer).post(URL, data)
    assert response.status_code == 400
    photos_section = response.text[response.text.index('<fieldset id="photos">') :]
    assert "This file is not a readable JPEG, PNG or WebP photo." in photos_section
    assert "please choose the photos again" in response.text
    assert not MissingReport.objects.exists() and not Photo.objects.exists()


def test_it_shows_a_required_field_error_from_the_form(cast):
    data = missing_report_post(cast)
    data["complainant_phone"] = ""
    response = client_for(cast.police_officer).post(URL, data)
    assert response.status_code == 400 and "This field is required." in response.text
    assert not MissingReport.objects.exists()


def test_show_districts_lists_another_states_districts_and_saves_nothing(cast):
    data = missing_report_post(cast) | {
        "last_seen_state": str(cast.district_b.state_id),
        "show_districts": "1",
    }
    response = client_for(cast.police_officer).post(URL, data)
    assert response.status_code == 200
    assert f'<option value="{cast.district_b.pk}">Pune</option>' in response.text
    assert 'value="Sonu Kumar"' in response.text
    assert "This field is required" not in response.text
    assert not MissingReport.objects.exists()


def test_a_district_of_another_state_can_be_chosen(cast):
    data = missing_report_post(cast, last_seen_district=cast.district_b)
    assert client_for(cast.police_officer).post(URL, data).status_code == 302
    assert MissingReport.objects.get().last_seen_district == cast.district_b
