import pytest
from django.core.exceptions import ValidationError

from trackchild.audit.models import AuditEvent
from trackchild.registry.services import close_institution


def test_it_keeps_the_first_closings_date_and_reason(cast):
    close_institution(
        actor=cast.state_officer, institution_id=cast.jjb_a.pk, expected_version=1, reason="Merged"
    )
    with pytest.raises(ValidationError) as error:
        close_institution(
            actor=cast.state_officer, institution_id=cast.jjb_a.pk, expected_version=2, reason="Again"
        )
    assert "already closed" in error.value.message_dict["closed_reason"][0]
    cast.jjb_a.refresh_from_db()
    assert (cast.jjb_a.closed_reason, cast.jjb_a.version) == ("Merged", 2)
    assert AuditEvent.objects.filter(action="update", object_id=str(cast.jjb_a.pk)).count() == 1


def test_it_asks_for_a_reason(cast):
    with pytest.raises(ValidationError):
        close_institution(
            actor=cast.state_officer, institution_id=cast.jjb_a.pk, expected_version=1, reason=" "
        )
    cast.jjb_a.refresh_from_db()
    assert cast.jjb_a.is_active
