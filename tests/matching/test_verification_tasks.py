"""Verification with the family: a "verify" decision opens a task for the police station, listed with its due
date (overdue flagged) for the station and its district officer; the answer closes it and sends the candidate
back to review with the family's answer."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import make_account
from tests.web.helpers import client_for
from trackchild.accounts.models import User
from trackchild.audit.models import AuditEvent
from trackchild.concurrency import StaleRecord
from trackchild.matching.models import Candidate, VerificationTask
from trackchild.matching.services import ask_verification, complete_verification, confirm_candidate
from trackchild.notifications.models import Notification


@pytest.fixture
def task(delhi, cross_state_pair, committed) -> VerificationTask:
    candidate = Candidate.objects.get()
    committed(
        ask_verification,
        actor=delhi.cwc_member,
        candidate_id=candidate.pk,
        expected_version=1,
        note="Ask about the scar on the left hand",
    )
    return VerificationTask.objects.get()


def test_a_verify_decision_opens_a_task_for_the_reporting_station_due_in_seven_days(cast, delhi, task):
    assert task.police_station == cast.police_station_a and task.requested_by == delhi.cwc_member
    assert task.due == timezone.localdate() + timedelta(days=7) and task.is_open
    assert task.request_note == "Ask about the scar on the left hand"
    assert Candidate.objects.get().status == "verifying"
    note = Notification.objects.get(recipient=cast.police_officer)
    assert note.link == f"/matching/tasks/{task.pk}/"


def test_the_station_and_its_district_officer_see_the_task_listed_with_its_due_date(cast, task):
    for user in (cast.police_officer, cast.district_officer):
        page = client_for(user).get("/matching/tasks/")
        html = page.content.decode()
        assert page.status_code == 200 and f'href="/matching/tasks/{task.pk}/"' in html
        assert "FIR-101/2026" in html and "Overdue" not in html


def test_an_overdue_task_is_flagged_on_the_list_and_the_queue(cast, task):
    VerificationTask.objects.filter(pk=task.pk).update(due=timezone.localdate() - timedelta(days=2))
    html = client_for(cast.police_officer).get("/matching/tasks/").content.decode()
    assert 'id="tasks-overdue"' in html and "Overdue" in html
    assert (
        f'href="/matching/tasks/{task.pk}/"'
        in client_for(cast.police_officer).get("/matching/tasks/?show=overdue").content.decode()
    )
    assert "1 overdue" in client_for(cast.district_officer).get("/matching/").content.decode()


def test_an_officer_of_an_unrelated_district_sees_nothing_of_it(cast, task):
    client = client_for(cast.outsider)
    assert f"/matching/tasks/{task.pk}/" not in client.get("/matching/tasks/").content.decode()
    assert client.get(f"/matching/tasks/{task.pk}/").status_code == 404
    posted = client.post(f"/matching/tasks/{task.pk}/", {"outcome": "unreachable", "version": 1})
    assert posted.status_code == 404 and VerificationTask.objects.get().is_open


def test_the_station_records_the_familys_answer_and_the_candidate_returns_to_review(
    cast, delhi, task, django_capture_on_commit_callbacks
):
    User.objects.update(email="someone@example.org")
    Notification.objects.all().delete()
    mail.outbox.clear()
    client = client_for(cast.police_officer)
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            f"/matching/tasks/{task.pk}/",
            {"outcome": "family_confirms", "outcome_note": "Mother recognised the photo", "version": 1},
        )
    assert answered.status_code == 302
    task.refresh_from_db()
    candidate = Candidate.objects.get()
    assert (task.outcome, task.outcome_note, task.completed_by) == (
        "family_confirms",
        "Mother recognised the photo",
        cast.police_officer,
    )
    assert candidate.status == "pending" and candidate.verify_due is None and candidate.version == 3
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"cwc_dl", "dcpu_a", "dcpu_dl"} <= told and "police_b" not in told
    assert len(mail.outbox) == len(told)
    assert AuditEvent.objects.filter(
        action="verify_done", object_id=str(task.pk), actor=cast.police_officer
    ).exists()
    page = client_for(delhi.cwc_member).get(f"/matching/candidates/{candidate.pk}/").content.decode()
    assert "The family confirms it is their child" in page and "Mother recognised the photo" in page


def test_the_district_officer_may_record_it_too(cast, task):
    complete_verification(
        actor=cast.district_officer,
        task_id=task.pk,
        expected_version=1,
        outcome="unreachable",
        note="No answer",
    )
    assert VerificationTask.objects.get().outcome == "unreachable"


def test_the_requesting_cwc_may_not_record_the_familys_answer(delhi, task):
    with pytest.raises(PermissionDenied):
        complete_verification(
            actor=delhi.cwc_member, task_id=task.pk, expected_version=1, outcome="unreachable"
        )
    assert (
        client_for(delhi.cwc_member)
        .post(f"/matching/tasks/{task.pk}/", {"outcome": "unreachable", "outcome_note": "x", "version": 1})
        .status_code
        == 403
    )
    assert VerificationTask.objects.get().is_open


def test_a_negative_answer_without_a_note_is_refused_and_nothing_changes(cast, task):
    page = client_for(cast.police_officer).post(
        f"/matching/tasks/{task.pk}/", {"outcome": "family_does_not", "outcome_note": " ", "version": 1}
    )
    assert page.status_code == 400 and "Say what happened" in page.content.decode()
    with pytest.raises(ValidationError):
        complete_verification(actor=cast.police_officer, task_id=task.pk, expected_version=1, outcome="maybe")
    assert VerificationTask.objects.get().is_open and Candidate.objects.get().status == "verifying"


def test_a_stale_answer_is_refused_and_the_first_kept(cast, task):
    complete_verification(
        actor=cast.police_officer, task_id=task.pk, expected_version=1, outcome="family_confirms"
    )
    with pytest.raises(StaleRecord):
        complete_verification(
            actor=cast.district_officer, task_id=task.pk, expected_version=1, outcome="unreachable", note="x"
        )
    assert VerificationTask.objects.get().outcome == "family_confirms"


def test_a_decision_taken_meanwhile_closes_the_task(delhi, task):
    confirm_candidate(actor=delhi.cwc_member, candidate_id=task.candidate_id, expected_version=2)
    task.refresh_from_db()
    assert task.outcome == "not_needed" and task.completed_by == delhi.cwc_member


def test_done_tasks_are_listed_apart(cast, task):
    complete_verification(
        actor=cast.police_officer, task_id=task.pk, expected_version=1, outcome="family_confirms"
    )
    client = client_for(cast.police_officer)
    assert f"/matching/tasks/{task.pk}/" not in client.get("/matching/tasks/").content.decode()
    assert f"/matching/tasks/{task.pk}/" in client.get("/matching/tasks/?show=done").content.decode()


def test_another_station_of_the_same_district_does_not_list_it(cast, task):
    from tests.conftest import make_institution

    other = make_account(
        "police_a2",
        "police_officer",
        institution=make_institution("PS-A2", "police_station", cast.district_a),
    )
    assert f"/matching/tasks/{task.pk}/" not in client_for(other).get("/matching/tasks/").content.decode()
