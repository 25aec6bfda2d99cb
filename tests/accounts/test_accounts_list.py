from django.urls import reverse

from trackchild.accounts.services import deactivate_account

URL = reverse("accounts-list")


def usernames(response) -> set[str]:
    return {person.username for person in response.context["page"].object_list}


def test_it_shows_a_district_officer_the_accounts_of_the_districts_institutions(client, cast):
    client.force_login(cast.district_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert usernames(response) == {"police_a", "cwc_a", "cci_a", "jjb_a"}
    assert reverse("accounts-deactivate", args=[cast.police_officer.pk]) in response.content.decode()


def test_it_shows_a_state_officer_the_district_officers_too(client, cast):
    client.force_login(cast.state_officer)
    assert usernames(client.get(URL)) == {"police_a", "cwc_a", "cci_a", "jjb_a", "dcpu_a"}


def test_it_pages_through_long_lists(client, cast, settings):
    settings.PAGE_SIZE = 3
    client.force_login(cast.state_officer)
    first, second = client.get(URL), client.get(URL, {"page": 2})
    assert len(usernames(first)) == 3
    assert usernames(first) | usernames(second) == {"police_a", "cwc_a", "cci_a", "jjb_a", "dcpu_a"}


def test_it_refuses_people_who_manage_no_accounts(client, cast):
    for person in (cast.police_officer, cast.cci_staff, cast.national_officer):
        client.force_login(person)
        assert client.get(URL).status_code == 403


def test_it_refuses_the_outsider(client, cast):
    client.force_login(cast.outsider)
    response = client.get(URL)
    assert response.status_code == 403
    assert "police_a" not in response.content.decode()


def test_it_filters_by_role_and_status(client, cast):
    deactivate_account(actor=cast.district_officer, user=cast.jjb_member, reason="Retired")
    client.force_login(cast.state_officer)
    assert usernames(client.get(URL, {"role": "district_officer"})) == {"dcpu_a"}
    assert usernames(client.get(URL, {"active": "no"})) == {"jjb_a"}
    assert usernames(client.get(URL, {"active": "yes", "role": "jjb_member"})) == set()
