"""The jurisdiction matrix: every role of the cast (and an anonymous visitor) × every page and API endpoint that
touches children's records, institutions or accounts × a record inside district A and one outside it (district
B, filed by the outsider's police station).

The outcome of each cell comes from the small tables below — who sees which record, who may create or change
what — written out by hand, not derived from the selectors under test. Invisible records answer 404, so their
existence is never revealed; a role that may not use a create or change page gets 403; anonymous visitors are
sent to the login page (the API answers 401). Writes are sent with a stale version or an invalid body, so even
a permitted write changes nothing, and every write cell checks that the database is unchanged.

`test_the_table_covers_every_route` fails when a page or endpoint appears that the table does not know, so
nobody can add an unchecked one.
"""

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from tests.conftest import PASSWORD, found_child_data, missing_report_data
from trackchild.accounts.models import User
from trackchild.api.routes import api
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, MissingReport, Photo, StatusChange
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report
from trackchild.registry.models import Institution

ROLES = [
    "police_officer",
    "cwc_member",
    "cci_staff",
    "jjb_member",
    "district_officer",
    "state_officer",
    "national_officer",
    "system_admin",
    "outsider",
]
EVERYONE = set(ROLES)
LOGIN = "login"  # the expected outcome "sent to the login page"

# --- Who sees which record ----------------------------------------------------------------------------------
# "_a" is the record inside district A (Patna, Bihar), "_b" the one filed by the outsider's station in Pune.
SEES = {
    "missing_a": {"police_officer", "district_officer", "state_officer", "national_officer", "system_admin"},
    "missing_b": {"outsider", "national_officer", "system_admin"},
    # Recorded by the CCI of A and produced before the CWC of A: both see it; the JJB and the police do not.
    "found_a": {
        "cwc_member",
        "cci_staff",
        "district_officer",
        "state_officer",
        "national_officer",
        "system_admin",
    },
    "found_b": {"outsider", "national_officer", "system_admin"},
    # The police station of A: its own officer and the officers above it.
    "institution_a": {
        "police_officer",
        "district_officer",
        "state_officer",
        "national_officer",
        "system_admin",
    },
    "institution_b": {"outsider", "national_officer", "system_admin"},
    # Accounts are seen by those who manage them: the CCI staff member of A, the police officer of B.
    "account_a": {"district_officer", "state_officer", "system_admin"},
    "account_b": {"system_admin"},
}
SEES["photo_missing_a"], SEES["photo_missing_b"] = SEES["missing_a"], SEES["missing_b"]
SEES["photo_found_a"], SEES["photo_found_b"] = SEES["found_a"], SEES["found_b"]

# Imports and API keys are their owner's alone: an upload holds children's data, a key acts as its owner.
SEES |= {
    "job_a": {"police_officer"},
    "job_b": {"outsider"},
    "key_a": {"police_officer"},
    "key_b": {"outsider"},
}
# A matching candidate pairs the missing report and the found child of the same side: it is seen by the
# institutions owning either record and the officers above them (the JJB of A owns neither).
SEES["candidate_a"] = SEES["missing_a"] | SEES["found_a"]
SEES["candidate_b"] = SEES["missing_b"] | SEES["found_b"]
# A verification task is read through its candidate; the family's answer is recorded by the police station
# asked (the station of the missing report) or its district officer (there is none in district B's cast).
SEES["task_a"], SEES["task_b"] = SEES["candidate_a"], SEES["candidate_b"]
TASK_TAKERS = {"a": {"police_officer", "district_officer"}, "b": {"outsider"}}
# Who takes a home verification for each found child (the found child of B has no CCI and no CWC yet).
CARE_TAKERS = {"found_a": {"cci_staff", "cwc_member", "district_officer"}, "found_b": set()}

# --- Who may do what ----------------------------------------------------------------------------------------
MAY = {
    "report_missing": {"police_officer", "outsider"},
    "register_found": {"police_officer", "cwc_member", "cci_staff", "jjb_member", "outsider"},
    "change_records": EVERYONE - {"national_officer"},  # national officers read everything, change nothing
    "edit_institutions": {"state_officer", "system_admin"},
    "manage_accounts": {"district_officer", "state_officer", "system_admin"},
    "admin": {"system_admin"},
    "see_reports": {"district_officer", "state_officer", "national_officer", "system_admin"},
}
MAY["import"] = MAY["report_missing"] | MAY["register_found"]
# Confirming or rejecting a candidate is a CWC's or an officer's call (matching.services.DECIDERS).
MAY["decide_matches"] = {"cwc_member", "district_officer", "state_officer"}
MAY["undo_matches"] = {"district_officer"}


# --- Expected outcomes: (role, side) -> status code, or LOGIN -----------------------------------------------

Expect = Callable[[str, str | None], int | str]


def everyone(status: int = 200) -> Expect:
    return lambda role, side: status


def sees(kind: str) -> Expect:
    return lambda role, side: 200 if role in SEES[f"{kind}_{side}"] else 404


