"""Loading the demo: institutions, accounts, then both registers, all through the real services in one transaction.

One transaction means a load either happens whole or not at all, so "is the demo loaded?" has a clear answer
and a failed load leaves nothing half-made. The random generator is seeded: the same seed on the same day
gives the same records (dates are counted back from today).
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from trackchild.accounts.models import Role, User
from trackchild.accounts.services import create_account
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report, set_status
from trackchild.geo.models import District
from trackchild.registry.models import Institution
from trackchild.registry.services import create_institution

from .children import (
    Child,
    found_age,
    found_child_fields,
    home_hint,
    make_child,
    missing_age,
    missing_report_fields,
    region_for,
)
from .passwords import quick_hashing_of_the_demo_password
from .people import REGIONS
from .photos import placeholder_photo
from .places import DEMO_DISTRICTS, STATE_SLUGS, DemoDistrict, all_district_names

# One password for every demo account, printed by the command and in the README: the demo is public.
DEMO_PASSWORD = "TrackChild-Demo-2026"
CODE_PREFIX = "DEMO-"
NATIONAL_USERNAME, ADMIN_USERNAME = "mwcd", "sysadmin"
SCRIPT_OF_STATE = {
    "Bihar": "deva",
    "Uttar Pradesh": "deva",
    "Delhi": "deva",
    "Maharashtra": "deva",
    "West Bengal": "beng",
}
STAFF_REGION = {"Maharashtra": "marathi", "West Bengal": "bengali"}
SHARE_FOUND, SHARE_SAME_CHILD, SHARE_WITH_PHOTO = 0.4, 0.08, 0.02


class DemoAlreadyLoaded(Exception):
    pass


class GeographyMissing(Exception):
    pass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    jurisdiction: str


@dataclass
class Site:
    """One demo district with its institutions and the accounts that enter its records."""

    plan: DemoDistrict
    district: District
    police: list[User] = field(default_factory=list)
    cwc: Institution | None = None
    cwc_member: User | None = None
    cci_staff: list[tuple[User, str]] = field(default_factory=list)  # (account, whom its CCI takes)
    homes: list[tuple[Institution, str]] = field(
        default_factory=list
    )  # CCIs receiving children in need of care
    counters: Counter = field(default_factory=Counter)

    def next_number(self, kind: str, year: int) -> int:
        self.counters[kind, year] += 1
        return self.counters[kind, year]


@dataclass
class DemoSummary:
    accounts: list[DemoAccount]
    institutions: int
    missing_reports: int
    found_children: int
    same_child_pairs: list[tuple[int, int]]
    photos: int
    status_changes: int


def demo_is_loaded() -> bool:
    return Institution.objects.filter(code__startswith=CODE_PREFIX).exists()


def load_demo(
    *, children: int = 3000, seed: int = 2026, progress: Callable[[str], None] = lambda _: None
) -> DemoSummary:
    if demo_is_loaded():
        raise DemoAlreadyLoaded()
    districts = resolve_districts()
    loader = _Loader(random.Random(seed), districts, progress)
    with transaction.atomic(), quick_hashing_of_the_demo_password():
        return loader.run(children)


def resolve_districts() -> dict[tuple[str, str], District]:
    wanted = all_district_names()
    rows = District.objects.select_related("state").filter(
        state__name__in={s for s, _ in wanted}, name__in={d for _, d in wanted}
    )
    found = {(d.state.name, d.name): d for d in rows}
    missing = [f"{d} ({s})" for s, d in wanted if (s, d) not in found]
    if missing:
        raise GeographyMissing(", ".join(missing))
    return found


class _Loader:
    def __init__(self, rng: random.Random, districts: dict, progress: Callable[[str], None]):
        self.rng, self.districts, self.progress = rng, districts, progress
        self.today = timezone.localdate()
        self.sites: list[Site] = []
        self.accounts: list[DemoAccount] = []
        self.photos = self.status_changes = 0

    def run(self, children: int) -> DemoSummary:
        self._create_sites()
        found_total = round(children * SHARE_FOUND)
        pairs = min(round(children * SHARE_SAME_CHILD), found_total, children - found_total)
        self.progress(f"{len(self.accounts)} accounts; filing {children - found_total} missing reports")
        reports = self._file_missing_reports(children - found_total)
        self.progress(f"registering {found_total} found children, {pairs} of them children reported missing")
        same = self._register_same_children(reports, pairs)
        self._register_other_found_children(found_total - pairs)
        self._move_along([r for r, _ in reports if r.pk not in {m for m, _ in same}])
        return DemoSummary(
            accounts=self.accounts,
            institutions=Institution.objects.filter(code__startswith=CODE_PREFIX).count(),
            missing_reports=len(reports),
            found_children=found_total,
            same_child_pairs=same,
            photos=self.photos,
            status_changes=self.status_changes,
        )

    # Institutions and accounts ----------------------------------------------------------------------------

    def _create_sites(self) -> None:
        for plan in DEMO_DISTRICTS:
            site = Site(plan=plan, district=self.districts[plan.state, plan.name])
            for spec in plan.institutions:
                institution = create_institution(actor=None, data=self._institution_data(plan, site, spec))
                user = (
                    self._account(spec.username, _role_for(spec.kind), institution=institution)
                    if spec.username
                    else None
                )
                self._attach(site, spec, institution, user)
            if plan.has_officer:
                self._account(f"dcpu.{plan.slug}", Role.DISTRICT_OFFICER, district=site.district)
            self.sites.append(site)
        for state in dict.fromkeys(s.district.state for s in self.sites):
            self._account(f"scps.{STATE_SLUGS[state.name]}", Role.STATE_OFFICER, state=state)
        self._account(NATIONAL_USERNAME, Role.NATIONAL_OFFICER)
        self._account(ADMIN_USERNAME, Role.SYSTEM_ADMIN)

    def _institution_data(self, plan: DemoDistrict, site: Site, spec) -> dict:
        digits = 10 - len(plan.std_code)  # an STD code and a local number make eleven digits
        data = {
            "code": f"{plan.code_prefix}-{spec.key}",
            "name": spec.name,
            "kind": spec.kind,
            "district": site.district,
            "address": f"{self.rng.choice(plan.places)}, {plan.name}, {plan.state}",
            "phone": f"{plan.std_code}-2{self.rng.randint(0, 10**digits - 1):0{digits}d}",
            "email": f"{spec.key.lower()}.{plan.slug}@example.org",
        }
        if spec.kind == "cci":
            year = self.rng.randint(2016, 2023)
            data |= {
                "cci_kind": spec.cci_kind,
                "capacity": spec.capacity,
                "registration_number": f"{plan.state_code}/JJ/CCI/{year}/{self.rng.randint(1, 999):04d}",
            }
        return data

    def _attach(self, site: Site, spec, institution: Institution, user: User | None) -> None:
        if spec.kind == "police_station":
            site.police.append(user)
        elif spec.kind == "cwc":
            site.cwc, site.cwc_member = institution, user
        if spec.kind == "cci" and spec.cci_kind in ("childrens_home", "shelter_home", "open_shelter"):
            site.homes.append((institution, spec.takes or "all"))
            if user is not None:
                site.cci_staff.append((user, spec.takes))

    def _account(self, username: str, role: str, **where) -> User:
        user = create_account(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            **where,
            full_name=self._staff_name(**where),
            email=f"{username}@example.org",
        )
        self.accounts.append(DemoAccount(username, str(Role(role).label), user.jurisdiction_label()))
        return user

    def _staff_name(self, institution=None, district=None, state=None) -> str:
        """A made-up officer's name from the region the account works in."""
        place = state or (district or (institution.district if institution else None))
        state_name = place.name if state else (place.state.name if place else "")
        region = REGIONS[STAFF_REGION.get(state_name, "hindi")]
        given = self.rng.choice(region.fathers + region.mothers)
        return f"{given} {self.rng.choice(region.surnames)}" if region.surnames else given

    # Missing reports --------------------------------------------------------------------------------------

    def _file_missing_reports(self, count: int) -> list[tuple[MissingReport, Child]]:
        planned = []
        for _ in range(count):
            site = self._pick_site()
            region = region_for(self.rng, site.plan.regions)
            gender = "female" if self.rng.random() < 0.77 else "male"  # NCRB: about 77% are girls
            missing_on = self.today - timedelta(days=self._days_ago())
            child = make_child(
                self.rng,
                region,
                gender,
                missing_age(self.rng),
                missing_on,
                home=site.district,
                pin=site.plan.pin_prefix,
            )
            data = missing_report_fields(
                self.rng,
                child,
                missing_on=missing_on,
                place=self.rng.choice(site.plan.places),
                last_seen_district=site.district,
                hindi_clerk=SCRIPT_OF_STATE[site.plan.state] == "deva",
            )
            data["fir_date"] = min(data["fir_date"], self.today)
            planned.append((data, child, site, self.rng.choice(site.police)))
        planned.sort(key=lambda item: item[0]["missing_since"])  # FIR numbers run in date order
        reports = []
        for data, child, site, officer in planned:
            year = data["fir_date"].year
            data["fir_number"] = f"{site.next_number(officer.institution_id, year):04d}/{year}"
            photos = self._photos(child, data["fir_date"] - timedelta(days=self.rng.randint(10, 400)))
            reports.append((register_missing_report(actor=officer, data=data, photos=photos), child))
        return reports

    def _days_ago(self) -> int:
        return min(1400, 1 + int(self.rng.expovariate(1 / 320)))

    def _pick_site(self, *, other_state_than: str = "") -> Site:
        sites = [s for s in self.sites if s.plan.state != other_state_than]
        return self.rng.choices(sites, weights=[3 if s.plan.has_officer else 1 for s in sites])[0]

    def _photos(self, child: Child, taken_on: date) -> list[PhotoUpload]:
        if self.rng.random() >= SHARE_WITH_PHOTO:
            return []
        self.photos += 1
        return [PhotoUpload(content=placeholder_photo(child.photo_seed), taken_on=min(taken_on, self.today))]

    # Found children ---------------------------------------------------------------------------------------

    def _register_same_children(self, reports, pairs: int) -> list[tuple[int, int]]:
        """Found children who are children reported missing, found later and usually elsewhere."""
        candidates = [(r, c) for r, c in reports if (self.today - r.fir_date).days >= 5]
        same = []
        for report, child in sorted(
            self.rng.sample(candidates, min(pairs, len(candidates))), key=lambda rc: rc[0].fir_date
        ):
            far = self.rng.random() < 0.55
            site = self._pick_site(other_state_than=report.police_station.district.state.name if far else "")
            days_since = (self.today - report.fir_date).days
            found_on = report.fir_date + timedelta(days=self.rng.randint(2, min(540, days_since)))
            child = self._register_found(site, child, found_on, same_child=True)
            same.append((report.pk, child.pk))
        return same

    def _register_other_found_children(self, count: int) -> None:
        planned = []
        for _ in range(count):
            site = self._pick_site()
            weights = site.plan.regions if self.rng.random() < 0.7 else [(k, 1) for k in REGIONS]
            region = region_for(self.rng, weights)
            home = self.districts[self.rng.choice(region.homes)]
            gender = "female" if self.rng.random() < 0.55 else "male"
            found_on = self.today - timedelta(days=self._days_ago())
            child = make_child(self.rng, region, gender, found_age(self.rng), found_on, home=home)
            planned.append((found_on, site, child))
        planned.sort(key=lambda item: item[0])
        found = [
            self._register_found(site, child, found_on, same_child=False) for found_on, site, child in planned
        ]
        self._move_along(found)

    def _register_found(self, site: Site, child: Child, found_on: date, *, same_child: bool) -> FoundChild:
        data = found_child_fields(
            self.rng,
            child,
            found_on=found_on,
            places=site.plan.places,
            found_district=site.district,
            clerk_script=SCRIPT_OF_STATE[site.plan.state],
            same_child=same_child,
            home_hint=home_hint(self.rng, child),
        )
        takes = {"female": "girls", "male": "boys"}.get(child.gender, "all")
        actor, placement = self._recorder(site, takes, found_on)
        data |= placement
        return register_found_child(actor=actor, data=data, photos=self._photos(child, found_on))

    def _recorder(self, site: Site, takes: str, found_on: date) -> tuple[User, dict]:
        """Who registers the child (a CCI, the CWC, or the police who found it) and the placement so far."""
        who = self.rng.choices(("cci", "cwc", "police"), weights=(50, 35, 15))[0]
        if who == "police":
            return self.rng.choice(site.police), {"cwc": site.cwc}
        order_date = min(found_on + timedelta(days=self.rng.choice((0, 1, 1, 2))), self.today)
        year = order_date.year
        placement = {
            "cwc": site.cwc,
            "cwc_order_date": order_date,
            "admission_date": order_date,
            "cwc_order_number": f"CWC/{site.plan.state_code}/{site.plan.slug[:3].upper()}/{year}/"
            f"{site.next_number('cwc-order', year):04d}",
        }
        if who == "cci":
            staff = [u for u, t in site.cci_staff if t in (takes, "all")] or [u for u, _ in site.cci_staff]
            actor = self.rng.choice(staff)
            cci = actor.institution
        else:
            actor = site.cwc_member
            cci = self.rng.choice(
                [i for i, t in site.homes if t in (takes, "all")] or [i for i, _ in site.homes]
            )
        placement |= {"cci": cci, "admission_number": f"AD/{year}/{site.next_number(cci.pk, year):04d}"}
        return actor, placement

    # Later statuses ---------------------------------------------------------------------------------------

    def _move_along(self, records: list) -> None:
        """Some reports traced or closed, some children restored, transferred, repatriated or absconded."""
        for record in records:
            if isinstance(record, MissingReport):
                self._move_report(record)
            else:
                self._move_found_child(record)

    def _move_report(self, report: MissingReport) -> None:
        roll = self.rng.random()
        if roll < 0.28:
            self._status(report, report.created_by, MissingReport.Status.TRACED, report.fir_date)
        elif roll < 0.32:
            self._status(
                report,
                report.created_by,
                MissingReport.Status.CLOSED,
                report.fir_date,
                reason=self.rng.choice(
                    (
                        "The child came home on her own; the complainant confirmed it.",
                        "Duplicate of an earlier FIR at the same station.",
                    )
                ),
            )

    def _move_found_child(self, child: FoundChild) -> None:
        site = next(s for s in self.sites if s.district.pk == child.found_district_id)
        actor = site.cwc_member if child.cwc_id == site.cwc.pk else child.created_by
        order = f"CWC/{site.plan.state_code}/ORDER/{self.today.year}/{site.next_number('order', 0):04d}"
        roll = self.rng.random()
        F = FoundChild.Status
        if roll < 0.22:
            child = self._status(child, actor, F.RESTORATION_IN_PROGRESS, child.found_on)
            if roll < 0.16:
                self._status(child, actor, F.RESTORED, child.found_on, order_number=order)
        elif roll < 0.25:
            self._status(child, actor, F.TRANSFERRED, child.found_on, order_number=order)
        elif roll < 0.28:
            self._status(child, actor, F.REPATRIATED, child.found_on, order_number=order)
        elif roll < 0.31:
            self._status(
                child,
                actor,
                F.ABSCONDED,
                child.found_on,
                reason="Left the home during the evening play hour; police informed.",
            )
        elif roll < 0.33 and (child.age_years or 0) >= 16:
            self._status(child, actor, F.AGED_OUT, child.found_on)

    def _status(
        self, record, actor: User, to_status: str, since: date, *, order_number: str = "", reason: str = ""
    ):
        days = max(0, (self.today - since).days)
        effective_on = since + timedelta(days=self.rng.randint(min(1, days), days)) if days else since
        self.status_changes += 1
        return set_status(
            actor=actor,
            record=record,
            to_status=to_status,
            expected_version=record.version,
            effective_on=effective_on,
            order_number=order_number,
            reason=reason,
        )


