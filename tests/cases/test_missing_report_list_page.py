from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import missing_report_data
from tests.web.helpers import client_for, many_missing_reports
from trackchild.cases.services import register_missing_report, set_status

URL = reverse("missing-reports-list")


@pytest.mark.parametrize(
    "person", ["police_officer", "district_officer", "state_officer", "national_officer"]
)
def test_it_lists_the_report_for_everyone_whose_jurisdiction_covers_it(cast, missing_report, person):
    response = client_for(getattr(cast, person)).get(URL)
    assert response.status_code == 200
    assert "Sonu Kumar" in response.text
    assert reverse("missing-reports-detail", args=[missing_report.pk]) in response.text


def test_it_hides_other_districts_reports_from_the_outsider(cast, missing_report):
    response = client_for(cast.outsider).get(URL)
    assert response.status_code == 200
    assert "Sonu Kumar" not in response.text
    assert "0 records" in response.text


def test_it_offers_the_report_button_only_to_police(cast):
    assert "Report a missing child" in client_for(cast.police_officer).get(URL).text
    assert "Report a missing child" not in client_for(cast.district_officer).get(URL).text


def test_it_finds_a_name_typed_in_devanagari_among_parents_names(cast, missing_report):
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-2", name="सोनी", father_name="रमेश यादव"),
    )
    response = client_for(cast.police_officer).get(URL, {"q": "रमेश"})
    assert "सोनी" in response.text and "Sonu Kumar" not in response.text
    assert 'value="रमेश"' in response.text  # the search box keeps what was typed


def test_it_filters_by_gender_age_status_and_date(cast):
    old = timezone.now() - timedelta(days=200)
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="F-1", name="Asha", gender="female", age_years=15),
    )
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(
            cast,
            fir_number="F-2",
            name="Ravi",
            gender="male",
            age_years=6,
            missing_since=old,
            fir_date=timezone.localdate(old),
        ),
    )
    traced = register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="F-3", name="Meena", gender="female", age_years=9),
    )
    set_status(actor=cast.police_officer, record=traced, to_status="traced", expected_version=1)
    client = client_for(cast.police_officer)

    def names(**query):
        text = client.get(URL, query).text
        return {name for name in ("Asha", "Ravi", "Meena") if name in text}

    assert names(gender="female") == {"Asha", "Meena"}
    assert names(age_min=10, age_max=17) == {"Asha"}
    assert names(status="traced") == {"Meena"}
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert names(date_from=since) == {"Asha", "Meena"}
    assert names(date_to=since) == {"Ravi"}


def test_it_sorts_by_date_missing_both_ways(cast):
    now = timezone.now()
    for n, days in enumerate((3, 40, 10)):
        when = now - timedelta(days=days)
        register_missing_report(
            actor=cast.police_officer,
            data=missing_report_data(
                cast,
                fir_number=f"S-{n}",
                name=f"Sorted{days}",
                missing_since=when,
                fir_date=timezone.localdate(when),
            ),
        )
    client = client_for(cast.police_officer)
    newest = client.get(URL).text
    assert newest.index("Sorted3") < newest.index("Sorted10") < newest.index("Sorted40")
    oldest = client.get(URL, {"sort": "oldest"}).text
    assert oldest.index("Sorted40") < oldest.index("Sorted10") < oldest.index("Sorted3")


def test_it_pages_the_list_and_keeps_the_filters_in_page_links(cast, settings):
    settings.PAGE_SIZE = 2
    many_missing_reports(cast, 3)
    client = client_for(cast.police_officer)
    first = client.get(URL, {"gender": "male"})
    assert "Page 1 of 2" in first.text
    assert "gender=male&amp;page=2" in first.text
    second = client.get(URL, {"gender": "male", "page": 2})
    assert second.text.count('<td data-label="Name">') == 1


def test_a_state_officer_can_filter_by_district(cast, missing_report):
    client = client_for(cast.state_officer)
    assert "Sonu Kumar" in client.get(URL, {"district": cast.district_a.pk}).text


def test_a_malformed_filter_shows_an_error_and_lists_the_rest(cast, missing_report):
    response = client_for(cast.police_officer).get(URL, {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.text
    assert "Sonu Kumar" in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_it_needs_the_same_few_queries_however_many_reports(cast, count, django_assert_max_num_queries):
    many_missing_reports(cast, count)
    client = client_for(cast.state_officer)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "Child"})
    assert response.status_code == 200
    assert f"{count} records" in response.text


def test_it_shows_each_status_in_words(cast, missing_report):
    assert '<span class="status">Reported</span>' in client_for(cast.police_officer).get(URL).text