def may(action: str, allowed: int = 200, refused: int = 403) -> Expect:
    return lambda role, side: allowed if role in MAY[action] else refused


def changes(kind: str, allowed: int, action: str = "change_records") -> Expect:
    """A change page: 404 for a record outside the jurisdiction (first), then 403 for a role that only reads."""

    def expect(role, side):
        if role not in SEES[f"{kind}_{side}"]:
            return 404
        return allowed if role in MAY[action] else 403

    return expect


def manages_account(allowed: int) -> Expect:
    """People pages refuse non-managers as a whole (403) before looking the account up (404)."""

    def expect(role, side):
        if role not in MAY["manage_accounts"]:
            return 403
        return allowed if role in SEES[f"account_{side}"] else 404

    return expect


def owns(kind: str, allowed: int = 200, refused: int = 404) -> Expect:
    """Things only their owner sees (an import, an API key): `refused` for everyone else, officers included."""
    return lambda role, side: allowed if role in SEES[f"{kind}_{side}"] else refused


def takes_care_step(allowed: int) -> Expect:
    """A care step (home verification): 404 outside the jurisdiction; then only the child's CCI, its CWC and
    the district's DCPU take it — everyone else who sees the child is refused (403)."""

    def expect(role, side):
        if role not in SEES[f"found_{side}"]:
            return 404
        return allowed if role in CARE_TAKERS[f"found_{side}"] else 403

    return expect


def decides(action: str, allowed: int) -> Expect:
    """A decision on a candidate: 404 unless the caller sees it, then 403 unless the role may make it."""

    def expect(role, side):
        if role not in SEES[f"candidate_{side}"]:
            return 404
        return allowed if role in MAY[action] else 403

    return expect


def answers_verification(allowed: int) -> Expect:
    """The family's answer to a verification: 404 unless the caller sees the task, then 403 unless the caller
    is the station asked or its district officer."""
    return lambda role, side: (
        404 if role not in SEES[f"task_{side}"] else allowed if role in TASK_TAKERS[side] else 403
    )


def admin_page(allowed: int = 200) -> Expect:
    return lambda role, side: allowed if role in MAY["admin"] else 403


# --- The table ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    route: str  # URL name (web, admin) or "METHOD /api/path" as in the OpenAPI schema
    method: str
    path: str  # placeholders {missing}, {found}, {photo_missing}, ... filled per side
    expect: Expect
    body: Callable | None = None  # (world, side) -> kwargs for the client call
    lists: tuple[str, ...] = ()  # kinds of record the answer lists exactly as SEES says (both sides)
    never_lists: tuple[str, ...] = ()  # kinds the answer may leave out, but must never show unseen
    api: bool = False
    marks: str = ""  # which of World.marks identifies a record in the answer; default: "api" or "page"

    @property
    def kind(self) -> str | None:
        for kind in (
            "photo_missing",
            "photo_found",
            "missing",
            "found",
            "institution",
            "account",
            "audit",
            "job",
            "key",
            "event",
            "attachment",
            "candidate",
            "duplicate",
            "task",
        ):
            if "{" + kind + "}" in self.path:
                return kind
        return None

    @property
    def writes(self) -> bool:
        return self.method != "GET"


def status_change(to_status: str):
    def body(world, side):
        return {
            "data": {
                "to_status": to_status,
                "effective_on": timezone.localdate().isoformat(),
                "order_number": "CWC/1/2026",
                "reason": "checking permissions",
                "version": 99,
            }
        }

    return body


def photo_form(world, side):
    return {"data": {"photo": SimpleUploadedFile("child.jpg", jpeg_bytes(), "image/jpeg"), "version": 99}}


def form(data: dict):
    return lambda world, side: {"data": dict(data)}


def as_json(data: dict | Callable):
    def body(world, side):
        payload = data(world) if callable(data) else data
        return {"data": json.dumps(payload), "content_type": "application/json"}

    return body


def adult_missing_report(world) -> dict:
    """Valid in shape, refused by the rules (age 19): a permitted caller gets 422 and nothing is filed."""
    when = timezone.localtime() - timedelta(days=5)
    return {
        "fir_number": "FIR-900/2026",
        "fir_date": when.date().isoformat(),
        "missing_since": when.isoformat(),
        "place_last_seen": "Gandhi Maidan",
        "last_seen_district": world.cast.district_a.lgd_code,
        "complainant_name": "Sunita Devi",
        "complainant_relation": "mother",
        "complainant_phone": "9876543210",
        "name": "Priya Kumari",
        "gender": "female",
        "age_years": 19,
    }


def adult_found_child(world) -> dict:
    return {
        "found_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "found_place": "Bus stand",
        "found_district": world.cast.district_a.lgd_code,
        "found_by": "railway_police",
        "circumstance": "railway_station",
        "name": "राहुल",
        "gender": "male",
        "age_years": 19,
    }


