from django.urls import reverse

from trackchild.audit.models import AuditEvent
from trackchild.registry.models import Institution

URL = reverse("institutions-create")


def cci_form(cast, **overrides) -> dict:
    return {
        "name": "Apna Ghar Children's Home",
        "code": "CCI-PATNA-2",
        "kind": "cci",
        "district": cast.district_a.pk,
        "cci_kind": "childrens_home",
        "registration_number": "BR/JJ/2016/42",
        "capacity": 40,
        "address": "Kankarbagh, Patna",
        "phone": "",
        "email": "",
        **overrides,
    }


def test_it_lets_the_state_officer_add_a_cci_in_the_state(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(URL, cci_form(cast))
    institution = Institution.objects.get(code="CCI-PATNA-2")
    assert response.status_code == 302
    assert response["Location"] == reverse("institutions-detail", args=[institution.pk])
    assert (institution.registration_number, institution.capacity, institution.cci_kind) == (
        "BR/JJ/2016/42",
        40,
        "childrens_home",
    )
    event = AuditEvent.objects.get(
        action="create", object_type="registry.institution", object_id=str(institution.pk)
    )
    assert event.actor == cast.state_officer
    assert event.channel == "web"


def test_it_asks_a_cci_for_its_capacity(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(URL, cci_form(cast, capacity=""))
    assert response.status_code == 200
    assert "A CCI needs its sanctioned capacity." in response.content.decode()
    assert not Institution.objects.filter(code="CCI-PATNA-2").exists()


def test_it_refuses_a_district_of_another_state(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(URL, cci_form(cast, district=cast.district_b.pk))
    assert "district" in response.context["form"].errors
    assert not Institution.objects.filter(code="CCI-PATNA-2").exists()


def test_it_refuses_a_code_already_taken(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(URL, cci_form(cast, code="cci-a"))
    assert response.status_code == 200
    assert Institution.objects.filter(code__iexact="cci-a").count() == 1


def test_it_lets_a_system_administrator_add_anywhere(client, cast):
    client.force_login(cast.system_admin)
    response = client.post(URL, cci_form(cast, district=cast.district_b.pk))
    assert response.status_code == 302
    assert Institution.objects.get(code="CCI-PATNA-2").district == cast.district_b


def test_it_refuses_district_officers(client, cast):
    client.force_login(cast.district_officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, cci_form(cast)).status_code == 403
    assert not Institution.objects.filter(code="CCI-PATNA-2").exists()


def test_it_refuses_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.post(URL, cci_form(cast)).status_code == 403
    assert not AuditEvent.objects.filter(action="create", actor=cast.outsider).exists()
