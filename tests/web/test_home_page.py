import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.web.helpers import client_for, many_found_children, many_missing_reports


def test_a_police_officer_sees_their_reports_and_the_report_button(cast, missing_report):
    response = client_for(cast.police_officer).get(reverse("home"))
    assert response.status_code == 200
    assert "Report a missing child" in response.text
    assert "Sonu Kumar" in response.text
    assert (
        f'href="{reverse("missing-reports-list")}?status=reported"><span class="figure">1</span>'
        in response.text
    )


def test_a_cci_sees_children_in_care_and_the_register_button(cast, found_child):
    response = client_for(cast.cci_staff).get(reverse("home"))
    assert response.status_code == 200
    assert "Register a found child" in response.text
    assert "Report a missing child" not in response.text
    assert '<span class="figure">1</span>Children in care' in response.text
    assert "सोनू" in response.text


@pytest.mark.parametrize("officer", ["district_officer", "state_officer", "national_officer"])
def test_officers_see_counts_by_status_and_institution_type(cast, missing_report, found_child, officer):
    response = client_for(getattr(cast, officer)).get(reverse("home"))
    assert response.status_code == 200
    assert "Missing reports by type of institution" in response.text
    assert '<th scope="row">Police Station</th><td>1</td>' in response.text
    assert '<th scope="row">Child Care Institution</th><td>1</td>' in response.text
    assert "Sonu Kumar" in response.text and "सोनू" in response.text
    assert "Report a missing child" not in response.text


def test_it_shows_the_outsider_nothing_of_district_a(cast, missing_report, found_child):
    response = client_for(cast.outsider).get(reverse("home"))
    assert response.status_code == 200
    assert "Sonu Kumar" not in response.text and "सोनू" not in response.text
    assert "No missing reports yet." in response.text


def test_the_header_shows_name_role_and_jurisdiction(cast):
    response = client_for(cast.district_officer).get(reverse("home"))
    assert (
        "Dcpu_A" in response.text and "District officer" in response.text and "Patna (Bihar)" in response.text
    )


@pytest.mark.parametrize("count", [3, 30])
def test_it_needs_the_same_few_queries_however_many_records(cast, count, django_assert_max_num_queries):
    many_missing_reports(cast, count)
    many_found_children(cast, count)
    client = client_for(cast.district_officer)
    with django_assert_max_num_queries(15):  # 14, and the header's unread-messages count
        assert client.get(reverse("home")).status_code == 200


def test_optional_links_render_only_when_their_page_exists(rf):
    template = Template(
        '{% load portal %}{% optional_url "no-such-page" as a %}{% optional_url "home" as b %}[{{ a }}][{{ b }}]'
    )
    assert template.render(Context({})) == "[][/]"
