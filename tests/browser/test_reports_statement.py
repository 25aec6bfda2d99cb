"""A state officer opens the compliance statement, drills down, sorts, and downloads it as CSV, Excel and PDF.

The PDF's pages are rendered to PNG with pdftoppm (Debian's poppler-utils) under tests/artifacts/ for a person
to look at, as are the page screenshots.
"""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.reports_data import busy_country


def render_pdf(path, name: str) -> list:
    """The PDF's pages as PNG files; skips the rest of the test where poppler-utils is not installed."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed, so the PDF is not rendered")
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


@pytest.fixture
def statement_page(cast, open_page, live_server):
    busy_country(cast)
    page = open_page(cast.state_officer)
    page.click("nav >> text=Who uploads")
    expect(page.locator("h1")).to_have_text("Who uploads: compliance statement")
    return page


def test_a_state_officer_reads_and_drills_down_the_statement(statement_page, live_server):
    page = statement_page
    table = page.locator("table.statement")
    expect(table.locator("tfoot th")).to_have_text("Total: Bihar")
    expect(table.locator("tbody th", has_text="Patna")).to_have_count(1)
    assert "Maharashtra" not in page.content()
    screenshot(page, "reports-statement-state")
    page.click("th[scope=col] >> text=Share uploading")
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    page.select_option("#id_kind", "police_station")
    page.select_option("#id_period", "30")
    page.click("form.filters button[type=submit]")
    expect(page.locator("caption")).to_contain_text("Bihar")
    page.click("table.statement tbody >> text=Patna")
    expect(table.locator("tfoot th")).to_have_text("Total: Patna (Bihar)")
    expect(table.locator("tbody th", has_text="PS-QUIET")).to_have_count(1)
    screenshot(page, "reports-statement-district")


@pytest.mark.parametrize("fmt, label", [("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF (annexure)")])
def test_a_state_officer_downloads_the_statement(statement_page, fmt, label):
    page = statement_page
    with page.expect_download() as download_info:
        page.click(f".actions >> text={label}")
    download = download_info.value
    assert download.suggested_filename.startswith("compliance-statement-bihar-")
    assert download.suggested_filename.endswith(f".{fmt}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"compliance-statement.{fmt}"
    download.save_as(target)
    content = target.read_bytes()
    if fmt == "csv":
        assert "Total: Bihar" in content.decode("utf-8-sig")
    elif fmt == "xlsx":
        assert content[:2] == b"PK"
    else:
        assert content.startswith(b"%PDF")
        assert render_pdf(target, "compliance-statement-pdf")
