"""notify(): an in-app row per active recipient; email and SMS only after the transaction commits."""

from django.core import mail

from trackchild.notifications.models import Notification
from trackchild.notifications.services import notify

SENT = []


def fake_gateway(phone: str, text: str) -> None:
    SENT.append((phone, text))


def test_it_stores_a_row_and_emails_after_commit(cast, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://trackchild.example.gov.in"
    cast.district_officer.email = "dcpu.patna@example.gov.in"
    cast.district_officer.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (row,) = notify([cast.district_officer], "Subject", "Body", link="/reports/quality/")
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert Notification.objects.get(pk=row.pk).emailed
    (message,) = mail.outbox
    assert message.to == ["dcpu.patna@example.gov.in"]
    assert message.body.endswith("https://trackchild.example.gov.in/reports/quality/")


def test_nothing_is_sent_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([cast.state_officer], "Subject", "Body")
    assert mail.outbox == [] and len(callbacks) == 1


def test_it_skips_deactivated_accounts(cast):
    cast.cwc_member.is_active = False
    assert notify([cast.cwc_member], "Subject", "Body") == []


def test_sms_is_a_no_op_until_a_gateway_is_configured(cast, django_capture_on_commit_callbacks, settings):
    SENT.clear()
    cast.police_officer.phone = "9812345678"
    with django_capture_on_commit_callbacks(execute=True):
        notify([cast.police_officer], "Subject", "Body")
    assert SENT == []
    settings.SMS_GATEWAY = "tests.notifications.test_notify.fake_gateway"
    with django_capture_on_commit_callbacks(execute=True):
        notify([cast.police_officer], "Subject", "Body")
    assert SENT == [("9812345678", "Subject")]
