"""/api/candidates: the candidates in the caller's view, one with its explanation, and decisions on it."""

from tests.api.conftest import ApiClient, token_for
from trackchild.audit.models import AuditEvent
from trackchild.matching.models import Candidate


def test_it_lists_the_candidates_of_both_institutions_and_their_officers(cast, delhi, cross_state_pair):
    candidate = Candidate.objects.get()
    for person in (
        cast.police_officer,
        cast.district_officer,
        cast.state_officer,
        delhi.cci_staff,
        delhi.cwc_member,
        delhi.district_officer,
        cast.national_officer,
    ):
        answer = ApiClient(token_for(person)).get("/api/candidates")
        assert answer.status_code == 200
        assert [row["id"] for row in answer.json()] == [candidate.pk], person.username


def test_the_outsider_sees_nothing_of_it(cast, cross_state_pair):
    client = ApiClient(token_for(cast.outsider))
    candidate = Candidate.objects.get()
    assert client.get("/api/candidates").json() == []
    assert client.get(f"/api/candidates/{candidate.pk}").status_code == 404
    answer = client.post_json(
        f"/api/candidates/{candidate.pk}/decision", {"decision": "confirm", "version": 1}
    )
    assert answer.status_code == 404
    assert Candidate.objects.get().status == "pending"


def test_reading_a_candidate_shows_its_explanation_and_is_audited(cast, cross_state_pair):
    candidate = Candidate.objects.get()
    answer = ApiClient(token_for(cast.police_officer)).get(f"/api/candidates/{candidate.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["band"] == candidate.band and {"field", "level", "weight", "description"} <= set(
        body["explanation"][0]
    )
    assert AuditEvent.objects.filter(
        action="view",
        object_type="matching.candidate",
        object_id=str(candidate.pk),
        actor=cast.police_officer,
    ).exists()


def test_a_cwc_confirms_through_the_api(cast, delhi, cross_state_pair):
    report, _child = cross_state_pair
    candidate = Candidate.objects.get()
    answer = ApiClient(token_for(delhi.cwc_member)).post_json(
        f"/api/candidates/{candidate.pk}/decision", {"decision": "confirm", "version": 1}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    report.refresh_from_db()
    assert report.status == "traced"


def test_a_police_station_may_ask_for_verification_but_not_confirm(cast, cross_state_pair):
    client = ApiClient(token_for(cast.police_officer))
    candidate = Candidate.objects.get()
    refused = client.post_json(
        f"/api/candidates/{candidate.pk}/decision", {"decision": "confirm", "version": 1}
    )
    assert refused.status_code == 403
    asked = client.post_json(
        f"/api/candidates/{candidate.pk}/decision",
        {"decision": "verify", "version": 1, "reason": "Family to come on Monday"},
    )
    assert asked.status_code == 200 and asked.json()["verify_due"]


def test_a_stale_version_is_refused(cast, delhi, cross_state_pair):
    candidate = Candidate.objects.get()
    answer = ApiClient(token_for(delhi.cwc_member)).post_json(
        f"/api/candidates/{candidate.pk}/decision", {"decision": "reject", "version": 5, "reason": "no"}
    )
    assert answer.status_code == 409
