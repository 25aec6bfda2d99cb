"""A state officer opens the MIS dashboard: every chart is drawn from its table, and the PDF report downloads."""

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.reports_data import busy_country
from tests.browser.test_reports_statement import render_pdf


def test_a_state_officer_sees_the_charts_and_their_numbers(cast, open_page):
    busy_country(cast)
    page = open_page(cast.state_officer)
    page.click("nav >> text=Dashboard")
    expect(page.locator("h1")).to_have_text("Dashboard: missing and found children")
    expect(page.locator("figure.chart.drawn")).to_have_count(7)
    # Each canvas has ink on it: Chart.js drew something, from the project's own copy of the library.
    for canvas in page.locator("figure.chart canvas").all():
        assert canvas.evaluate(
            "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 == 3 && v)"
        )
    numbers = page.locator("#chart-by-state details")
    numbers.locator("summary").click()
    expect(numbers.locator("tbody th", has_text="Bihar")).to_be_visible()
    expect(page.locator("table.matrix")).to_contain_text("Jharkhand")
    screenshot(page, "reports-dashboard-state")


def test_a_state_officer_downloads_the_mis_report(cast, open_page):
    busy_country(cast)
    page = open_page(cast.state_officer)
    page.click("nav >> text=Dashboard")
    with page.expect_download() as download_info:
        page.click("text=Download the MIS report (PDF)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "mis-report.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert render_pdf(target, "mis-report-pdf")
