"""/matching/: candidates awaiting a decision in the user's jurisdiction, by score or by waiting time."""

from datetime import timedelta

from django.utils import timezone

from tests.web.helpers import client_for
from trackchild.matching.models import Candidate


def test_each_side_and_its_officers_see_the_candidate_in_their_queue(cast, delhi, cross_state_pair):
    candidate = Candidate.objects.get()
    for person in (
        cast.police_officer,
        cast.district_officer,
        cast.state_officer,
        delhi.cci_staff,
        delhi.cwc_member,
        delhi.district_officer,
    ):
        page = client_for(person).get("/matching/")
        assert page.status_code == 200
        assert f'href="/matching/candidates/{candidate.pk}/"' in page.content.decode(), person.username


def test_the_outsider_and_an_unrelated_institution_see_an_empty_queue(cast, cross_state_pair):
    for person in (cast.outsider, cast.jjb_member, cast.cci_staff):
        page = client_for(person).get("/matching/")
        assert page.status_code == 200 and "/matching/candidates/" not in page.content.decode()


def test_candidates_waiting_over_seven_days_are_flagged_to_the_district_officer(cast, pair):
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=8))
    page = client_for(cast.district_officer).get("/matching/?order=waiting").content.decode()
    assert "1 candidate has waited over 7 days." in page


def test_a_decided_candidate_leaves_the_queue(cast, pair):
    from trackchild.matching.services import reject_candidate

    reject_candidate(
        actor=cast.cwc_member, candidate_id=Candidate.objects.get().pk, expected_version=1, reason="not him"
    )
    assert "/matching/candidates/" not in client_for(cast.district_officer).get("/matching/").content.decode()
