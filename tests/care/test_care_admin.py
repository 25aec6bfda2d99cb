"""The admin shows care cases and events to system administrators, read only, and audits what they open."""

from django.urls import reverse

from tests.care.helpers import admitted_child
from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareCase, CareEvent


def test_a_system_administrator_reads_care_events_and_is_audited(cast):
    child = admitted_child(cast)
    event = CareEvent.objects.filter(case__found_child=child).first()
    client = client_for(cast.system_admin)
    assert client.get(reverse("admin:care_careevent_changelist")).status_code == 200
    assert client.get(reverse("admin:care_careevent_change", args=[event.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        action="view", object_type="care.careevent", actor=cast.system_admin
    ).exists()
    assert (
        client.post(
            reverse("admin:care_carecase_delete", args=[CareCase.objects.get().pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert CareCase.objects.exists()


def test_others_are_kept_out(cast):
    admitted_child(cast)
    assert client_for(cast.state_officer).get(reverse("admin:care_carecase_changelist")).status_code in (
        302,
        403,
    )
