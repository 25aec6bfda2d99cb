"""Withdrawing a wrong photo in a browser: the police officer opens the report, opens "Withdraw photo" under the
wrong one, gives the reason, and the page says "Photo withdrawn" and shows only the right photo; in Hindi too."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import missing_report_data
from tests.web.helpers import png_bytes
from trackchild.cases.models import Photo
from trackchild.cases.services import PhotoUpload, register_missing_report


@pytest.mark.parametrize("language", ["en", "hi"])
def test_an_officer_withdraws_a_wrong_photo_with_a_reason(open_page, live_server, cast, language):
    report = register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(png_bytes(colour=(40, 120, 200))), PhotoUpload(png_bytes(colour=(200, 60, 40)))],
    )
    wrong, right = report.photos.order_by("pk")
    page = open_page(cast.police_officer, language=language)
    page.goto(f"{live_server.url}/missing/{report.pk}/")
    item = page.locator(f"ul.photos li:has(img[src='/photos/{wrong.pk}/thumb/'])")
    item.locator("summary").click()
    expect(item.locator("textarea[name=reason]")).to_be_visible()
    shot = screenshot(page, f"withdraw-photo-{language}")
    shutil.copy(shot, "/tmp/withdraw_photo.png" if language == "en" else "/tmp/withdraw_photo_hi.png")

    item.locator("button[type=submit]").click()  # the browser refuses an empty reason (required)
    assert not Photo.objects.get(pk=wrong.pk).is_withdrawn
    item.locator("textarea[name=reason]").fill("Photo of the complainant's other son")
    item.locator("button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/missing/{report.pk}/")
    expect(page.locator(".messages")).to_contain_text(
        "Photo withdrawn" if language == "en" else "फ़ोटो वापस ले ली गई"
    )
    expect(page.locator("ul.photos img")).to_have_count(1)
    expect(page.locator(f"img[src='/photos/{right.pk}/thumb/']")).to_be_visible()
    screenshot(page, f"withdraw-photo-done-{language}")
    assert Photo.objects.get(pk=wrong.pk).withdrawal_reason == "Photo of the complainant's other son"
