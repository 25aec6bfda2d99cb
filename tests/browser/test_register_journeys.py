"""The two registers end to end: a police station files a missing report with a photo, a CCI registers a
found child named in Devanagari, the district officer of A sees both, and an officer of another district sees
neither — on the pages or over the API."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.journeys import file_missing_report, photo_of_a_child, register_found_child
from tests.conftest import PASSWORD
from trackchild.cases.models import FoundChild, MissingReport

DEVANAGARI_NAME = "राहुल कुमार"


def test_a_police_station_files_a_missing_report_with_a_photo(cast, open_page, live_server, tmp_path):
    page = open_page(cast.police_officer)
    pk = file_missing_report(page, live_server.url, photo=photo_of_a_child(tmp_path))

    expect(page.locator("h1")).to_contain_text("Sonu Kumar")
    # The drawn "child" has no real face: a second message says the photo is kept but not used for faces.
    expect(page.locator(".messages .success")).to_contain_text(f"The record's number is {pk}")
    expect(page.locator(".messages .warning")).to_contain_text("cannot be used to match faces")
    thumbnail = page.locator("ul.photos img")
    expect(thumbnail).to_have_count(1)
    expect(thumbnail).to_have_attribute(
        "src", f"/photos/{MissingReport.objects.get(pk=pk).photos.get().pk}/thumb/"
    )
    # The image actually arrived and decoded (a broken image has no natural width).
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "journey-missing-report-detail")

    report = MissingReport.objects.get(pk=pk)
    assert (report.police_station, report.name, report.created_by) == (
        cast.police_station_a,
        "Sonu Kumar",
        cast.police_officer,
    )


def test_a_cci_registers_a_found_child_named_in_devanagari(cast, open_page, live_server, tmp_path):
    page = open_page(cast.cci_staff)
    pk = register_found_child(
        page, live_server.url, name=DEVANAGARI_NAME, cwc=cast.cwc_a, photo=photo_of_a_child(tmp_path)
    )

    expect(page.locator("h1 bdi")).to_have_text(DEVANAGARI_NAME)
    expect(page.locator("dd bdi", has_text="राहुल")).to_have_text(DEVANAGARI_NAME)
    screenshot(page, "journey-found-child-devanagari")
    page.goto(f"{live_server.url}/found/")
    expect(page.get_by_role("link", name=DEVANAGARI_NAME)).to_have_attribute("href", f"/found/{pk}/")
    assert FoundChild.objects.get(pk=pk).name == DEVANAGARI_NAME  # stored exactly as typed, not normalised


def test_the_district_sees_both_records_and_another_district_sees_neither(
    cast, open_page, live_server, tmp_path
):
    base = live_server.url
    missing = file_missing_report(open_page(cast.police_officer), base, photo=photo_of_a_child(tmp_path))
    found = register_found_child(open_page(cast.cci_staff), base, name=DEVANAGARI_NAME, cwc=cast.cwc_a)

    officer = open_page(cast.district_officer)
    for listing, name, detail in (
        ("/missing/", "Sonu Kumar", f"/missing/{missing}/"),
        ("/found/", DEVANAGARI_NAME, f"/found/{found}/"),
    ):
        officer.goto(base + listing)
        officer.get_by_role("link", name=name).click()
        officer.wait_for_url(base + detail)
        expect(officer.locator("h1 bdi")).to_have_text(name)
    screenshot(officer, "journey-district-officer-found-child")

    outsider = open_page(cast.outsider)
    for listing, name in (("/missing/", "Sonu Kumar"), ("/found/", DEVANAGARI_NAME)):
        outsider.goto(base + listing)
        expect(outsider.locator("main")).to_contain_text("0 records")
        expect(outsider.get_by_text(name)).to_have_count(0)
    for detail in (f"/missing/{missing}/", f"/found/{found}/"):
        response = outsider.goto(base + detail)
        assert response.status == 404
        expect(outsider.locator("main")).not_to_contain_text("Sonu Kumar")
    screenshot(outsider, "journey-outsider-404")

    api = outsider.context.request
    token = api.post(f"{base}/api/tokens", data={"username": cast.outsider.username, "password": PASSWORD})
    assert token.status == 201, token.text()
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert api.get(f"{base}/api/missing-reports/{missing}", headers=bearer).status == 404
    assert api.get(f"{base}/api/found-children/{found}", headers=bearer).status == 404
    for endpoint in ("missing-reports", "found-children"):
        listing = api.get(f"{base}/api/{endpoint}", headers=bearer)
        assert listing.status == 200
        assert (listing.json()["count"], listing.json()["results"]) == (0, [])
        searched = api.get(f"{base}/api/{endpoint}", params={"q": "राहुल"}, headers=bearer)
        assert searched.json()["count"] == 0