WEB = [
    Probe("home", "GET", "/", everyone(), never_lists=("missing", "found")),
    Probe("missing-reports-list", "GET", "/missing/", everyone(), lists=("missing",)),
    Probe("missing-reports-create", "GET", "/missing/new/", may("report_missing")),
    Probe(
        "missing-reports-create",
        "POST",
        "/missing/new/",
        may("report_missing", 400),
        form({"fir_number": ""}),
    ),
    Probe("missing-reports-detail", "GET", "/missing/{missing}/", sees("missing")),
    Probe("missing-reports-edit", "GET", "/missing/{missing}/edit/", changes("missing", 200)),
    Probe(
        "missing-reports-edit",
        "POST",
        "/missing/{missing}/edit/",
        changes("missing", 400),
        form({"version": 99}),
    ),
    Probe("missing-reports-status", "GET", "/missing/{missing}/status/", changes("missing", 200)),
    Probe(
        "missing-reports-status",
        "POST",
        "/missing/{missing}/status/",
        changes("missing", 409),
        status_change("traced"),
    ),
    Probe("missing-reports-add-photo", "GET", "/missing/{missing}/photos/", changes("missing", 200)),
    Probe(
        "missing-reports-add-photo", "POST", "/missing/{missing}/photos/", changes("missing", 409), photo_form
    ),
    # Withdrawing a photo is an edit of its record; an empty reason is refused (400), so nothing changes.
    Probe(
        "missing-reports-withdraw-photo",
        "GET",
        "/missing/{missing}/photos/{photo_missing}/withdraw/",
        changes("missing", 200),
    ),
    Probe(
        "missing-reports-withdraw-photo",
        "POST",
        "/missing/{missing}/photos/{photo_missing}/withdraw/",
        changes("missing", 400),
        form({"reason": ""}),
    ),
    Probe("found-children-list", "GET", "/found/", everyone(), lists=("found",)),
    Probe("found-children-create", "GET", "/found/new/", may("register_found")),
    Probe(
        "found-children-create", "POST", "/found/new/", may("register_found", 400), form({"found_place": ""})
    ),
    Probe("found-children-detail", "GET", "/found/{found}/", sees("found")),
    Probe("found-children-edit", "GET", "/found/{found}/edit/", changes("found", 200)),
    Probe(
        "found-children-edit", "POST", "/found/{found}/edit/", changes("found", 400), form({"version": 99})
    ),
    Probe("found-children-status", "GET", "/found/{found}/status/", changes("found", 200)),
    Probe(
        "found-children-status",
        "POST",
        "/found/{found}/status/",
        changes("found", 409),
        status_change("restored"),
    ),
    Probe("found-children-add-photo", "GET", "/found/{found}/photos/", changes("found", 200)),
    Probe("found-children-add-photo", "POST", "/found/{found}/photos/", changes("found", 409), photo_form),
    Probe(
        "found-children-withdraw-photo",
        "GET",
        "/found/{found}/photos/{photo_found}/withdraw/",
        changes("found", 200),
    ),
    Probe(
        "found-children-withdraw-photo",
        "POST",
        "/found/{found}/photos/{photo_found}/withdraw/",
        changes("found", 400),
        form({"reason": ""}),
    ),
    Probe("photos-image", "GET", "/photos/{photo_missing}/", sees("photo_missing")),
    Probe("photos-image", "GET", "/photos/{photo_found}/", sees("photo_found")),
    Probe("photos-thumbnail", "GET", "/photos/{photo_missing}/thumb/", sees("photo_missing")),
    Probe("photos-thumbnail", "GET", "/photos/{photo_found}/thumb/", sees("photo_found")),
    Probe("institutions-list", "GET", "/institutions/", everyone(), lists=("institution",)),
    Probe("institutions-create", "GET", "/institutions/new/", may("edit_institutions")),
    Probe(
        "institutions-create", "POST", "/institutions/new/", may("edit_institutions", 200), form({"name": ""})
    ),  # 200: the form with its errors
    Probe("institutions-detail", "GET", "/institutions/{institution}/", sees("institution")),
    Probe(
        "institutions-edit",
        "GET",
        "/institutions/{institution}/edit/",
        changes("institution", 200, "edit_institutions"),
    ),
    Probe(
        "institutions-edit",
        "POST",
        "/institutions/{institution}/edit/",
        changes("institution", 200, "edit_institutions"),
        form({"version": 99}),
    ),  # 200: the form's errors
    Probe(
        "institutions-close",
        "GET",
        "/institutions/{institution}/close/",
        changes("institution", 200, "edit_institutions"),
    ),
    Probe(
        "institutions-close",
        "POST",
        "/institutions/{institution}/close/",
        changes("institution", 409, "edit_institutions"),
        form({"reason": "checking permissions", "version": 99}),
    ),
    Probe("accounts-list", "GET", "/people/", may("manage_accounts"), lists=("account",)),
    Probe("accounts-create", "GET", "/people/new/", may("manage_accounts")),
    Probe("accounts-create", "POST", "/people/new/", may("manage_accounts", 200), form({"username": ""})),
    Probe("accounts-deactivate", "GET", "/people/{account}/deactivate/", manages_account(200)),
    Probe(
        "accounts-deactivate",
        "POST",
        "/people/{account}/deactivate/",
        manages_account(200),
        form({"reason": ""}),
    ),
    Probe("care-list", "GET", "/care/", everyone(), never_lists=("care",)),
    Probe("care-timeline", "GET", "/care/{found}/", sees("found")),
    Probe("care-step", "GET", "/care/{found}/home_verification/", takes_care_step(200)),
    Probe(
        "care-step", "POST", "/care/{found}/home_verification/", takes_care_step(400), form({"version": 99})
    ),
    # Nothing waits on anyone and nothing is attached in this world: 404 whoever asks (tests/care has the rest).
    Probe("care-request", "GET", "/care/requests/{event}/", everyone(404)),
    Probe("care-attachment", "GET", "/care/attachments/{attachment}/", everyone(404)),
    Probe("reports-statement", "GET", "/reports/statement/", may("see_reports")),
    Probe("reports-statement-export", "GET", "/reports/statement.csv", may("see_reports")),
    Probe("reports-dashboard", "GET", "/reports/dashboard/", may("see_reports")),
    Probe("reports-dashboard-pdf", "GET", "/reports/dashboard.pdf", may("see_reports")),
    Probe("reports-quality", "GET", "/reports/quality/", everyone()),
    Probe(
        "reports-quality-institution",
        "GET",
        "/reports/quality/institutions/{institution}/",
        sees("institution"),
    ),
    Probe("exchange-home", "GET", "/exchange/", everyone()),
    Probe("exchange-home", "POST", "/exchange/", may("import", 400), form({"register": "missing_reports"})),
    Probe("exchange-job", "GET", "/exchange/imports/{job}/", owns("job")),
    Probe("exchange-job-save", "POST", "/exchange/imports/{job}/save/", owns("job", 400), form({"go": "1"})),
    Probe("exchange-job-rows-to-fix", "GET", "/exchange/imports/{job}/rows-to-fix.csv", owns("job")),
    Probe("exchange-template", "GET", "/exchange/templates/missing_reports.csv", everyone()),
    Probe(
        "exchange-export",
        "GET",
        "/exchange/export/missing-reports.csv",
        everyone(),
        never_lists=("missing",),
        marks="export",
    ),
    Probe(
        "exchange-export",
        "GET",
        "/exchange/export/found-children.csv",
        everyone(),
        never_lists=("found",),
        marks="export",
    ),
    # Photos whose face could not be read: photo and record numbers and errors, for system administrators.
    Probe("faces-failed", "GET", "/faces/failed/", admin_page()),
    Probe("matching-queue", "GET", "/matching/", everyone(), never_lists=("candidate",)),
    Probe("matching-candidate", "GET", "/matching/candidates/{candidate}/", sees("candidate")),
    Probe(
        "matching-candidate",
        "POST",
        "/matching/candidates/{candidate}/",
        decides("decide_matches", 409),
        form({"decision": "confirm", "version": 99}),
    ),
    Probe(
        "matching-candidate-undo",
        "GET",
        "/matching/candidates/{candidate}/undo/",
        decides("undo_matches", 200),
    ),
    Probe(
        "matching-candidate-undo",
        "POST",
        "/matching/candidates/{candidate}/undo/",
        decides("undo_matches", 409),
        form({"reason": "checking permissions", "version": 99}),
    ),
    Probe(
        "matching-candidate-photo",
        "GET",
        "/matching/candidates/{candidate}/photos/{candidate_photo}/",
        sees("candidate"),
    ),
    # No likely duplicates in this world: 404 whoever asks (tests/matching/test_duplicates.py has the rest).
    Probe(
        "matching-duplicate-merge",
        "POST",
        "/matching/duplicates/{duplicate}/merge/",
        everyone(404),
        form({"keep": 1}),
    ),
    Probe("matching-jobs", "GET", "/matching/jobs/", admin_page()),
    Probe("matching-tasks", "GET", "/matching/tasks/", everyone(), never_lists=("task",)),
    Probe("matching-task", "GET", "/matching/tasks/{task}/", sees("task")),
    Probe(
        "matching-task",
        "POST",
        "/matching/tasks/{task}/",
        answers_verification(409),
        form({"outcome": "unreachable", "outcome_note": "checking permissions", "version": 99}),
    ),
    Probe("password-change", "GET", "/accounts/password/", everyone()),
    Probe("password-change-done", "GET", "/accounts/password/done/", everyone()),
]

