"""The face check at upload: a photo without a usable face is kept, and the officer is told in words what to
retake — on the add-photo page, the create form, and over the API — in English and in Hindi."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.api.conftest import ApiClient, token_for
from tests.conftest import found_child_data
from tests.faces.conftest import face_photo, gradient_photo
from tests.web.helpers import client_for, missing_report_post
from trackchild.cases.models import Photo
from trackchild.cases.services import register_found_child
from trackchild.faces.models import PhotoFace

NO_FACE = (
    "No face was found. Take the photo from the front, with the whole face in view and nothing covering it."
)
NO_FACE_HI = "कोई चेहरा नहीं मिला।"


def add_photo(client, report, content: bytes, name: str = "child.jpg"):
    return client.post(
        reverse("missing-reports-add-photo", args=[report.pk]),
        {"photo": SimpleUploadedFile(name, content, "image/jpeg"), "version": str(report.version)},
        follow=True,
    )


def test_a_photo_without_a_face_is_kept_and_the_officer_is_told_what_to_retake(cast, missing_report):
    response = add_photo(client_for(cast.police_officer), missing_report, gradient_photo())
    assert response.status_code == 200
    assert "The photo is saved, but it cannot be used to match faces." in response.text
    assert NO_FACE in response.text
    photo = Photo.objects.get(missing_report=missing_report)  # kept: it is still evidence for reviewers
    face = PhotoFace.objects.get(photo=photo)
    assert (face.state, face.problem, face.embedding) == ("unusable", "no_face", None)
    assert face.checked_at is not None and face.sharpness is None
    # The record page keeps saying it beside the photo, for whoever opens the record later.
    page = client_for(cast.district_officer).get(reverse("missing-reports-detail", args=[missing_report.pk]))
    assert "Not used to match faces." in page.text and NO_FACE in page.text


def test_the_message_is_in_hindi_for_a_hindi_session(cast, missing_report):
    client = client_for(cast.police_officer)
    client.post(reverse("set_language"), {"language": "hi", "next": "/"})
    response = add_photo(client, missing_report, gradient_photo())
    assert NO_FACE_HI in response.text and "फ़ोटो सहेज ली गई है" in response.text


def test_a_faceless_photo_on_the_create_form_saves_the_record_and_warns(cast):
    form = missing_report_post(cast) | {
        "photo_1": SimpleUploadedFile("c.jpg", gradient_photo(), "image/jpeg"),
        "duplicates_checked": "1",
    }
    response = client_for(cast.police_officer).post(reverse("missing-reports-create"), form, follow=True)
    assert response.status_code == 200
    assert "Saved. The record" in response.text and NO_FACE in response.text
    assert PhotoFace.objects.get().problem == "no_face"


def test_a_photo_with_a_clear_face_passes_without_a_warning(cast, missing_report):
    response = add_photo(client_for(cast.police_officer), missing_report, face_photo("John_Salley"))
    assert "cannot be used to match faces" not in response.text
    face = PhotoFace.objects.get()
    assert face.problem == "" and face.face_width > 64 and face.sharpness > 100


def test_the_api_reports_the_check_and_keeps_the_photo(cast, missing_report):
    client = ApiClient(token_for(cast.police_officer))
    response = client.post(
        f"/api/missing-reports/{missing_report.pk}/photos",
        {"photo": SimpleUploadedFile("c.jpg", gradient_photo()), "version": 1},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["face_check"] == {"usable": False, "problem": "no_face", "message": NO_FACE}
    assert "embedding" not in response.text
    assert Photo.objects.filter(missing_report=missing_report).count() == 1


def test_the_api_says_a_good_photo_is_usable(cast, missing_report):
    client = ApiClient(token_for(cast.police_officer))
    response = client.post(
        f"/api/missing-reports/{missing_report.pk}/photos",
        {"photo": SimpleUploadedFile("c.jpg", face_photo("John_Savage")), "version": 1},
    )
    assert response.status_code == 201
    assert response.json()["face_check"] == {"usable": True, "problem": "", "message": ""}


def test_a_found_childs_only_photo_is_kept_even_when_blurred(cast):
    import cv2
    import numpy as np

    sharp = cv2.imdecode(np.frombuffer(face_photo("John_Simm"), np.uint8), cv2.IMREAD_COLOR)
    blurred = cv2.imencode(".jpg", cv2.GaussianBlur(sharp, (0, 0), 3))[1].tobytes()
    from trackchild.cases.services import PhotoUpload

    child = register_found_child(
        actor=cast.cci_staff, data=found_child_data(cast, name=""), photos=[PhotoUpload(blurred)]
    )
    face = PhotoFace.objects.get(photo__found_child=child)
    assert face.state == "unusable" and face.problem in {"too_blurred", "no_face"}
