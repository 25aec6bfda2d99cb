import pytest
from django.urls import reverse

from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.services import PhotoUpload, add_photo


@pytest.fixture
def photo(cast, missing_report):
    return add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=1, upload=PhotoUpload(png_bytes())
    )


def test_the_full_photo_is_served_privately_and_its_viewing_audited(cast, photo, missing_report):
    response = client_for(cast.district_officer).get(reverse("photos-image", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    event = AuditEvent.objects.get(action="view", object_type="cases.photo", object_id=str(photo.pk))
    assert event.actor == cast.district_officer
    assert event.summary == {"record": f"cases.missingreport:{missing_report.pk}"}


def test_the_thumbnail_is_a_private_jpeg_and_not_audited_by_itself(cast, photo):
    response = client_for(cast.police_officer).get(reverse("photos-thumbnail", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert not AuditEvent.objects.filter(action="view", object_type="cases.photo").exists()


@pytest.mark.parametrize("name", ["photos-image", "photos-thumbnail"])
def test_the_outsider_gets_404(cast, photo, name):
    response = client_for(cast.outsider).get(reverse(name, args=[photo.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="view", object_type="cases.photo").exists()


def test_a_cci_cannot_open_a_police_stations_photo(cast, photo):
    assert client_for(cast.cci_staff).get(reverse("photos-image", args=[photo.pk])).status_code == 404


def test_visitors_who_are_not_logged_in_are_sent_to_login(client, photo):
    response = client.get(reverse("photos-image", args=[photo.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
