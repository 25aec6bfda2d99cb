from django.urls import reverse
from django.utils import timezone

from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import StatusChange


def url(child) -> str:
    return reverse("found-children-status", args=[child.pk])


def test_it_offers_the_ends_of_care(cast, found_child):
    text = client_for(cast.cci_staff).get(url(found_child)).text
    for option in ("restored", "transferred", "repatriated", "absconded"):
        assert f'<option value="{option}">' in text
    assert '<option value="in_care">' not in text


def test_restoration_needs_the_order_number(cast, found_child):
    data = {"to_status": "restored", "effective_on": timezone.localdate().isoformat(), "version": "1"}
    client = client_for(cast.cci_staff)
    response = client.post(url(found_child), data)
    assert response.status_code == 400 and "Give the number of the order behind this change." in response.text
    assert client.post(url(found_child), data | {"order_number": "CWC/PAT/9"}).status_code == 302
    change = StatusChange.objects.filter(found_child=found_child).latest("id")
    assert (change.to_status, change.order_number, change.changed_by) == (
        "restored",
        "CWC/PAT/9",
        cast.cci_staff,
    )
    assert AuditEvent.objects.filter(action="status", object_type="cases.foundchild").count() == 1


def test_a_restored_child_cannot_be_moved_again(cast, found_child):
    client = client_for(cast.cci_staff)
    today = timezone.localdate().isoformat()
    client.post(
        url(found_child),
        {"to_status": "restored", "effective_on": today, "order_number": "O-1", "version": "1"},
    )
    assert "status cannot change any more." in client.get(url(found_child)).text
    response = client.post(
        url(found_child), {"to_status": "in_care", "effective_on": today, "reason": "back", "version": "2"}
    )
    assert response.status_code == 400
    found_child.refresh_from_db()
    assert found_child.status == "restored"


def test_the_outsider_gets_404(cast, found_child):
    assert client_for(cast.outsider).get(url(found_child)).status_code == 404


def test_no_status_is_chosen_in_advance(cast, found_child):
    text = client_for(cast.cci_staff).get(url(found_child)).text
    assert '<option value="" selected>Choose…</option>' in text
    assert (
        text.index('value="restoration_in_progress"')
        < text.index('value="restored"')
        < text.index('value="withdrawn"')
    )
    response = client_for(cast.cci_staff).post(
        url(found_child), {"to_status": "", "effective_on": timezone.localdate().isoformat(), "version": "1"}
    )
    assert response.status_code == 400 and "This field is required." in response.text
