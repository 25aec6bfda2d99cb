"""Matching end to end: a police station in Patna reports a missing boy; a CCI in Delhi registers a found boy
whose name is written in Devanagari with another spelling and an estimated age; the candidate appears on both
records and in both review queues; the Delhi CWC confirms; both records change status and both sides are
notified; an officer of an unrelated district sees nothing of it, on the pages or over the API."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.journeys import DETAIL, file_missing_report, photo_of_a_child, save
from tests.conftest import PASSWORD, district, make_account, make_institution
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate
from trackchild.notifications.models import Notification

FOUND_NAME = "सोनु कुमार"  # "Sonu Kumar" in the FIR; a short u here, as a Delhi clerk wrote it


@pytest.fixture(autouse=True)
def _fresh_index():
    PORTAL_INDEX.reset()  # the index lives in the process; each test has its own database
    yield
    PORTAL_INDEX.reset()


@pytest.fixture
def delhi(cast):
    place = district("Delhi", "New Delhi", 7, 77)
    cci, cwc = make_institution("CCI-DL", "cci", place), make_institution("CWC-DL", "cwc", place)
    return {
        "cci_staff": make_account("cci_dl", "cci_staff", institution=cci),
        "cwc_member": make_account("cwc_dl", "cwc_member", institution=cwc),
        "cwc": cwc,
    }


def register_in_delhi(page, base_url: str, cwc, photo) -> int:
    page.goto(f"{base_url}/found/new/")
    page.fill("#id_found_on", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("#id_found_place", "New Delhi railway station, platform 16")
    page.select_option("#id_found_district", label="New Delhi")
    page.select_option("#id_found_by", "railway_police")
    page.select_option("#id_circumstance", "railway_station")
    page.fill("#id_name", FOUND_NAME)
    page.select_option("#id_gender", "male")
    page.fill("#id_age_years", "12")
    page.check("#id_age_is_estimated")
    page.select_option("#id_cwc", str(cwc.pk))
    page.set_input_files("#id_photo_1", str(photo))
    save(page)
    page.wait_for_url(DETAIL["found"])
    return int(DETAIL["found"].match(page.url).group(1))


def test_a_match_across_states_is_proposed_confirmed_and_hidden_from_others(
    cast, delhi, open_page, live_server, tmp_path
):
    base = live_server.url
    police = open_page(cast.police_officer)
    missing_pk = file_missing_report(police, base, photo=photo_of_a_child(tmp_path))
    cci = open_page(delhi["cci_staff"])
    found_pk = register_in_delhi(cci, base, delhi["cwc"], photo_of_a_child(tmp_path, "found.jpg"))

    # The candidate appears on the found child's page, waiting if matching is still under way.
    candidates = cci.locator("#candidates a[href^='/matching/candidates/']")
    expect(candidates.first).to_be_visible(timeout=10_000)
    expect(candidates.first).to_contain_text("Sonu Kumar")
    candidate = Candidate.objects.get(missing_report_id=missing_pk, found_child_id=found_pk)
    screenshot(cci, "matching-found-child-candidates")

    # ... on the police station's report, and in both review queues.
    police.goto(f"{base}/missing/{missing_pk}/")
    expect(police.locator(f"#candidates a[href='/matching/candidates/{candidate.pk}/']")).to_contain_text(
        FOUND_NAME
    )
    for page in (police, cci):
        page.goto(f"{base}/matching/")
        expect(page.locator(f"#review-queue a[href='/matching/candidates/{candidate.pk}/']")).to_be_visible()

    # The police station compares the two side by side, photos included, but may not confirm.
    police.goto(f"{base}/matching/candidates/{candidate.pk}/")
    expect(police.locator(".side-by-side img")).to_have_count(2)
    expect(police.get_by_text("Confirm: the same child")).to_have_count(0)
    screenshot(police, "matching-side-by-side-police")

    # The Delhi CWC confirms from its queue.
    cwc = open_page(delhi["cwc_member"])
    cwc.goto(f"{base}/matching/")
    cwc.click(f"#review-queue a[href='/matching/candidates/{candidate.pk}/']")
    cwc.check("input[name=decision][value=confirm]")
    cwc.click("#decision-form button[type=submit]")
    expect(cwc.locator("#candidate-status")).to_have_text("Confirmed: the same child")
    screenshot(cwc, "matching-confirmed")

    police.goto(f"{base}/missing/{missing_pk}/")
    expect(police.locator("h1 .status")).to_have_text("Traced")
    cci.goto(f"{base}/found/{found_pk}/")
    expect(cci.locator("h1 .status")).to_have_text("Restoration in progress")
    assert MissingReport.objects.get(pk=missing_pk).status == "traced"
    assert FoundChild.objects.get(pk=found_pk).status == "restoration_in_progress"
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"police_a", "dcpu_a", "cci_dl", "cwc_dl"} <= told and "police_b" not in told

    # An officer of an unrelated district sees nothing of it.
    outsider = open_page(cast.outsider)
    outsider.goto(f"{base}/matching/")
    expect(outsider.locator("a[href^='/matching/candidates/']")).to_have_count(0)
    response = outsider.goto(f"{base}/matching/candidates/{candidate.pk}/")
    assert response.status == 404
    screenshot(outsider, "matching-outsider-404")
    token = (
        Client()
        .post(
            "/api/tokens",
            {"username": cast.outsider.username, "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/candidates").json() == []
    assert api.get(f"/api/candidates/{candidate.pk}").status_code == 404
