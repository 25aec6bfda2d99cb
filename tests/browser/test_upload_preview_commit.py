"""A police station uploads its register: the preview lists each problem by row and column, and saving keeps
the valid rows and offers the others back to fix."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.exchange.files import csv_text, missing_row
from trackchild.cases.models import MissingReport
from trackchild.exchange.models import ImportJob


def test_a_police_station_uploads_previews_and_saves_its_register(cast, open_page, live_server, tmp_path):
    rows = [
        missing_row(1),
        missing_row(2, age_years="19"),
        missing_row(3, fir_date="31-02-2026"),
        missing_row(4, name="प्रिया कुमारी", gender="female"),
        missing_row(4),
    ]
    path = tmp_path / "thana-register.csv"
    path.write_text(csv_text(rows), encoding="utf-8-sig")

    page = open_page(cast.police_officer)
    page.get_by_role("link", name="Data exchange").click()
    page.get_by_label("Missing children").check()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_label("Save the valid rows; give me the others back to fix").check()
    page.get_by_role("button", name="Upload and check").click()

    expect(page.locator("h1")).to_have_text("thana-register.csv")
    problems = page.locator("table.records tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("age_years")
    expect(problems.nth(1)).to_contain_text("fir_date")
    expect(problems.nth(2)).to_contain_text("The same record is already on row 5")
    screenshot(page, "upload-preview-with-errors")
    assert MissingReport.objects.count() == 0  # nothing before "Save"

    page.get_by_role("button", name="Save the 2 valid rows").click()
    expect(page.get_by_role("status").last).to_contain_text("Saved: 2 new")
    screenshot(page, "upload-saved")
    assert sorted(MissingReport.objects.values_list("fir_number", flat=True)) == ["FIR-1/2026", "FIR-4/2026"]
    assert MissingReport.objects.get(fir_number="FIR-4/2026").name == "प्रिया कुमारी"
    assert ImportJob.objects.get().skipped == 3
