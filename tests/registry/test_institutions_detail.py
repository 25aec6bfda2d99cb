from django.urls import reverse


def url(institution) -> str:
    return reverse("institutions-detail", args=[institution.pk])


def test_it_shows_a_cci_with_its_kind_registration_and_capacity(client, cast):
    client.force_login(cast.district_officer)
    response = client.get(url(cast.cci_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "CCI-A cci" in page
    assert "Children&#x27;s home" in page
    assert "50" in page


def test_it_offers_editing_and_closing_to_the_state_officer_only(client, cast):
    client.force_login(cast.state_officer)
    assert reverse("institutions-close", args=[cast.cci_a.pk]) in client.get(url(cast.cci_a)).content.decode()
    client.force_login(cast.district_officer)
    assert (
        reverse("institutions-close", args=[cast.cci_a.pk])
        not in client.get(url(cast.cci_a)).content.decode()
    )


def test_it_hides_other_institutions_from_an_institution_account(client, cast):
    client.force_login(cast.police_officer)
    assert client.get(url(cast.cci_a)).status_code == 404


def test_it_hides_district_a_from_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast.police_station_a)).status_code == 404