# Web routes that touch no child's record, institution or account, each with the reason.
WEB_EXEMPT = {
    "login": "the login form itself; tests/web/test_login_page.py",
    "logout": "ends the caller's own session",
    "set_language": "stores the caller's language choice",
    "notifications-inbox": "the caller's own messages only (tests/notifications/test_inbox_page.py)",
    "notifications-read": "marks the caller's own messages read (tests/notifications/test_inbox_page.py)",
}

API = [
    Probe("GET /api/me", "GET", "/api/me", everyone(), api=True),
    Probe("GET /api/institutions", "GET", "/api/institutions", everyone(), lists=("institution",), api=True),
    Probe(
        "GET /api/missing-reports", "GET", "/api/missing-reports", everyone(), lists=("missing",), api=True
    ),
    Probe(
        "POST /api/missing-reports",
        "POST",
        "/api/missing-reports",
        may("report_missing", 422),
        as_json(adult_missing_report),
        api=True,
    ),
    Probe(
        "GET /api/missing-reports/{report_id}",
        "GET",
        "/api/missing-reports/{missing}",
        sees("missing"),
        api=True,
    ),
    Probe(
        "PATCH /api/missing-reports/{report_id}",
        "PATCH",
        "/api/missing-reports/{missing}",
        changes("missing", 409),
        as_json({"version": 99}),
        api=True,
    ),
    Probe(
        "POST /api/missing-reports/{report_id}/status",
        "POST",
        "/api/missing-reports/{missing}/status",
        changes("missing", 409),
        as_json({"to_status": "traced", "version": 99}),
        api=True,
    ),
    Probe(
        "POST /api/missing-reports/{report_id}/photos",
        "POST",
        "/api/missing-reports/{missing}/photos",
        changes("missing", 409),
        photo_form,
        api=True,
    ),
    # An empty reason passes the schema and is refused by the service after the jurisdiction check (422).
    Probe(
        "POST /api/missing-reports/{report_id}/photos/{photo_id}/withdraw",
        "POST",
        "/api/missing-reports/{missing}/photos/{photo_missing}/withdraw",
        changes("missing", 422),
        as_json({"reason": ""}),
        api=True,
    ),
    Probe("GET /api/found-children", "GET", "/api/found-children", everyone(), lists=("found",), api=True),
    Probe(
        "POST /api/found-children",
        "POST",
        "/api/found-children",
        may("register_found", 422),
        as_json(adult_found_child),
        api=True,
    ),
    Probe(
        "GET /api/found-children/{child_id}", "GET", "/api/found-children/{found}", sees("found"), api=True
    ),
    Probe(
        "PATCH /api/found-children/{child_id}",
        "PATCH",
        "/api/found-children/{found}",
        changes("found", 409),
        as_json({"version": 99}),
        api=True,
    ),
    Probe(
        "POST /api/found-children/{child_id}/status",
        "POST",
        "/api/found-children/{found}/status",
        changes("found", 409),
        as_json({"to_status": "restored", "order_number": "CWC/1", "version": 99}),
        api=True,
    ),
    Probe(
        "POST /api/found-children/{child_id}/photos",
        "POST",
        "/api/found-children/{found}/photos",
        changes("found", 409),
        photo_form,
        api=True,
    ),
    Probe(
        "POST /api/found-children/{child_id}/photos/{photo_id}/withdraw",
        "POST",
        "/api/found-children/{found}/photos/{photo_found}/withdraw",
        changes("found", 422),
        as_json({"reason": ""}),
        api=True,
    ),
]
API += [
    Probe("GET /api/keys", "GET", "/api/keys", everyone(), lists=("key",), api=True, marks="key"),
    # Only those who may write to a register may ask for a key with a write scope; the others get 422.
    Probe(
        "POST /api/keys",
        "POST",
        "/api/keys",
        may("report_missing", 201, refused=422),
        as_json({"name": "CCTNS sync", "scopes": ["missing_reports:write"]}),
        api=True,
    ),
    Probe(
        "DELETE /api/keys/{key_id}", "DELETE", "/api/keys/{key}", owns("key", 204, 403), as_json({}), api=True
    ),
    # A batch answers 200 with each item's outcome: here "invalid" (age 19), so nothing is saved.
    Probe(
        "POST /api/batch/missing-reports",
        "POST",
        "/api/batch/missing-reports",
        may("report_missing", 200),
        as_json(lambda world: [adult_missing_report(world)]),
        api=True,
    ),
    Probe(
        "POST /api/batch/found-children",
        "POST",
        "/api/batch/found-children",
        may("register_found", 200),
        as_json(lambda world: [{**adult_found_child(world), "admission_number": "ADM-9/2026"}]),
        api=True,
    ),
    Probe(
        "GET /api/changes",
        "GET",
        "/api/changes",
        everyone(),
        lists=("missing", "found"),
        api=True,
        marks="change",
    ),
]
API += [
    Probe("GET /api/candidates", "GET", "/api/candidates", everyone(), lists=("candidate",), api=True),
    Probe(
        "GET /api/candidates/{candidate_id}",
        "GET",
        "/api/candidates/{candidate}",
        sees("candidate"),
        api=True,
    ),
    Probe(
        "POST /api/candidates/{candidate_id}/decision",
        "POST",
        "/api/candidates/{candidate}/decision",
        decides("decide_matches", 409),
        as_json({"decision": "confirm", "version": 99}),
        api=True,
    ),
]
API_EXEMPT = {
    "POST /api/tokens": "exchanges the caller's own password for a token; every cell here starts with it",
    "DELETE /api/tokens/current": "revokes the caller's own token; tests/api/test_tokens.py",
}

