from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.web.helpers import client_for, found_child_post, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, Photo

URL = reverse("found-children-create")


def test_a_cci_gets_the_form_with_its_own_cci_chosen_and_the_states_cwcs(cast):
    response = client_for(cast.cci_staff).get(URL)
    assert response.status_code == 200
    assert (
        f'<option value="{cast.cci_a.pk}" selected>CCI-A cci (Child Care Institution)</option>'
        in response.text
    )
    assert f'<option value="{cast.cwc_a.pk}">CWC-A cwc (Child Welfare Committee)</option>' in response.text
    assert 'name="recalls_of_home"' in response.text and 'name="admission_number"' in response.text
    # The state found in starts at the CCI's state; the child's home state stays empty until it is known.
    bihar = f'<option value="{cast.district_a.state_id}" selected>Bihar</option>'
    assert response.text.count(bihar) == 1
    assert response.text.count(f'<option value="{cast.district_a.pk}">Patna</option>') == 2


def test_roles_that_do_not_record_children_get_403(cast):
    for person in ("district_officer", "state_officer", "national_officer"):
        assert client_for(getattr(cast, person)).get(URL).status_code == 403


def test_it_registers_a_child_with_placement_order_and_photo(cast):
    found_on = timezone.localdate() - timedelta(days=3)
    data = found_child_post(
        cast,
        found_on=found_on,
        cwc=cast.cwc_a,
        cwc_order_number="CWC/PAT/44",
        cwc_order_date=found_on,
        cci=cast.cci_a,
        admission_number="ADM-9",
        admission_date=found_on + timedelta(days=1),
        recalls_of_home="A temple near a river; mother sells vegetables",
    ) | {"photo_1": SimpleUploadedFile("c.png", png_bytes())}
    response = client_for(cast.cci_staff).post(URL, data)
    child = FoundChild.objects.get()
    assert response.status_code == 302 and response.url == reverse("found-children-detail", args=[child.pk])
    assert (child.cwc, child.cci, child.admission_number) == (cast.cwc_a, cast.cci_a, "ADM-9")
    assert child.name == "सोनू" and child.recorded_by == cast.cci_a and child.age_is_estimated
    assert child.home_state is None and child.home_district is None
    assert Photo.objects.filter(found_child=child).count() == 1
    assert AuditEvent.objects.filter(
        action="create", object_type="cases.foundchild", actor=cast.cci_staff
    ).exists()


def test_it_refuses_an_admission_before_the_child_was_found(cast):
    found_on = timezone.localdate() - timedelta(days=3)
    data = found_child_post(
        cast,
        found_on=found_on,
        cci=cast.cci_a,
        admission_number="A-1",
        admission_date=found_on - timedelta(days=1),
    )
    response = client_for(cast.cci_staff).post(URL, data)
    assert response.status_code == 400
    assert "This date cannot be before the date found." in response.text
    assert 'value="सोनू"' in response.text
    assert (
        f'<option value="{cast.district_a.pk}">Patna</option>' in response.text
    )  # home districts still offered
    assert not FoundChild.objects.exists()


def test_it_refuses_an_adult(cast):
    response = client_for(cast.cwc_member).post(URL, found_child_post(cast, age_years=19))
    assert response.status_code == 400 and "A found child must be under 18" in response.text
    assert not FoundChild.objects.exists()
