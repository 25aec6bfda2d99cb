"""send_reminders: laggard institutions are reminded, officers get digests, each once per period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from trackchild.notifications.models import Notification
from trackchild.registry.models import Institution
from trackchild.reports.models import ReminderLog
from trackchild.reports.services import laggard_institutions, reminder_period, send_reminders


@pytest.fixture
def settled(world):
    """Every institution registered long ago, so none is too new to be chased."""
    Institution.objects.update(created_at=timezone.now() - timedelta(days=400))
    return world


def test_laggards_are_the_institutions_with_no_entry_in_the_period(settled):
    names = {i.code for i in laggard_institutions(30, timezone.now())}
    assert names == {"CWC-A", "JJB-A", "PS-A2", "CCI-A", "CCI-G"}
    assert {i.code for i in laggard_institutions(90, timezone.now())} == {"CWC-A", "JJB-A", "PS-A2", "CCI-G"}


def test_an_institution_registered_within_the_period_is_not_chased_yet(world):
    assert laggard_institutions(30, timezone.now()) == []


def test_it_reminds_staff_and_sends_digests_in_app_and_by_email(settled, django_capture_on_commit_callbacks):
    cast = settled.cast
    cast.state_officer.email = "scps@example.gov.in"
    cast.state_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = send_reminders(period_days=90)
    sent = {(r.recipient.username, r.kind) for r in run.sent}
    assert sent == {
        ("cwc_a", "no_upload"),
        ("jjb_a", "no_upload"),
        ("cci_gaya", "no_upload"),
        ("dcpu_a", "district_digest"),
        ("scps_bihar", "state_digest"),
    }
    assert ReminderLog.objects.count() == 5 and Notification.objects.count() == 5
    digest = Notification.objects.get(recipient=cast.state_officer)
    assert "Patna: 3 institutions with no entry, 1 stale missing reports" in digest.body
    assert "Gaya: 1 institutions with no entry, 0 stale missing reports, 1 children in care" in digest.body
    assert "Child" not in digest.body and "Found" not in digest.body  # no child's details in a message
    district = Notification.objects.get(recipient=cast.district_officer)
    assert "PS-A2 police_station" in district.body
    assert [m.to for m in mail.outbox] == [["scps@example.gov.in"]]


def test_it_sends_nothing_twice_in_one_period(settled):
    first = send_reminders(period_days=90)
    second = send_reminders(period_days=90)
    assert len(first.sent) == 5 and second.sent == [] and second.already_sent == 5
    assert ReminderLog.objects.count() == 5


def test_the_log_refuses_a_second_reminder_for_the_same_period(settled):
    from django.db import IntegrityError, transaction

    send_reminders(period_days=90)
    log = ReminderLog.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(recipient=log.recipient, kind=log.kind, period=log.period)


def test_a_new_period_sends_again(settled):
    send_reminders(period_days=30)
    later = send_reminders(period_days=30, now=timezone.now() + timedelta(days=30))
    assert later.sent and later.period != reminder_period(30, timezone.localdate())


def test_periods_are_fixed_windows_of_n_days():
    from datetime import date

    ordinal = date(2026, 11, 28).toordinal()
    start = date.fromordinal(ordinal - ordinal % 7)
    assert {reminder_period(7, start + timedelta(days=n)) for n in range(7)} == {f"{start.isoformat()}/7d"}
    assert reminder_period(7, start + timedelta(days=7)) != reminder_period(7, start)


def test_a_dry_run_says_who_would_be_reminded_and_sends_nothing(settled):
    out = StringIO()
    call_command("send_reminders", "--period-days", "90", "--dry-run", stdout=out)
    assert "would send no_upload to cwc_a" in out.getvalue()
    assert ReminderLog.objects.count() == 0 and Notification.objects.count() == 0


def test_the_command_sends_and_reports_its_count(settled):
    out = StringIO()
    call_command("send_reminders", "--period-days", "90", stdout=out)
    assert "sent 5 reminder(s)" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--period-days", "90", stdout=out)
    assert "sent 0 reminder(s); 5 already sent" in out.getvalue()


def test_the_command_refuses_a_period_below_one_day(settled):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--period-days", "0")


def test_a_reminder_shows_in_app_to_its_recipient_only(settled):
    from django.urls import reverse

    from tests.web.helpers import client_for

    send_reminders(period_days=90)
    response = client_for(settled.cast.cwc_member).get(reverse("reports-quality"))
    assert "Messages for you" in response.text
    assert "TrackChild: no records entered in the last 90 days" in response.text
    other = client_for(settled.cast.outsider).get(reverse("reports-quality"))
    assert "Messages for you" not in other.text