# The admin: a read-only window for system administrators; everyone else is refused whatever the record.
ADMIN_MODELS = {  # admin model -> the record kind whose ids its pages are opened with
    "accounts_user": "account",
    "registry_institution": "institution",
    "cases_missingreport": "missing",
    "cases_foundchild": "found",
    "audit_auditevent": "audit",
}
ADMIN_EXEMPT = {
    "auth_group": "holds no data: TrackChild uses roles, not groups",
    "axes_accessattempt": "login attempts, not case or institution data; system administrators only",
    "axes_accesslog": "login attempts, not case or institution data; system administrators only",
    "axes_accessfailurelog": "login attempts, not case or institution data; system administrators only",
    "geo_state": "public geography (LGD codes)",
    "geo_district": "public geography (LGD codes)",
}
ADMIN_SITE_PAGES = {
    "index",
    "app_list",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "None",
}
ADMIN = [Probe("admin:index", "GET", "/admin/", admin_page())] + [
    probe
    for model, kind in ADMIN_MODELS.items()
    for probe in (
        Probe(f"admin:{model}_changelist", "GET", f"/admin/{model.replace('_', '/', 1)}/", admin_page()),
        Probe(f"admin:{model}_add", "GET", f"/admin/{model.replace('_', '/', 1)}/add/", admin_page(403)),
        Probe(
            f"admin:{model}_change",
            "GET",
            f"/admin/{model.replace('_', '/', 1)}/{{{kind}}}/change/",
            admin_page(),
        ),
        Probe(
            f"admin:{model}_history",
            "GET",
            f"/admin/{model.replace('_', '/', 1)}/{{{kind}}}/history/",
            admin_page(),
        ),
        Probe(
            f"admin:{model}_delete",
            "GET",
            f"/admin/{model.replace('_', '/', 1)}/{{{kind}}}/delete/",
            admin_page(403),
        ),
    )
]
TABLE = WEB + API + ADMIN


