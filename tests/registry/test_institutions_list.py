from django.urls import reverse

from trackchild.registry.services import close_institution

URL = reverse("institutions-list")


def names(response) -> set[str]:
    return {institution.code for institution in response.context["page"].object_list}


def test_it_shows_a_state_officer_the_institutions_of_the_state(client, cast):
    client.force_login(cast.state_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == {"PS-A", "CWC-A", "CCI-A", "JJB-A"}
    assert "PS-A police_station" in response.content.decode()


def test_it_shows_an_institution_account_only_its_own_institution(client, cast):
    client.force_login(cast.cwc_member)
    assert names(client.get(URL)) == {"CWC-A"}


def test_it_shows_the_outsider_nothing_of_district_a(client, cast):
    client.force_login(cast.outsider)
    response = client.get(URL)
    assert names(response) == {"PS-B"}
    assert "PS-A" not in response.content.decode()


def test_it_shows_national_officers_every_institution(client, cast):
    client.force_login(cast.national_officer)
    assert names(client.get(URL)) == {"PS-A", "CWC-A", "CCI-A", "JJB-A", "PS-B"}


def test_it_filters_by_type_district_and_status(client, cast):
    close_institution(
        actor=cast.state_officer, institution_id=cast.jjb_a.pk, expected_version=1, reason="Merged"
    )
    client.force_login(cast.national_officer)
    assert names(client.get(URL, {"kind": "police_station"})) == {"PS-A", "PS-B"}
    assert names(client.get(URL, {"district": cast.district_b.pk})) == {"PS-B"}
    assert names(client.get(URL, {"active": "no"})) == {"JJB-A"}
    assert names(client.get(URL, {"active": "yes", "district": cast.district_a.pk})) == {
        "PS-A",
        "CWC-A",
        "CCI-A",
    }


def test_it_offers_only_the_districts_of_the_users_jurisdiction_as_a_filter(client, cast):
    client.force_login(cast.state_officer)
    response = client.get(URL, {"district": cast.district_b.pk})
    assert "district" in response.context["form"].errors
    assert names(response) == {"PS-A", "CWC-A", "CCI-A", "JJB-A"}


def test_it_pages_through_long_lists_keeping_the_filters(client, cast, settings):
    settings.PAGE_SIZE = 2
    client.force_login(cast.state_officer)
    first = client.get(URL, {"kind": ""})
    second = client.get(URL, {"kind": "", "page": 2})
    assert len(first.context["page"].object_list) == 2
    assert names(first) | names(second) == {"PS-A", "CWC-A", "CCI-A", "JJB-A"}
    assert "kind=&amp;page=2" in first.content.decode()


def test_it_sends_visitors_who_are_not_logged_in_to_the_login_page(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
