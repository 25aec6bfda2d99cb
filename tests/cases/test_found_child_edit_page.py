from django.urls import reverse

from tests.web.helpers import client_for, found_child_post
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild


def url(child) -> str:
    return reverse("found-children-edit", args=[child.pk])


def test_it_records_the_cwc_order_later(cast, found_child):
    data = found_child_post(cast, cwc_order_number="CWC/7", cci=cast.cci_a) | {"version": "1"}
    response = client_for(cast.cci_staff).post(url(found_child), data)
    assert response.status_code == 302
    found_child.refresh_from_db()
    assert found_child.cwc_order_number == "CWC/7" and found_child.version == 2
    event = AuditEvent.objects.get(action="update", object_type="cases.foundchild")
    assert event.summary["fields"] == ["cwc_order_number"]


def test_it_refuses_a_stale_form_and_keeps_the_users_input(cast, found_child):
    first, second = client_for(cast.cci_staff), client_for(cast.cwc_member)  # both see the child
    base = found_child_post(cast, cci=cast.cci_a) | {"version": "1"}
    assert first.post(url(found_child), base | {"recalls_of_home": "a big temple"}).status_code == 302
    response = second.post(url(found_child), base | {"recalls_of_home": "a red bus"})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.text and "a red bus" in response.text
    assert FoundChild.objects.get().recalls_of_home == "a big temple"


def test_the_outsider_gets_404(cast, found_child):
    client = client_for(cast.outsider)
    assert client.get(url(found_child)).status_code == 404
    assert client.post(url(found_child), found_child_post(cast) | {"version": "1"}).status_code == 404