# --- The records --------------------------------------------------------------------------------------------


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


@dataclass
class World:
    cast: object
    ids: dict[str, int] = field(default_factory=dict)
    # How an answer shows each record: a link on the pages ("page"), a text in a CSV export ("export"), an id
    # or code in the API's results ("api"), a key's id ("key"), a (register, id) pair in the changes feed.
    marks: dict[str, dict[str, object]] = field(
        default_factory=lambda: {name: {} for name in ("page", "export", "api", "key", "change")}
    )


def csv_upload(register: str) -> SimpleUploadedFile:
    """A file with the register's header and one row that cannot be saved: a job waiting with problems."""
    from trackchild.exchange.exports import template_rows

    header = template_rows(register)[0]
    content = ",".join(header) + "\n" + ",".join(["?"] * len(header)) + "\n"
    return SimpleUploadedFile(f"{register}.csv", content.encode(), "text/csv")


def owned_things(cast, world: World) -> None:
    """An import and an API key of the police officer of A, and of the outsider."""
    from trackchild.exchange.imports import start_import
    from trackchild.exchange.keys import issue_api_key
    from trackchild.exchange.models import ImportJob

    for side, owner in (("a", cast.police_officer), ("b", cast.outsider)):
        job = start_import(
            actor=owner,
            register="missing_reports",
            upload=csv_upload("missing_reports"),
            mode=ImportJob.Mode.ALL_OR_NOTHING,
        )
        key, _raw = issue_api_key(actor=owner, name=f"key of {side}", scopes=["missing_reports:read"])
        world.ids |= {
            f"job_{side}": job.pk,
            f"key_{side}": key.pk,
            f"event_{side}": 10**6,
            f"attachment_{side}": 10**6,
        }  # none exists: see care-request
        world.marks["key"][f"key_{side}"] = key.pk


def matched_pairs(world: World, *pairs) -> None:
    """Each side's missing report and found child stored as a matching candidate, as the engine scores them
    (stored whatever the score: the matrix is about who sees a candidate, not whether the pair is likely)."""
    from dataclasses import replace

    from childmatch import score_records
    from trackchild.matching import adapter
    from trackchild.matching.models import Candidate, VerificationTask
    from trackchild.matching.pipeline import store_links

    for side, (missing, found) in zip("ab", pairs, strict=True):
        records = adapter.record_of("missing", missing.pk), adapter.record_of("found", found.pk)
        scored = replace(score_records(*records), other_id=records[0].record_id)
        store_links("found", found.pk, records[1], [scored])
        candidate = Candidate.objects.get(missing_report=missing, found_child=found)
        task = VerificationTask.objects.create(
            candidate=candidate,
            police_station=missing.police_station,
            requested_by=world.cast.district_officer if side == "a" else world.cast.outsider,
            due=timezone.localdate(),
        )
        world.ids[f"task_{side}"] = task.pk
        world.marks["page"][f"task_{side}"] = f'href="/matching/tasks/{task.pk}/"'
        world.ids |= {
            f"candidate_{side}": candidate.pk,
            f"candidate_photo_{side}": found.photos.get().pk,
            f"duplicate_{side}": 10**6,
        }
        world.marks["api"][f"candidate_{side}"] = candidate.pk
        world.marks["page"][f"candidate_{side}"] = f'href="/matching/candidates/{candidate.pk}/"'


