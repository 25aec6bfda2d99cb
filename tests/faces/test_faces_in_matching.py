"""Faces in the portal's matching: a nameless found child gets the report whose photo shows the same person;
a face cannot make an impossible pair likely; the candidate page shows the face's score and part."""

import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import found_child_data, missing_report_data
from tests.faces.conftest import face_photo
from tests.web.helpers import client_for
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report
from trackchild.matching import adapter
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate


def report_with_photo(cast, committed, person: str, **fields):
    taken = timezone.localdate() - timedelta(days=200)
    return committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast, **fields),
        photos=[PhotoUpload(face_photo(person, 0), taken_on=taken)],
    )


def nameless_child_with_photo(cast, committed, person: str, **fields):
    """A child found far from home (Pune) who cannot say a name: only a photo and what the eye sees."""
    data = found_child_data(
        cast,
        name="",
        father_name="",
        found_district=cast.district_b,
        found_place="Pune railway station",
        **fields,
    )
    return committed(
        register_found_child, actor=cast.cci_staff, data=data, photos=[PhotoUpload(face_photo(person, 3))]
    )


def face_part(candidate: Candidate) -> dict:
    return next(p for p in candidate.explanation if p["field"] == "face")


def test_a_nameless_found_child_gets_the_report_whose_photo_is_the_same_person(cast, committed):
    report = report_with_photo(cast, committed, "John_Salley")
    same = nameless_child_with_photo(cast, committed, "John_Salley")
    stranger = nameless_child_with_photo(cast, committed, "John_Savage")

    candidate = Candidate.objects.get(missing_report=report, found_child=same)
    part = face_part(candidate)
    assert part["level"] == "strong_recent" and part["weight"] > 2
    other = Candidate.objects.filter(missing_report=report, found_child=stranger).first()
    if other is not None:  # the stranger may be proposed on age and gender alone, never above the true child
        assert face_part(other)["level"].startswith("unlike") and other.score < candidate.score
    # No digits of the similarity and no embedding in what is stored and sent to the API.
    assert set(part) == {"field", "level", "weight", "description"}


def test_the_face_adds_its_weight_to_the_true_reports_score_and_is_in_the_index(cast, committed):
    report = report_with_photo(cast, committed, "John_Simm")
    without_photo = committed(
        register_found_child,
        actor=cast.cci_staff,
        data=found_child_data(
            cast, name="", father_name="", found_district=cast.district_b, found_place="Pune railway station"
        ),
    )
    with_photo = nameless_child_with_photo(cast, committed, "John_Simm")
    # The same nameless child with and without the photo, each scored against the report. Which band either
    # lands in depends on the model's prior (the register's size); what the face adds does not.
    index = PORTAL_INDEX.current()
    target = [index.profile(adapter.engine_id("missing", report.pk))]
    [plain] = index.score_shortlist(
        index.profile(adapter.engine_id("found", without_photo.pk)), target, index.link_model
    )
    [lifted] = index.score_shortlist(
        index.profile(adapter.engine_id("found", with_photo.pk)), target, index.link_model
    )
    face = next(c for c in lifted.contributions if c.field == "face")
    assert face.level == "strong_recent" and face.weight > 2
    assert lifted.score > plain.score
    assert math.log2(lifted.score / (1 - lifted.score)) - math.log2(plain.score / (1 - plain.score)) == (
        pytest.approx(face.weight, abs=0.05)
    )
    # The portal's index holds both faces, so the face is also a retrieval key for nameless children.
    child_face = index.faces["found"].embedding(adapter.engine_id("found", with_photo.pk))
    nearest = index.faces["missing"].nearest(child_face, k=1)
    assert nearest[0][0] == adapter.engine_id("missing", report.pk) and nearest[0][1] > 0.55


def test_a_face_cannot_make_a_four_year_old_girl_match_a_fifteen_year_old_boy(cast, committed):
    girl = report_with_photo(
        cast, committed, "John_Shimkus", name="Pooja Kumari", gender="female", age_years=4, father_name=""
    )
    boy = nameless_child_with_photo(cast, committed, "John_Shimkus", gender="male", age_years=15)
    assert not Candidate.objects.filter(missing_report=girl, found_child=boy).exists()
    # Not merely unretrieved: scored with every field and the same face, the pair stays unlikely.
    index = PORTAL_INDEX.current()
    boy_profile = index.profile(adapter.engine_id("found", boy.pk))
    girl_profile = index.profile(adapter.engine_id("missing", girl.pk))
    [scored] = index.score_shortlist(boy_profile, [girl_profile], index.link_model)
    parts = {c.field: c for c in scored.contributions}
    assert parts["face"].level == "strong_recent" and parts["face"].weight > 0
    assert scored.band == "low" and scored.score < 0.2  # below the floor: never shown as a candidate


def test_the_candidate_page_shows_the_face_score_and_its_part(cast, committed):
    report = report_with_photo(cast, committed, "John_Salley")
    child = nameless_child_with_photo(cast, committed, "John_Salley")
    candidate = Candidate.objects.get(missing_report=report, found_child=child)
    page = client_for(cast.district_officer).get(reverse("matching-candidate", args=[candidate.pk]))
    assert page.status_code == 200
    assert 'id="face-comparison"' in page.text and "Face similarity 0." in page.text
    assert "Faces look very alike (photos under 2 years apart); weight in the score 3." in page.text
    assert "<td>Face</td><td>faces look very alike (photos under 2 years apart)</td>" in page.text


def test_the_candidate_page_says_when_there_is_no_face_to_compare(cast, committed):
    committed(register_missing_report, actor=cast.police_officer, data=missing_report_data(cast))
    child = committed(register_found_child, actor=cast.cci_staff, data=found_child_data(cast))
    candidate = Candidate.objects.get(found_child=child)
    page = client_for(cast.district_officer).get(reverse("matching-candidate", args=[candidate.pk]))
    assert "No face comparison: one of the two records has no photo with a usable face yet." in page.text


def test_a_record_that_leaves_the_index_and_comes_back_gets_its_face_back(cast, committed):
    child = nameless_child_with_photo(cast, committed, "John_Simm")
    record_id = adapter.engine_id("found", child.pk)
    index = PORTAL_INDEX.current()
    assert record_id in index.faces["found"]
    index.remove(record_id)  # as when the child was closed (restored, absconded) and the index saw it
    assert record_id not in index.faces["found"]
    from trackchild.cases.services import update_found_child

    committed(
        update_found_child,
        actor=cast.cci_staff,
        child_id=child.pk,
        expected_version=child.version,
        data={"height_cm": 140},
    )
    assert record_id in PORTAL_INDEX.current().faces["found"]


def test_the_full_rematch_keeps_the_candidate_that_only_the_face_found(cast, committed):
    """`run_matching --all` scores with faces as a save does: else it would retire the nameless child's
    true report, which only the face retrieved."""
    from io import StringIO

    from django.core.management import call_command

    report = report_with_photo(cast, committed, "John_Salley")
    child = nameless_child_with_photo(cast, committed, "John_Salley")
    before = Candidate.objects.get(missing_report=report, found_child=child)
    assert face_part(before)["level"] == "strong_recent"

    call_command("run_matching", "--all", "--restart", stdout=StringIO())

    after = Candidate.objects.get(pk=before.pk)
    assert after.status == Candidate.Status.PENDING
    assert face_part(after)["level"] == "strong_recent"
    assert after.score == pytest.approx(before.score, abs=1e-6)
