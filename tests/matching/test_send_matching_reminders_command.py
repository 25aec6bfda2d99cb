"""`trackchild send_matching_reminders`: due and overdue verifications to the police station (overdue also to
its district officer), candidates pending over 7 days to the district officers; once per item and period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.matching.models import Candidate, MatchingReminder, VerificationTask
from trackchild.matching.reminders import send_matching_reminders
from trackchild.matching.services import ask_verification
from trackchild.notifications.models import Notification


def run(*args) -> str:
    out = StringIO()
    call_command("send_matching_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    User.objects.update(email="someone@example.org")

    def sent(*args) -> tuple[str, list]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            output = run(*args)
        return output, list(mail.outbox)

    return sent


@pytest.fixture
def task(delhi, cross_state_pair) -> VerificationTask:
    ask_verification(actor=delhi.cwc_member, candidate_id=Candidate.objects.get().pk, expected_version=1)
    Notification.objects.all().delete()
    return VerificationTask.objects.get()


def recipients(kind: str) -> set[str]:
    ids = {pk for row in MatchingReminder.objects.filter(kind=kind) for pk in row.recipients}
    return set(User.objects.filter(pk__in=ids).values_list("username", flat=True))


def test_a_task_due_tomorrow_is_reminded_to_the_station_once(cast, task, emails):
    VerificationTask.objects.update(due=timezone.localdate() + timedelta(days=1))
    output, sent = emails()
    assert "verify_due: reminded 1 item(s)" in output
    assert recipients("verify_due") == {"police_a"}
    assert [m.to for m in sent] == [["someone@example.org"]]
    assert "is due" in sent[0].subject and "FIR-101/2026" in sent[0].body and "Sonu" not in sent[0].body
    note = Notification.objects.get(recipient=cast.police_officer)
    assert note.link == "/matching/tasks/"
    output, sent = emails()
    assert "verify_due: reminded 0 item(s); 1 already reminded" in output and sent == []


def test_a_task_due_next_week_is_not_reminded_yet(task, emails):
    output, sent = emails()
    assert "verify_due: reminded 0 item(s); 0 already" in output and sent == []


def test_an_overdue_task_goes_to_the_station_and_its_district_officer_once_per_period(cast, task, emails):
    VerificationTask.objects.update(due=timezone.localdate() - timedelta(days=3))
    output, sent = emails()
    assert "verify_overdue: reminded 1 item(s)" in output
    assert recipients("verify_overdue") == {"police_a", "dcpu_a"}
    assert len(sent) == 2 and all("overdue" in m.subject for m in sent)
    assert emails()[1] == []  # the same period: nothing again
    later = timezone.now() + timedelta(days=7)
    again = send_matching_reminders(period_days=7, now=later)
    assert again.sent["verify_overdue"] == 1  # the next period: reminded again


def test_an_answered_task_is_not_reminded(cast, task, emails):
    VerificationTask.objects.update(
        due=timezone.localdate() - timedelta(days=3), outcome="unreachable", outcome_note="x"
    )
    assert emails()[1] == []


def test_a_candidate_pending_over_seven_days_goes_to_both_district_officers_once(
    cast, delhi, cross_state_pair, emails
):
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=8))
    output, sent = emails()
    assert "review_overdue: reminded 1 item(s)" in output
    assert recipients("review_overdue") == {"dcpu_a", "dcpu_dl"}
    assert len(sent) == 2 and "waited over 7 days" in sent[0].subject
    body = sent[0].body
    assert f"Candidate {Candidate.objects.get().pk}" in body and "/matching/?order=waiting" in body
    assert "Sonu" not in body and "सोनु" not in body  # never a child's name
    output, sent = emails()
    assert "review_overdue: reminded 0 item(s); 1 already reminded in this period" in output and sent == []
    assert MatchingReminder.objects.filter(kind="review_overdue").count() == 1


def test_a_candidate_pending_six_days_or_already_decided_is_not_reminded(cast, cross_state_pair, emails):
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=6))
    assert emails()[1] == []
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=30), status="rejected")
    assert emails()[1] == []


def test_an_officer_of_an_unrelated_district_is_not_told(cast, cross_state_pair, emails):
    from tests.conftest import make_account

    make_account("dcpu_pune", "district_officer", district=cast.district_b)
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=8))
    emails()
    assert not Notification.objects.filter(recipient__username="dcpu_pune").exists()


def test_a_dry_run_sends_and_logs_nothing(cast, cross_state_pair, emails):
    Candidate.objects.update(created_at=timezone.now() - timedelta(days=8))
    output, sent = emails("--dry-run")
    assert "review_overdue: would remind 1 item(s)" in output and sent == []
    assert not MatchingReminder.objects.exists() and not Notification.objects.exists()


def test_it_refuses_a_period_under_a_day():
    with pytest.raises(CommandError):
        run("--period-days", "0")
