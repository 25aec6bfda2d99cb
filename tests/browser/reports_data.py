"""A few months of records in several States/UTs, so the monitoring pages' charts have something to show.

Built with the real services as the cast's and new accounts; timestamps are then moved back (see
tests/reports/conftest.py for why that is done with a plain UPDATE).
"""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import district, found_child_data, make_account, make_institution, missing_report_data
from tests.reports.conftest import backdate

PLACES = [
    ("Bihar", "Gaya", 10, 231),
    ("Uttar Pradesh", "Lucknow", 9, 162),
    ("West Bengal", "Kolkata", 19, 341),
    ("Jharkhand", "Ranchi", 20, 364),
    ("Maharashtra", "Pune", 27, 521),
]


def busy_country(cast) -> None:
    from trackchild.cases.services import register_found_child, register_missing_report, set_status

    stations = [(cast.police_officer, cast.district_a)]
    for n, (state, name, state_code, district_code) in enumerate(PLACES):
        place = district(state, name, state_code, district_code)
        if place.pk == cast.district_b.pk:
            stations.append((cast.outsider, place))
            continue
        station = make_institution(f"PS-{n}", "police_station", place)
        make_institution(f"CCI-{n}", "cci", place)
        stations.append((make_account(f"police_{n}", "police_officer", institution=station), place))
    make_institution("PS-QUIET", "police_station", cast.district_a)
    now = timezone.now()
    for i in range(48):
        officer, place = stations[i % len(stations)]
        days = 5 + (i * 7) % 330
        when = now - timedelta(days=days)
        report = register_missing_report(
            actor=officer,
            data=missing_report_data(
                cast,
                fir_number=f"FIR-{500 + i}/2026",
                name=f"Child {i}",
                last_seen_district=place,
                missing_since=when,
                fir_date=timezone.localdate(when),
                gender="female" if i % 4 else "male",
                age_years=3 + (i * 5) % 15,
            ),
        )
        if i % 3 == 0:
            set_status(
                actor=officer,
                record=report,
                to_status="traced",
                expected_version=1,
                effective_on=timezone.localdate(min(now, when + timedelta(days=(i * 11) % 120))),
            )
        backdate(report, created_days=days, changed_days=max(1, days - (i % 5) * 20))
    homes = [district(*place) for place in PLACES[1:4]]
    for i in range(9):
        home = homes[i % len(homes)]
        child = register_found_child(
            actor=cast.cci_staff,
            data=found_child_data(cast, name=f"Found {i}", home_state=home.state, home_district=home),
        )
        if i % 4 != 3:
            set_status(
                actor=cast.cwc_member,
                record=child,
                to_status="restored",
                expected_version=1,
                order_number=f"CWC/PAT/{i}",
            )
