"""Verification with the family, end to end: the Delhi CWC asks the Patna police station to check a possible
match with the family; the station finds the task in its list with the due date, records that the mother
recognised the child, and the CWC sees the answer on the candidate, back for its decision."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import district, found_child_data, make_account, make_institution, missing_report_data
from trackchild.cases.services import register_found_child, register_missing_report
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate, VerificationTask


@pytest.fixture(autouse=True)
def _fresh_index():
    PORTAL_INDEX.reset()
    yield
    PORTAL_INDEX.reset()


@pytest.fixture
def candidate(cast):
    place = district("Delhi", "New Delhi", 7, 77)
    cci, cwc = make_institution("CCI-DL", "cci", place), make_institution("CWC-DL", "cwc", place)
    cci_staff = make_account("cci_dl", "cci_staff", institution=cci)
    cwc_member = make_account("cwc_dl", "cwc_member", institution=cwc)
    register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    register_found_child(
        actor=cci_staff,
        data=found_child_data(
            cast,
            found_district=place,
            found_place="New Delhi railway station",
            cwc=cwc,
            name="सोनु कुमार",
            age_years=12,
            age_is_estimated=True,
        ),
    )
    return Candidate.objects.get(), cwc_member


def test_the_station_answers_a_verification_and_the_cwc_sees_the_answer(
    cast, candidate, open_page, live_server
):
    row, cwc_member = candidate
    cwc = open_page(cwc_member)
    cwc.goto(f"{live_server.url}/matching/candidates/{row.pk}/")
    cwc.check("input[name=decision][value=verify]")
    cwc.fill("#id_reason", "Ask the mother about the scar on his left hand")
    cwc.click("#decision-form button[type=submit]")
    expect(cwc.locator("#candidate-status")).to_have_text("Being verified with the family")
    expect(cwc.locator("#verifications")).to_contain_text("Awaiting the family's answer")

    police = open_page(cast.police_officer)
    police.goto(f"{live_server.url}/notifications/")
    expect(police.locator("#inbox")).to_contain_text("Please verify a possible match")
    screenshot(police, "notifications-inbox-en")
    police.click("#mark-read button")
    expect(police.locator("#mark-read")).to_have_count(0)
    police.goto(f"{live_server.url}/matching/")
    police.click("#tasks-link")
    expect(police.locator("#verification-tasks")).to_contain_text("FIR-101/2026")
    screenshot(police, "verification-tasks-en")
    police.click("#verification-tasks a")
    expect(police.locator("#task-status")).to_have_text("Open")
    police.check("input[name=outcome][value=family_confirms]")
    police.fill("#id_outcome_note", "Mother recognised the photo and described the scar")
    screenshot(police, "verification-task-form-en")
    police.click("#outcome-form button[type=submit]")
    expect(police.locator("#task-outcome")).to_contain_text("The family confirms it is their child")
    screenshot(police, "verification-task-done-en")
    task = VerificationTask.objects.get()
    assert task.outcome == "family_confirms" and task.completed_by == cast.police_officer

    cwc.goto(f"{live_server.url}/matching/candidates/{row.pk}/")
    expect(cwc.locator("#candidate-status")).to_have_text("Awaiting review")
    expect(cwc.locator("#verifications")).to_contain_text("Mother recognised the photo")
    expect(cwc.locator("#decision-form")).to_be_visible()
    screenshot(cwc, "candidate-with-verification-en")


def test_the_task_list_reads_in_hindi(cast, candidate, open_page, live_server):
    from trackchild.matching.services import ask_verification

    row, cwc_member = candidate
    ask_verification(actor=cwc_member, candidate_id=row.pk, expected_version=row.version, note="")
    police = open_page(cast.police_officer, language="hi")
    police.goto(f"{live_server.url}/matching/tasks/")
    expect(police.locator("h1")).to_have_text("परिवारों से सत्यापन")
    screenshot(police, "verification-tasks-hi")
