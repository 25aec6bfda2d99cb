import pytest
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD
from trackchild.accounts.services import change_password
from trackchild.audit.models import AuditEvent


def test_it_sets_the_new_password_and_audits_the_change_without_the_password(cast):
    change_password(actor=cast.cwc_member, old_password=PASSWORD, new_password="ganga-kinara-bench-51")
    cast.cwc_member.refresh_from_db()
    assert cast.cwc_member.check_password("ganga-kinara-bench-51")
    event = AuditEvent.objects.get(action="update", object_id=str(cast.cwc_member.pk))
    assert event.summary == {"fields": ["password"]}


def test_it_refuses_a_wrong_old_password(cast):
    with pytest.raises(ValidationError) as error:
        change_password(actor=cast.cwc_member, old_password="guess", new_password="ganga-kinara-bench-51")
    assert "old_password" in error.value.message_dict


def test_it_refuses_a_weak_new_password(cast):
    with pytest.raises(ValidationError) as error:
        change_password(actor=cast.cwc_member, old_password=PASSWORD, new_password="1234567890")
    assert "new_password1" in error.value.message_dict
    assert not AuditEvent.objects.filter(action="update").exists()