def build_world(cast) -> World:
    photo = [PhotoUpload(content=jpeg_bytes())]
    missing_a = register_missing_report(
        actor=cast.police_officer, data=missing_report_data(cast), photos=photo
    )
    missing_b = register_missing_report(
        actor=cast.outsider,
        photos=photo,
        data=missing_report_data(
            cast,
            fir_number="FIR-77/2026",
            place_last_seen="Pune station",
            last_seen_district=cast.district_b,
            name="Pune Child",
        ),
    )
    found_a = register_found_child(actor=cast.cci_staff, data=found_child_data(cast), photos=photo)
    found_b = register_found_child(
        actor=cast.outsider,
        photos=photo,
        data=found_child_data(
            cast,
            found_place="Swargate bus stand",
            found_district=cast.district_b,
            cwc=None,
            name="Pune Found",
        ),
    )
    world = World(cast)
    for side, missing, found, institution, account in (
        ("a", missing_a, found_a, cast.police_station_a, cast.cci_staff),
        ("b", missing_b, found_b, cast.police_station_b, cast.outsider),
    ):
        world.ids |= {
            f"missing_{side}": missing.pk,
            f"found_{side}": found.pk,
            f"institution_{side}": institution.pk,
            f"account_{side}": account.pk,
            f"audit_{side}": AuditEvent.objects.order_by("pk").first().pk,
            f"photo_missing_{side}": missing.photos.get().pk,
            f"photo_found_{side}": found.photos.get().pk,
        }
        world.marks["page"] |= {
            f"missing_{side}": f'href="/missing/{missing.pk}/"',
            f"found_{side}": f'href="/found/{found.pk}/"',
            f"care_{side}": f'href="/care/{found.pk}/"',
            f"institution_{side}": f'href="/institutions/{institution.pk}/"',
            f"account_{side}": f"<td>{account.username}</td>",
        }
        world.marks["export"] |= {f"missing_{side}": missing.fir_number, f"found_{side}": found.found_place}
        world.marks["api"] |= {
            f"missing_{side}": missing.pk,
            f"found_{side}": found.pk,
            f"institution_{side}": institution.code,
        }
        world.marks["change"] |= {
            f"missing_{side}": ("missing_reports", missing.pk),
            f"found_{side}": ("found_children", found.pk),
        }
    owned_things(cast, world)
    matched_pairs(world, (missing_a, found_a), (missing_b, found_b))
    # The changes feed holds back the last moments' events (they may still be rolled back): age them.
    AuditEvent.objects.update(at=timezone.now() - timedelta(hours=1))
    return world


def database_state() -> tuple:
    """Everything a write could change (audit rows aside: reading a change form is itself audited)."""
    return (
        list(MissingReport.objects.order_by("pk").values_list("pk", "version", "status", "name")),
        list(FoundChild.objects.order_by("pk").values_list("pk", "version", "status", "name")),
        list(Institution.objects.order_by("pk").values_list("pk", "version", "is_active", "name")),
        list(User.objects.order_by("pk").values_list("pk", "is_active", "password", "role")),
        Photo.objects.count(),
        Photo.objects.filter(is_withdrawn=True).count(),
        StatusChange.objects.count(),
    )


# --- Running one cell ---------------------------------------------------------------------------------------


def call(client: Client, probe: Probe, world: World, side: str | None, headers: dict):
    path = probe.path.format(
        **{k.removesuffix(f"_{side}"): v for k, v in world.ids.items() if side and k.endswith(f"_{side}")}
    )
    kwargs = probe.body(world, side) if probe.body else {}
    if probe.method == "GET":
        return client.get(path, headers=headers, follow=not probe.api)
    if probe.method == "POST":
        return client.post(path, headers=headers, follow=not probe.api, **kwargs)
    return client.generic(
        probe.method, path, kwargs["data"], content_type=kwargs["content_type"], headers=headers
    )


def outcome(response) -> int | str:
    """The status code, or LOGIN when the answer (after any redirects) is the login page."""
    if getattr(response, "redirect_chain", None) and response.request["PATH_INFO"] == "/accounts/login/":
        return LOGIN
    return response.status_code


def listing_errors(probe: Probe, world: World, role: str, response) -> list[str]:
    errors = []
    marks = world.marks[probe.marks or ("api" if probe.api else "page")]
    if probe.api:
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        shown = {SHOWN[probe.marks or "api"](row) for row in rows}
    else:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode()
    for kind in probe.lists + probe.never_lists:
        for side in ("a", "b"):
            key = f"{kind}_{side}"
            listed = marks[key] in shown if probe.api else marks[key] in text
            visible = role in SEES[key if key in SEES else f"found_{side}"]  # care rows are found children
            if listed and not visible:
                errors.append(f"{probe.method} {probe.path}: shows {key}, which {role} must not see")
            if kind in probe.lists and visible and not listed:
                errors.append(f"{probe.method} {probe.path}: leaves out {key}, which {role} sees")
    return errors


