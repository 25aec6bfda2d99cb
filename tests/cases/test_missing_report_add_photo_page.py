from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import Photo


def url(report) -> str:
    return reverse("missing-reports-add-photo", args=[report.pk])


def test_it_adds_a_photo_with_its_date_and_audits_it(cast, missing_report):
    response = client_for(cast.police_officer).post(
        url(missing_report),
        {"photo": SimpleUploadedFile("p.png", png_bytes()), "taken_on": "2026-01-15", "version": "1"},
    )
    assert response.status_code == 302
    photo = Photo.objects.get(missing_report=missing_report)
    assert str(photo.taken_on) == "2026-01-15"
    missing_report.refresh_from_db()
    assert missing_report.version == 2
    assert AuditEvent.objects.get(action="photo", object_type="cases.missingreport").summary == {
        "photo": photo.pk
    }


def test_it_shows_a_text_file_refused_on_the_photo_field(cast, missing_report):
    response = client_for(cast.police_officer).post(
        url(missing_report), {"photo": SimpleUploadedFile("p.png", b"hello"), "version": "1"}
    )
    assert response.status_code == 400
    assert "This file is not a readable JPEG, PNG or WebP photo." in response.text
    assert not Photo.objects.exists()


def test_the_outsider_gets_404(cast, missing_report):
    client = client_for(cast.outsider)
    assert client.get(url(missing_report)).status_code == 404
    response = client.post(
        url(missing_report), {"photo": SimpleUploadedFile("p.png", png_bytes()), "version": "1"}
    )
    assert response.status_code == 404 and not Photo.objects.exists()
