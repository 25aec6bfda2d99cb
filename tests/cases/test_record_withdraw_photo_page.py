"""The "Withdraw photo" action on a record's page: a small form under each photo, for those who may edit the
record, and /missing|found/<pk>/photos/<photo>/withdraw/ which takes it (and shows it again with its errors)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import Photo
from trackchild.cases.services import PhotoUpload, add_photo, withdraw_photo

REASON = "A photo of the complainant, not of the child"


@pytest.fixture
def photo(cast, missing_report) -> Photo:
    return add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=1, upload=PhotoUpload(png_bytes())
    )


def url(record, photo, prefix="missing-reports") -> str:
    return reverse(f"{prefix}-withdraw-photo", args=[record.pk, photo.pk])


def detail(record, prefix="missing-reports") -> str:
    return reverse(f"{prefix}-detail", args=[record.pk])


def test_the_record_page_offers_the_form_under_each_photo_to_those_who_may_edit(cast, missing_report, photo):
    page = client_for(cast.police_officer).get(detail(missing_report)).text
    assert "Withdraw photo" in page
    assert f'action="{url(missing_report, photo)}"' in page
    assert 'name="csrfmiddlewaretoken"' in page and 'name="reason"' in page and "required" in page
    assert "It will no longer be shown or used to match faces" in page


def test_a_national_officer_who_only_reads_is_not_offered_it(cast, missing_report, photo):
    page = client_for(cast.national_officer).get(detail(missing_report)).text
    assert "thumb/" in page and "Withdraw photo" not in page


def test_it_withdraws_the_photo_says_so_and_the_page_no_longer_shows_it(cast, missing_report, photo):
    client = client_for(cast.police_officer)
    response = client.post(url(missing_report, photo), {"reason": REASON}, follow=True)
    assert response.redirect_chain == [(detail(missing_report), 302)]
    assert "Photo withdrawn" in response.text
    assert reverse("photos-thumbnail", args=[photo.pk]) not in response.text
    assert "No photo yet." in response.text
    photo.refresh_from_db()
    assert photo.is_withdrawn and photo.withdrawal_reason == REASON
    assert AuditEvent.objects.filter(action="withdraw_photo", actor=cast.police_officer).count() == 1


def test_the_page_on_its_own_shows_the_photo_and_the_confirmation(cast, missing_report, photo):
    response = client_for(cast.police_officer).get(url(missing_report, photo))
    assert response.status_code == 200
    assert reverse("photos-thumbnail", args=[photo.pk]) in response.text
    assert "Withdraw this photo only if it is wrong" in response.text


def test_an_empty_reason_is_refused_and_nothing_changes(cast, missing_report, photo):
    response = client_for(cast.police_officer).post(url(missing_report, photo), {"reason": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn
    assert not AuditEvent.objects.filter(action="withdraw_photo").exists()


def test_a_photo_withdrawn_before_is_refused_in_words_without_a_second_row(cast, missing_report, photo):
    withdraw_photo(actor=cast.district_officer, photo=photo, reason=REASON)
    response = client_for(cast.police_officer).post(
        url(missing_report, photo), {"reason": "again"}, follow=True
    )
    assert response.redirect_chain == [(detail(missing_report), 302)]
    assert "This photo was already withdrawn." in response.text
    assert AuditEvent.objects.filter(action="withdraw_photo").count() == 1
    assert Photo.objects.get(pk=photo.pk).withdrawal_reason == REASON


def test_a_photo_of_another_record_is_refused_and_left_alone(cast, missing_report, found_child):
    others = add_photo(
        actor=cast.cci_staff, record=found_child, expected_version=1, upload=PhotoUpload(png_bytes())
    )
    response = client_for(cast.police_officer).post(
        url(missing_report, others), {"reason": REASON}, follow=True
    )
    assert response.redirect_chain == [(detail(missing_report), 302)]
    assert "This record has no such photo." in response.text
    assert not Photo.objects.get(pk=others.pk).is_withdrawn


def test_the_outsider_gets_404_and_the_national_officer_403(cast, missing_report, photo):
    assert client_for(cast.outsider).post(url(missing_report, photo), {"reason": REASON}).status_code == 404
    assert (
        client_for(cast.national_officer).post(url(missing_report, photo), {"reason": REASON}).status_code
        == 403
    )
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_the_cci_withdraws_a_photo_of_its_found_child(cast, found_child):
    photo = add_photo(
        actor=cast.cci_staff, record=found_child, expected_version=1, upload=PhotoUpload(png_bytes())
    )
    response = client_for(cast.cci_staff).post(
        url(found_child, photo, "found-children"), {"reason": REASON}, follow=True
    )
    assert "Photo withdrawn" in response.text
    assert Photo.objects.get(pk=photo.pk).is_withdrawn


def test_the_form_and_the_message_are_in_hindi(cast, missing_report, photo):
    client = client_for(cast.police_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    try:
        page = client.get(detail(missing_report)).text
        response = client.post(url(missing_report, photo), {"reason": REASON}, follow=True)
    finally:
        translation.activate("en")  # the locale middleware leaves the thread in Hindi
    assert "फ़ोटो वापस लें" in page
    assert "फ़ोटो वापस ले ली गई" in response.text
