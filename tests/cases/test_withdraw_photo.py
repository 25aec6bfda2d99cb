"""cases.services.withdraw_photo: an officer who may edit a record takes a wrong photo off it, with a reason.

Nothing is deleted: the file stays, with who withdrew it, when and why; every reader leaves the photo out and
the record is matched again without it (tests/faces/test_withdraw_photo_in_matching.py has the faces)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.web.helpers import png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases import selectors
from trackchild.cases.models import Photo
from trackchild.cases.services import (
    WITHDRAWAL_REASON_MAX_LENGTH,
    PhotoAlreadyWithdrawn,
    PhotoUpload,
    add_photo,
    withdraw_photo,
)
from trackchild.matching.models import MatchJob

REASON = "This is the photo of the child's elder brother"


@pytest.fixture
def photo(cast, missing_report) -> Photo:
    return add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=1, upload=PhotoUpload(png_bytes())
    )


@pytest.fixture
def found_photo(cast, found_child) -> Photo:
    return add_photo(
        actor=cast.cci_staff, record=found_child, expected_version=1, upload=PhotoUpload(png_bytes())
    )


def withdrawals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="withdraw_photo"))


def test_it_withdraws_the_photo_with_who_when_and_why_and_keeps_the_file(cast, photo, missing_report):
    withdrawn = withdraw_photo(actor=cast.police_officer, photo=photo, reason=f"  {REASON}\n")
    photo.refresh_from_db()
    assert photo.is_withdrawn and photo.withdrawn_by == cast.police_officer and photo.withdrawn_at
    assert photo.withdrawal_reason == REASON  # trimmed
    assert photo.image.storage.exists(photo.image.name) and photo.thumbnail.storage.exists(
        photo.thumbnail.name
    )
    missing_report.refresh_from_db()
    assert missing_report.version == 3  # 1, the photo added, the photo withdrawn
    assert withdrawn.missing_report.version == 3


def test_it_writes_one_audit_row_on_the_record_without_the_reason(cast, photo, missing_report):
    withdraw_photo(actor=cast.police_officer, photo=photo, reason=REASON)
    [event] = withdrawals()
    assert (event.actor, event.object_type, event.object_id) == (
        cast.police_officer,
        "cases.missingreport",
        str(missing_report.pk),
    )
    # The reason is free text that may name the child: it stays on the photo row, not in the audit summary.
    assert event.summary == {"photo": photo.pk}


def test_the_district_officer_may_withdraw_a_photo_of_the_district(cast, photo):
    withdraw_photo(actor=cast.district_officer, photo=photo, reason=REASON)
    assert Photo.objects.get(pk=photo.pk).withdrawn_by == cast.district_officer


def test_the_cwc_may_withdraw_a_photo_of_a_child_produced_before_it(cast, found_photo):
    withdraw_photo(actor=cast.cwc_member, photo=found_photo, reason=REASON)
    assert Photo.objects.get(pk=found_photo.pk).is_withdrawn


@pytest.mark.parametrize("who", ["outsider", "cci_staff", "jjb_member", "national_officer"])
def test_it_refuses_those_who_may_not_edit_the_record_and_changes_nothing(cast, photo, missing_report, who):
    with pytest.raises(PermissionDenied):
        withdraw_photo(actor=getattr(cast, who), photo=photo, reason=REASON)
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn
    missing_report.refresh_from_db()
    assert missing_report.version == 2 and withdrawals() == []


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_it_needs_a_reason(cast, photo, reason):
    with pytest.raises(ValidationError) as refused:
        withdraw_photo(actor=cast.police_officer, photo=photo, reason=reason)
    assert refused.value.message_dict == {"reason": ["Give the reason for withdrawing this photo."]}
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn and withdrawals() == []


def test_it_refuses_a_reason_longer_than_the_limit(cast, photo):
    with pytest.raises(ValidationError) as refused:
        withdraw_photo(
            actor=cast.police_officer, photo=photo, reason="x" * (WITHDRAWAL_REASON_MAX_LENGTH + 1)
        )
    assert "reason" in refused.value.message_dict
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_withdrawing_twice_is_refused_clearly_without_a_second_audit_row(cast, photo, missing_report):
    withdraw_photo(actor=cast.police_officer, photo=photo, reason=REASON)
    with pytest.raises(PhotoAlreadyWithdrawn, match="This photo was already withdrawn."):
        withdraw_photo(actor=cast.district_officer, photo=photo, reason="another reason")
    photo.refresh_from_db()
    assert photo.withdrawn_by == cast.police_officer and photo.withdrawal_reason == REASON
    missing_report.refresh_from_db()
    assert missing_report.version == 3 and len(withdrawals()) == 1


def test_the_photo_leaves_the_record_page_lists_and_the_photo_views(cast, photo, missing_report):
    kept = add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=2, upload=PhotoUpload(png_bytes())
    )
    withdraw_photo(actor=cast.police_officer, photo=photo, reason=REASON)
    assert selectors.record_photos(missing_report) == [kept]
    assert list(selectors.photos_visible_to(cast.district_officer)) == [kept]
    with pytest.raises(Http404):
        selectors.get_photo(cast.police_officer, photo.pk, full_image=True)
    # Still reachable for the withdrawal itself, so that a second try is told it was withdrawn.
    assert selectors.get_record_photo(missing_report, photo.pk) == photo


def test_the_photo_leaves_the_candidate_pages_and_the_data_quality_report(
    cast, found_photo, found_child, missing_report
):
    from trackchild.matching.models import Candidate
    from trackchild.matching.selectors import candidate_photos
    from trackchild.reports.quality import record_completeness

    candidate = Candidate(missing_report=missing_report, found_child=found_child)  # what the page reads
    assert candidate_photos(candidate)[1] == [found_photo]
    withdraw_photo(actor=cast.cci_staff, photo=found_photo, reason=REASON)
    assert candidate_photos(candidate)[1] == []
    [row] = record_completeness(selectors.found_children_visible_to(cast.cci_staff), "found")
    assert "photograph" in row.missing


def test_a_photo_of_another_record_is_not_found_on_this_one(cast, photo, found_child):
    with pytest.raises(Http404):
        selectors.get_record_photo(found_child, photo.pk)


def test_the_record_is_queued_to_be_matched_again(
    cast, photo, missing_report, django_capture_on_commit_callbacks
):
    before = MatchJob.objects.filter(side="missing", record_id=missing_report.pk).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        withdraw_photo(actor=cast.police_officer, photo=photo, reason=REASON)
    assert callbacks  # queued only once the withdrawal commits
    assert MatchJob.objects.filter(side="missing", record_id=missing_report.pk).count() == before + 1
