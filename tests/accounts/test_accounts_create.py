from django.urls import reverse

from tests.conftest import PASSWORD
from trackchild.accounts.models import User
from trackchild.audit.models import AuditEvent

URL = reverse("accounts-create")


def account_form(**overrides) -> dict:
    return {
        "full_name": "Sunita Devi",
        "username": "sunita",
        "email": "sunita@example.org",
        "phone": "",
        "role": "cci_staff",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def test_it_lets_a_district_officer_create_an_account_for_a_cci_of_the_district(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(institution=cast.cci_a.pk))
    assert response.status_code == 302
    account = User.objects.get(username="sunita")
    assert (account.role, account.institution, account.created_by) == (
        "cci_staff",
        cast.cci_a,
        cast.district_officer,
    )
    assert account.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="create", object_type="accounts.user", object_id=str(account.pk))
    assert event.actor == cast.district_officer


def test_it_offers_a_district_officer_only_institution_roles_and_the_districts_institutions(client, cast):
    client.force_login(cast.district_officer)
    form = client.get(URL).context["form"]
    assert {value for value, _ in form.fields["role"].choices} == {
        "",
        "police_officer",
        "cwc_member",
        "jjb_member",
        "cci_staff",
    }
    assert set(form.fields["institution"].queryset) == {
        cast.police_station_a,
        cast.cwc_a,
        cast.cci_a,
        cast.jjb_a,
    }
    assert "district" not in form.fields and "state" not in form.fields


def test_it_lets_a_state_officer_create_a_district_officer_of_the_state(client, cast):
    client.force_login(cast.state_officer)
    form = client.get(URL).context["form"]
    assert "district_officer" in {value for value, _ in form.fields["role"].choices}
    assert "state_officer" not in {value for value, _ in form.fields["role"].choices}
    districts = set(form.fields["district"].queryset)
    assert cast.district_a in districts and cast.district_b not in districts
    assert {district.state for district in districts} == {cast.district_a.state}
    response = client.post(
        URL, account_form(role="district_officer", district=cast.district_a.pk, institution=cast.cci_a.pk)
    )
    assert response.status_code == 302
    account = User.objects.get(username="sunita")
    # The institution chosen before the role changed is dropped: one jurisdiction per account.
    assert (account.role, account.district, account.institution) == (
        "district_officer",
        cast.district_a,
        None,
    )


def test_it_shows_why_a_password_is_refused(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(institution=cast.cci_a.pk, password1="12345", password2="12345"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This password is too short" in page
    assert "This password is entirely numeric" in page
    assert not User.objects.filter(username="sunita").exists()


def test_it_refuses_two_different_passwords(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(institution=cast.cci_a.pk, password2=PASSWORD + "x"))
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="sunita").exists()


def test_it_refuses_a_username_already_taken(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(institution=cast.cci_a.pk, username="POLICE_A"))
    assert "This username is taken." in response.content.decode()
    assert User.objects.filter(username__iexact="police_a").count() == 1


def test_it_refuses_a_role_the_actor_may_not_give(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(role="district_officer", district=cast.district_a.pk))
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="sunita").exists()


def test_it_refuses_an_institution_outside_the_district(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(role="police_officer", institution=cast.police_station_b.pk))
    assert "institution" in response.context["form"].errors
    assert not User.objects.filter(username="sunita").exists()


def test_it_refuses_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.get(URL).status_code == 403
    response = client.post(URL, account_form(role="police_officer", institution=cast.police_station_b.pk))
    assert response.status_code == 403
    assert not User.objects.filter(username="sunita").exists()


def test_it_refuses_an_institution_of_the_wrong_type_for_the_role(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(URL, account_form(role="cwc_member", institution=cast.cci_a.pk))
    assert "This role cannot belong to that kind of institution." in response.content.decode()
    assert not User.objects.filter(username="sunita").exists()
