"""The portal's main pages in English and in Hindi, chosen with the header's language switch as a user does.

Each test saves a full-page screenshot under tests/artifacts/ for a person to look at (Devanagari must render
as letters, not boxes) and checks what a machine can: the page is in the chosen language and nothing is wider
than the window.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.journeys import fill_missing_report, photo_of_a_child, save, switch_language
from tests.conftest import found_child_data, missing_report_data
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report

HEADINGS = {
    "login": {"en": "Log in to TrackChild", "hi": "TrackChild में लॉग इन करें"},
    "missing": {"en": "Missing children", "hi": "गुमशुदा बच्चे"},
}
AGE_ERROR = {
    "en": "A missing child must be under 18 on the date missing (this person was 19).",
    "hi": "गुमशुदगी की तिथि पर गुमशुदा बच्चे की आयु 18 वर्ष से कम होनी चाहिए (इस व्यक्ति की आयु 19 थी)।",
}

pytestmark = pytest.mark.parametrize("language", ["en", "hi"])


def in_language(page: Page, language: str) -> None:
    if language != "en":
        switch_language(page, language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def fits_the_window(page: Page) -> None:
    """Nothing sticks out sideways (a long Hindi label or a table pushing the page wider than the window)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"


def some_records(cast, count: int = 6) -> None:
    names = ["Sonu Kumar", "प्रिया कुमारी", "Mohammed Arif", "रीना", "Anjali Devi", "गुड्डू"]
    for n in range(count):
        register_missing_report(
            actor=cast.police_officer,
            data=missing_report_data(
                cast,
                fir_number=f"FIR-{300 + n}/2026",
                name=names[n % len(names)],
                gender="female" if n % 2 else "male",
                age_years=6 + n,
                missing_since=timezone.now() - timedelta(days=3 + n),
                fir_date=timezone.localdate() - timedelta(days=2),
            ),
        )


def test_the_login_page(open_page, db, language):
    page = open_page(None)
    in_language(page, language)
    expect(page.locator("h1")).to_have_text(HEADINGS["login"][language])
    fits_the_window(page)
    screenshot(page, f"login-{language}")


def test_a_police_stations_home_page(cast, open_page, language):
    some_records(cast, 3)
    page = open_page(cast.police_officer)
    in_language(page, language)
    expect(page.locator("#missing-heading")).to_have_text(HEADINGS["missing"][language])
    fits_the_window(page)
    screenshot(page, f"police-home-{language}")


def test_the_missing_report_form_with_an_error(cast, open_page, live_server, language):
    page = open_page(cast.police_officer)
    in_language(page, language)
    fill_missing_report(page, live_server.url, name="Sonu Kumar", age="19", fir_number="FIR-19/2026")
    save(page)
    expect(page.locator(".has-error .errorlist")).to_contain_text(AGE_ERROR[language])
    expect(page.locator("#id_name")).to_have_value("Sonu Kumar")  # what was typed is kept
    fits_the_window(page)
    screenshot(page, f"missing-report-form-error-{language}")


def test_a_found_child_with_a_photo(cast, open_page, live_server, tmp_path, language):
    photo = photo_of_a_child(tmp_path).read_bytes()
    child = register_found_child(
        actor=cast.cci_staff,
        data=found_child_data(cast, name="राहुल कुमार"),
        photos=[PhotoUpload(content=photo, taken_on=timezone.localdate())],
    )
    page = open_page(cast.cci_staff)
    in_language(page, language)
    page.goto(f"{live_server.url}/found/{child.pk}/")
    expect(page.locator("h1 bdi")).to_have_text("राहुल कुमार")
    thumbnail = page.locator("ul.photos img")
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    fits_the_window(page)
    screenshot(page, f"found-child-detail-{language}")


def test_a_state_officers_list(cast, open_page, live_server, language):
    some_records(cast)
    page = open_page(cast.state_officer)
    in_language(page, language)
    page.goto(f"{live_server.url}/missing/")
    expect(page.locator("h1")).to_have_text(HEADINGS["missing"][language])
    rows = page.locator("table.records tbody tr")
    expect(rows).to_have_count(6)
    # Day first in both languages, as India writes dates (the newest report went missing 3 days ago).
    three_days_ago = timezone.localtime(timezone.now() - timedelta(days=3)).strftime("%d-%m-%Y")
    expect(rows.first).to_contain_text(three_days_ago)
    fits_the_window(page)
    screenshot(page, f"state-officer-missing-list-{language}")
