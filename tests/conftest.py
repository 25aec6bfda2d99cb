"""The cast every portal test shares: one person per role and jurisdiction, built through the real services.

District A (Patna, Bihar) holds a police station, a CWC, a CCI and a JJB with one account each, and its
district officer; the state officer is Bihar's; the outsider works at a police station in district B
(Pune, Maharashtra) and must see nothing of A.
"""

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

os.environ.setdefault("TRACKCHILD_TESTING", "1")

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _media_in_tmp_and_fast_hashing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # argon2 is the production hasher (tests/accounts checks it); the cast does not need its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A test that renders a page in Hindi leaves the thread's language behind; the next test's
    messages must not depend on which tests ran before it."""
    yield
    from django.utils import translation

    translation.activate("en")


def district(state_name: str, district_name: str, state_code: int, district_code: int):
    from trackchild.geo.models import District, State

    state, _ = State.objects.get_or_create(name=state_name, defaults={"lgd_code": state_code})
    found = District.objects.filter(state=state, name=district_name).first()
    return found or District.objects.create(state=state, name=district_name, lgd_code=district_code)


@dataclass
class Cast:
    district_a: object
    district_b: object
    police_station_a: object
    cwc_a: object
    cci_a: object
    jjb_a: object
    police_station_b: object
    police_officer: object
    cwc_member: object
    cci_staff: object
    jjb_member: object
    district_officer: object
    state_officer: object
    national_officer: object
    system_admin: object
    outsider: object

    def people(self) -> dict:
        return {
            name: getattr(self, name)
            for name in (
                "police_officer",
                "cwc_member",
                "cci_staff",
                "jjb_member",
                "district_officer",
                "state_officer",
                "national_officer",
                "system_admin",
                "outsider",
            )
        }


def make_institution(code, kind, district, **extra):
    from trackchild.registry.services import create_institution

    if kind == "cci":
        extra = {"cci_kind": "childrens_home", "capacity": 50, **extra}
    return create_institution(
        actor=None, data={"code": code, "name": f"{code} {kind}", "kind": kind, "district": district, **extra}
    )


def make_account(username, role, **where):
    from trackchild.accounts.services import create_account

    return create_account(
        actor=None, username=username, password=PASSWORD, full_name=username.title(), role=role, **where
    )


@pytest.fixture
def cast(db) -> Cast:
    a = district("Bihar", "Patna", 10, 230)
    b = district("Maharashtra", "Pune", 27, 521)
    ps_a, cwc_a = make_institution("PS-A", "police_station", a), make_institution("CWC-A", "cwc", a)
    cci_a, jjb_a = make_institution("CCI-A", "cci", a), make_institution("JJB-A", "jjb", a)
    ps_b = make_institution("PS-B", "police_station", b)
    return Cast(
        district_a=a,
        district_b=b,
        police_station_a=ps_a,
        cwc_a=cwc_a,
        cci_a=cci_a,
        jjb_a=jjb_a,
        police_station_b=ps_b,
        police_officer=make_account("police_a", "police_officer", institution=ps_a),
        cwc_member=make_account("cwc_a", "cwc_member", institution=cwc_a),
        cci_staff=make_account("cci_a", "cci_staff", institution=cci_a),
        jjb_member=make_account("jjb_a", "jjb_member", institution=jjb_a),
        district_officer=make_account("dcpu_a", "district_officer", district=a),
        state_officer=make_account("scps_bihar", "state_officer", state=a.state),
        national_officer=make_account("mwcd", "national_officer"),
        system_admin=make_account("sysadmin", "system_admin"),
        outsider=make_account("police_b", "police_officer", institution=ps_b),
    )


def missing_report_data(cast: Cast, **overrides) -> dict:
    from django.utils import timezone

    when = timezone.now() - timedelta(days=20)
    return {
        "fir_number": "FIR-101/2026",
        "fir_date": timezone.localdate(when),
        "missing_since": when,
        "place_last_seen": "Patna Junction",
        "last_seen_district": cast.district_a,
        "complainant_name": "Ramesh Yadav",
        "complainant_relation": "father",
        "complainant_phone": "9812345678",
        "name": "Sonu Kumar",
        "gender": "male",
        "age_years": 11,
        "father_name": "Ramesh Yadav",
        **overrides,
    }


def found_child_data(cast: Cast, **overrides) -> dict:
    return {
        "found_on": date.today() - timedelta(days=3),
        "found_place": "Patna Junction platform 4",
        "found_district": cast.district_a,
        "found_by": "railway_police",
        "circumstance": "railway_station",
        "name": "सोनू",
        "gender": "male",
        "age_years": 12,
        "cwc": cast.cwc_a,
        **overrides,
    }


@pytest.fixture
def missing_report(cast):
    from trackchild.cases.services import register_missing_report

    return register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))


@pytest.fixture
def found_child(cast):
    from trackchild.cases.services import register_found_child

    return register_found_child(actor=cast.cci_staff, data=found_child_data(cast))
