"""Steps the browser tests share, done as a person at the keyboard does them: through the pages' own forms and
the language switch in the header. No fixed waits: Playwright waits for the navigation or the element."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

DETAIL = {"missing": re.compile(r".*/missing/(\d+)/$"), "found": re.compile(r".*/found/(\d+)/$")}


def photo_of_a_child(folder: Path, name: str = "child.jpg", colour=(180, 120, 90)) -> Path:
    """A real JPEG, as a phone camera would give it (a plain face-coloured oval on a background)."""
    image = Image.new("RGB", (480, 640), (70, 110, 160))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 140, 360, 460), fill=colour)
    draw.rectangle((100, 460, 380, 640), fill=(200, 60, 60))
    path = folder / name
    image.save(path, format="JPEG", quality=85)
    return path


def switch_language(page: Page, language: str) -> None:
    """Choose the language in the header's switch and press its button, as a user would."""
    page.select_option("#language-choice", language)
    with page.expect_navigation():
        page.click("form.lang button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", language)


def save(page: Page) -> None:
    page.click(".actions button[type=submit]")


def fill_missing_report(
    page: Page, base_url: str, *, name: str, age: str, fir_number: str, photo: Path | None = None
) -> None:
    """Open the form and fill it in (without saving)."""
    page.goto(f"{base_url}/missing/new/")
    when = timezone.localtime() - timedelta(days=2)
    page.fill("#id_fir_number", fir_number)
    page.fill("#id_fir_date", when.date().isoformat())
    page.fill("#id_missing_since", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place_last_seen", "Patna Junction, platform 2")
    page.select_option("#id_last_seen_district", label="Patna")
    page.fill("#id_name", name)
    page.select_option("#id_gender", "male")
    page.fill("#id_age_years", age)
    page.fill("#id_father_name", "Ramesh Yadav")
    page.fill("#id_complainant_name", "Ramesh Yadav")
    page.fill("#id_complainant_relation", "father")
    page.fill("#id_complainant_phone", "9812345678")
    if photo is not None:
        page.set_input_files("#id_photo_1", str(photo))


def file_missing_report(
    page: Page,
    base_url: str,
    *,
    name: str = "Sonu Kumar",
    fir_number: str = "FIR-55/2026",
    photo: Path | None = None,
) -> int:
    """File a report through the form; returns the new record's number, read from the page it lands on."""
    fill_missing_report(page, base_url, name=name, age="11", fir_number=fir_number, photo=photo)
    save(page)
    page.wait_for_url(DETAIL["missing"])
    return int(DETAIL["missing"].match(page.url).group(1))


def register_found_child(page: Page, base_url: str, *, name: str, cwc, photo: Path | None = None) -> int:
    page.goto(f"{base_url}/found/new/")
    page.fill("#id_found_on", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("#id_found_place", "Patna Junction, platform 4")
    page.select_option("#id_found_district", label="Patna")
    page.select_option("#id_found_by", "railway_police")
    page.select_option("#id_circumstance", "railway_station")
    page.fill("#id_name", name)
    page.select_option("#id_gender", "male")
    page.fill("#id_age_years", "9")
    page.select_option("#id_cwc", str(cwc.pk))
    if photo is not None:
        page.set_input_files("#id_photo_1", str(photo))
    save(page)
    page.wait_for_url(DETAIL["found"])
    return int(DETAIL["found"].match(page.url).group(1))