SHOWN = {
    "api": lambda row: row.get("code", row.get("id")),
    "key": lambda row: row["id"],
    "change": lambda row: (row["register_name"], row["id"]),
}


def run_cell(client, probe, world, role, side, headers) -> list[str]:
    expected = probe.expect(role, side) if role != "anonymous" else (401 if probe.api else LOGIN)
    before = database_state() if probe.writes else None
    with transaction.atomic():
        response = call(client, probe, world, side, headers)
        after = database_state() if probe.writes else None
        transaction.set_rollback(True)  # a cell never leaves anything behind for the next one
    got = outcome(response)
    where = f"{probe.method} {probe.path}" + (f" [{side}]" if side else "")
    errors = [] if got == expected else [f"{where}: expected {expected}, got {got}"]
    if before != after:
        errors.append(f"{where}: changed the database")
    if got == 200 and probe.method == "GET" and (probe.lists or probe.never_lists):
        errors += listing_errors(probe, world, role, response)
    return errors


def api_token(user) -> str:
    response = Client().post(
        "/api/tokens", {"username": user.username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


# --- The tests ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_each_role_gets_what_the_table_says_on_every_route(cast, role):
    world = build_world(cast)
    page_client, api_headers = Client(), {}
    if role != "anonymous":
        user = getattr(cast, role)
        page_client.force_login(user)
        api_headers = {"Authorization": f"Bearer {api_token(user)}"}
    errors = []
    for probe in TABLE:
        client = Client() if probe.api else page_client  # the API must not lean on the page's session
        for side in ("a", "b") if probe.kind else (None,):
            errors += run_cell(client, probe, world, role, side, api_headers if probe.api else {})
    assert not errors, f"{role}:\n" + "\n".join(errors)


def test_the_api_tells_each_caller_who_they_are(cast):
    for role in ROLES:
        user = getattr(cast, role)
        response = Client().get("/api/me", headers={"Authorization": f"Bearer {api_token(user)}"})
        assert response.json()["username"] == user.username


def _web_route_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield namespace, str(pattern.name)

    return {(namespace, name) for namespace, name in walk(get_resolver().url_patterns)}


def test_the_table_covers_every_route():
    routes = _web_route_names()
    pages = {name for namespace, name in routes if not namespace}
    assert pages == {p.route for p in WEB} | set(WEB_EXEMPT), (
        "A page appeared or went: add it to the jurisdiction matrix (or to WEB_EXEMPT with the reason)"
    )

    schema = api.get_openapi_schema()
    endpoints = {
        f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods
    }
    assert endpoints == {p.route for p in API} | set(API_EXEMPT), (
        "An API endpoint appeared or went: add it to the jurisdiction matrix (or to API_EXEMPT with the reason)"
    )

    registered = {f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS) | set(ADMIN_EXEMPT), (
        "The admin shows another model: add it to ADMIN_MODELS (or ADMIN_EXEMPT with the reason)"
    )
    admin_pages = {name for namespace, name in routes if namespace == "admin"}
    model_pages = {name for name in admin_pages if name.rsplit("_", 1)[0] in registered}
    assert admin_pages - model_pages == ADMIN_SITE_PAGES
    covered = {p.route.removeprefix("admin:") for p in ADMIN}
    assert {name for name in model_pages if name.rsplit("_", 1)[0] in ADMIN_MODELS} <= covered


def page_text(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def test_a_record_outside_the_jurisdiction_looks_exactly_like_no_record(cast):
    world = build_world(cast)
    client = Client()
    client.force_login(cast.outsider)
    headers = {"Authorization": f"Bearer {api_token(cast.outsider)}"}
    unused = max(world.ids.values()) + 1000
    for template in ("/missing/{}/", "/found/{}/edit/", "/photos/{}/"):
        hidden = client.get(template.format(world.ids["missing_a"]))
        absent = client.get(template.format(unused))
        assert hidden.status_code == absent.status_code == 404
        # The pages differ only in the address they were asked for and in the per-response CSRF mask.
        same = page_text(absent).replace(str(unused), str(world.ids["missing_a"]))
        assert page_text(hidden) == same
    for template in ("/api/missing-reports/{}", "/api/found-children/{}"):
        hidden = Client().get(template.format(world.ids["found_a"]), headers=headers)
        absent = Client().get(template.format(unused), headers=headers)
        assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())
        assert hidden.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_offers_each_role_only_pages_it_may_open(cast, role):
    client = Client()
    client.force_login(getattr(cast, role))
    menu = re.search(r'<nav aria-label="Main">(.*?)</nav>', client.get("/").text, re.DOTALL).group(1)
    links = re.findall(r'href="([^"]+)"', menu)
    assert "/missing/" in links
    refused = {link: status for link in links if (status := client.get(link).status_code) != 200}
    assert refused == {}, f"{role} is offered pages that refuse them"
