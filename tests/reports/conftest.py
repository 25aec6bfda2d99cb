"""A small, hand-counted world for the monitoring reports, on top of the shared cast.

Bihar: Patna (district A) has PS-A, CWC-A, JJB-A, CCI-A and a second police station PS-A2 that never enters
anything; Gaya has CCI-G, whose only entry is old. Maharashtra: Pune (district B) has PS-B.

    record  owner   created      changed (version)
    M1      PS-A    10 days ago  never (1)
    M2      PS-A    60 days ago  5 days ago (2)
    M3      PS-A    200 days ago never (1)
    F1      CCI-A   40 days ago  never (1)
    F2      CCI-G   200 days ago 150 days ago (2)
    MB      PS-B    3 days ago   never (1)

Records are made by the real services, then their timestamps are moved back with a plain UPDATE (the
services stamp "now"; this is the one thing tests may not do through them).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import district, found_child_data, make_account, make_institution, missing_report_data


@dataclass
class World:
    cast: object
    gaya: object
    ps_a2: object
    cci_g: object
    cci_g_staff: object
    m1: object
    m2: object
    m3: object
    f1: object
    f2: object
    mb: object


def backdate(record, *, created_days: int, changed_days: int | None = None) -> None:
    now = timezone.now()
    created = now - timedelta(days=created_days)
    changed = now - timedelta(days=changed_days) if changed_days is not None else created
    type(record).objects.filter(pk=record.pk).update(created_at=created, updated_at=changed)
    record.refresh_from_db()


@pytest.fixture
def world(cast) -> World:
    from trackchild.cases.services import (
        register_found_child,
        register_missing_report,
        update_found_child,
        update_missing_report,
    )

    gaya = district("Bihar", "Gaya", 10, 231)
    ps_a2 = make_institution("PS-A2", "police_station", cast.district_a)
    cci_g = make_institution("CCI-G", "cci", gaya)
    cci_g_staff = make_account("cci_gaya", "cci_staff", institution=cci_g)

    def missing(n, actor=cast.police_officer, **extra):
        return register_missing_report(
            actor=actor,
            data=missing_report_data(cast, fir_number=f"FIR-{n}/2026", name=f"Child {n}", **extra),
        )

    m1, m2, m3 = missing(1), missing(2), missing(3)
    update_missing_report(
        actor=cast.police_officer, report_id=m2.pk, expected_version=1, data={"height_cm": 120}
    )
    mb = missing(9, actor=cast.outsider, last_seen_district=cast.district_b)
    f1 = register_found_child(actor=cast.cci_staff, data=found_child_data(cast, name="Found 1"))
    f2 = register_found_child(
        actor=cci_g_staff, data=found_child_data(cast, name="Found 2", found_district=gaya, cwc=None)
    )
    update_found_child(actor=cci_g_staff, child_id=f2.pk, expected_version=1, data={"languages": "Magahi"})
    backdate(m1, created_days=10)
    backdate(m2, created_days=60, changed_days=5)
    backdate(m3, created_days=200)
    backdate(f1, created_days=40)
    backdate(f2, created_days=200, changed_days=150)
    backdate(mb, created_days=3)
    return World(cast, gaya, ps_a2, cci_g, cci_g_staff, m1, m2, m3, f1, f2, mb)


@pytest.fixture
def traced_world(world):
    """M2 traced today (its FIR was 20 days ago); F1, whose home is in Jharkhand, restored to family."""
    from trackchild.cases.services import set_status, update_found_child

    set_status(actor=world.cast.police_officer, record=world.m2, to_status="traced", expected_version=2)
    ranchi = district("Jharkhand", "Ranchi", 20, 364)
    child = update_found_child(
        actor=world.cast.cci_staff,
        child_id=world.f1.pk,
        expected_version=1,
        data={"home_state": ranchi.state, "home_district": ranchi},
    )
    set_status(
        actor=world.cast.cwc_member,
        record=child,
        to_status="restored",
        expected_version=child.version,
        order_number="CWC/PAT/2026/9",
    )
    return world
