"""Faces end to end in a browser: a police officer uploads a photo with no face and is told what to retake
(the photo is kept); a nameless child found far away, photographed, is proposed for the report whose photo
shows the same person, and the reviewer sees both photos, the face score and the face's part in the score."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import found_child_data, missing_report_data
from tests.faces.conftest import face_photo, gradient_photo
from trackchild.cases.models import Photo
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report
from trackchild.faces.models import PhotoFace
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate


@pytest.fixture(autouse=True)
def _fresh_index():
    PORTAL_INDEX.reset()  # the index lives in the process; each test has its own database
    yield
    PORTAL_INDEX.reset()


def test_a_photo_without_a_face_is_kept_and_the_officer_told_what_to_retake(open_page, live_server, cast):
    report = register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    page = open_page(cast.police_officer)
    page.goto(f"{live_server.url}/missing/{report.pk}/photos/")
    page.set_input_files(
        "input[name=photo]",
        files=[{"name": "gradient.jpg", "mimeType": "image/jpeg", "buffer": gradient_photo()}],
    )
    page.click("form:has(input[name=photo]) button[type=submit]")
    page.wait_for_url(f"{live_server.url}/missing/{report.pk}/")
    messages = page.locator(".messages")
    expect(messages).to_contain_text("The photo is saved, but it cannot be used to match faces.")
    expect(messages).to_contain_text("No face was found. Take the photo from the front")
    expect(page.locator(".face-note")).to_contain_text("Not used to match faces.")
    screenshot(page, "faces-upload-no-face")
    assert Photo.objects.filter(missing_report=report).count() == 1
    assert PhotoFace.objects.get().problem == "no_face"


def test_the_reviewer_sees_both_photos_and_the_face_score(open_page, live_server, cast):
    taken = timezone.localdate() - timedelta(days=200)
    report = register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Salley", 0), taken_on=taken)],
    )
    child = register_found_child(
        actor=cast.cci_staff,
        data=found_child_data(
            cast, name="", father_name="", found_district=cast.district_b, found_place="Pune railway station"
        ),
        photos=[PhotoUpload(face_photo("John_Salley", 3))],
    )
    candidate = Candidate.objects.get(missing_report=report, found_child=child)
    for language in ("en", "hi"):
        page = open_page(cast.district_officer, language=language)
        page.goto(f"{live_server.url}/matching/candidates/{candidate.pk}/")
        panel = page.locator("#face-comparison")
        expect(panel).to_contain_text("0." if language == "en" else "चेहरे की समानता")
        images = page.locator(".side-by-side img")
        expect(images).to_have_count(2)
        for i in range(2):  # both thumbnails load (polled: a thumbnail may still be on its way)
            loaded = "img => img.complete && img.naturalWidth > 0"
            page.wait_for_function(loaded, arg=images.nth(i).element_handle())
        screenshot(page, f"faces-candidate-{language}")
    en = open_page(cast.district_officer)
    en.goto(f"{live_server.url}/matching/candidates/{candidate.pk}/")
    expect(en.locator("#face-comparison")).to_contain_text(
        "Faces look very alike (photos under 2 years apart)"
    )
    expect(en.locator("table.explanation")).to_contain_text("faces look very alike")