def _role_for(kind: str) -> str:
    return {
        "police_station": Role.POLICE_OFFICER,
        "sjpu": Role.POLICE_OFFICER,
        "cwc": Role.CWC_MEMBER,
        "jjb": Role.JJB_MEMBER,
        "cci": Role.CCI_STAFF,
    }[kind]


# The account to try first for each role: all in Patna, Bihar, so they see each other's records.
HEADLINE_USERNAMES = (
    "police.patna",
    "cwc.patna",
    "jjb.patna",
    "cci.patna",
    "dcpu.patna",
    "scps.bihar",
    NATIONAL_USERNAME,
    ADMIN_USERNAME,
)


def demo_accounts() -> list[DemoAccount]:
    """The demo's accounts as stored, headline accounts first, then by role and username."""
    from django.db.models import Q

    users = User.objects.select_related("institution", "district__state", "state").filter(
        Q(institution__code__startswith=CODE_PREFIX)
        | Q(username__startswith="dcpu.")
        | Q(username__startswith="scps.")
        | Q(username__in=(NATIONAL_USERNAME, ADMIN_USERNAME))
    )
    role_order = {role: i for i, role in enumerate(Role.values)}

    def order(user: User):
        headline = user.username in HEADLINE_USERNAMES
        return (not headline, role_order.get(user.role, 99), user.username)

    return [
        DemoAccount(u.username, str(Role(u.role).label), u.jurisdiction_label())
        for u in sorted(users, key=order)
    ]
