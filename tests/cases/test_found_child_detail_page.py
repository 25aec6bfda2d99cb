import pytest
from django.urls import reverse

from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.services import PhotoUpload, add_photo, set_status


def url(child) -> str:
    return reverse("found-children-detail", args=[child.pk])


@pytest.mark.parametrize("person", ["cci_staff", "district_officer", "state_officer", "national_officer"])
def test_it_shows_the_record_with_placement_to_permitted_roles(cast, found_child, person):
    response = client_for(getattr(cast, person)).get(url(found_child))
    assert response.status_code == 200
    for shown in (
        "सोनू",
        "Patna Junction platform 4",
        "Railway police",
        "Found at a railway station",
        "CCI-A cci",
        "Placed in CCI",
        "What the child recalls of home",
        "In care",
    ):
        assert shown in response.text, shown


def test_it_writes_a_view_audit_row(cast, found_child):
    client_for(cast.cci_staff).get(url(found_child))
    event = AuditEvent.objects.get(
        action="view", object_type="cases.foundchild", object_id=str(found_child.pk)
    )
    assert event.actor == cast.cci_staff


def test_the_outsider_gets_404(cast, found_child):
    response = client_for(cast.outsider).get(url(found_child))
    assert response.status_code == 404 and "सोनू" not in response.text
    assert not AuditEvent.objects.filter(action="view", object_type="cases.foundchild").exists()


def test_a_closed_record_offers_no_status_change(cast, found_child):
    set_status(
        actor=cast.cci_staff,
        record=found_child,
        to_status="restored",
        expected_version=1,
        order_number="CWC/12",
    )
    text = client_for(cast.cci_staff).get(url(found_child)).text
    assert "Restored to family" in text and "CWC/12" in text
    assert reverse("found-children-status", args=[found_child.pk]) not in text


@pytest.mark.parametrize("count", [3, 30])
def test_it_needs_the_same_few_queries_however_many_photos(
    cast, found_child, count, django_assert_max_num_queries
):
    for version in range(1, count + 1):
        add_photo(
            actor=cast.cci_staff,
            record=found_child,
            expected_version=version,
            upload=PhotoUpload(png_bytes()),
        )
    client = client_for(cast.cci_staff)
    with django_assert_max_num_queries(16):
        response = client.get(url(found_child))
    assert response.text.count("/thumb/") == count
