"""`trackchild load_demo`, run small (60 children) against the test database."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from trackchild.accounts.models import Role, User
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, MissingReport, Photo, StatusChange
from trackchild.demo.loader import DEMO_PASSWORD, load_demo
from trackchild.demo.places import all_district_names
from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    settings.DEMO_MODE = True


@pytest.fixture
def geography(db):
    """The districts the demo needs; the geography migration ships them, this covers a database without it."""
    for number, (state_name, district_name) in enumerate(all_district_names(), start=1):
        state = State.objects.filter(name=state_name).first() or State.objects.create(
            name=state_name, lgd_code=9000 + number
        )
        if not District.objects.filter(state=state, name=district_name).exists():
            District.objects.create(state=state, name=district_name, lgd_code=900_000 + number)


def load(children: int = 60) -> str:
    out = StringIO()
    call_command("load_demo", children=children, stdout=out)
    return out.getvalue()


def counts() -> dict:
    models = (Institution, User, MissingReport, FoundChild, Photo, StatusChange, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def test_it_creates_institutions_of_every_kind_in_at_least_three_states(geography):
    load()
    demo = Institution.objects.filter(code__startswith="DEMO-")
    assert demo.values("district__state").distinct().count() >= 3
    assert set(demo.values_list("kind", flat=True)) == set(Institution.Kind.values)
    cci_kinds = set(demo.filter(kind="cci").values_list("cci_kind", flat=True))
    assert {"childrens_home", "shelter_home", "observation_home", "open_shelter"} <= cci_kinds
    assert not demo.filter(kind="cci", registration_number="").exists()
    assert not demo.filter(kind="cci", capacity=None).exists()


def test_it_creates_an_account_for_every_role_and_prints_them_with_the_password(geography):
    output = load()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in (
        "police.patna",
        "cwc.patna",
        "jjb.patna",
        "cci.patna",
        "dcpu.patna",
        "scps.bihar",
        "mwcd",
        "sysadmin",
    ):
        assert username in output
    assert DEMO_PASSWORD in output


def test_its_accounts_log_in_with_the_printed_password(geography, settings):
    load()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.get(username="police.patna")
    assert user.check_password(DEMO_PASSWORD)
    user.refresh_from_db()
    assert "m=102400" in user.password  # re-hashed at full cost on first use


def test_it_registers_the_requested_number_of_children_some_in_devanagari(geography):
    load(children=60)
    assert MissingReport.objects.count() + FoundChild.objects.count() == 60
    names = list(MissingReport.objects.values_list("name", flat=True)) + list(
        FoundChild.objects.values_list("name", flat=True)
    )
    assert any(DEVANAGARI.search(name) for name in names)
    missing = MissingReport.objects.all()
    assert missing.filter(gender="female").count() > missing.filter(gender="male").count()


def test_it_writes_through_the_services_so_every_record_has_history_and_audit(geography):
    load()
    for report in MissingReport.objects.all():
        assert report.status_changes.first().to_status == "reported"
    created = AuditEvent.objects.filter(action="create", object_type="cases.foundchild").count()
    assert created == FoundChild.objects.count()
    assert StatusChange.objects.exclude(from_status="").exists()  # some records moved on


def test_some_found_children_are_children_reported_missing_written_differently_and_found_later(geography):
    summary = load_demo(children=60)
    assert summary.same_child_pairs
    for report_id, child_id in summary.same_child_pairs:
        report, child = MissingReport.objects.get(pk=report_id), FoundChild.objects.get(pk=child_id)
        assert child.gender == report.gender
        assert child.found_on > report.fir_date
        assert child.age_is_estimated
    written_alike = sum(
        MissingReport.objects.get(pk=r).name == FoundChild.objects.get(pk=c).name
        for r, c in summary.same_child_pairs
    )
    assert written_alike < len(summary.same_child_pairs)


def test_it_changes_nothing_when_run_again(geography):
    load()
    before = counts()
    output = load()
    assert "already loaded" in output
    assert "police.patna" in output
    assert counts() == before


def test_it_asks_for_the_geography_when_districts_are_missing(db):
    District.objects.filter(name="Patna", state__name="Bihar").delete()
    with pytest.raises(CommandError, match="migrate"):
        load()
    assert not Institution.objects.filter(code__startswith="DEMO-").exists()


def test_it_writes_the_true_pairs_for_scoring_matching(geography, tmp_path):
    pairs = tmp_path / "pairs.csv"
    call_command("load_demo", children=60, pairs_csv=str(pairs), stdout=StringIO())
    header, *rows = pairs.read_text().splitlines()
    assert header == "missing_report_id,found_child_id"
    assert rows
    for row in rows:
        report_id, child_id = map(int, row.split(","))
        assert FoundChild.objects.get(pk=child_id).gender == MissingReport.objects.get(pk=report_id).gender


def test_it_refuses_outside_demo_mode(geography, settings):
    settings.DEMO_MODE = settings.DEBUG = False
    with pytest.raises(CommandError, match="TRACKCHILD_DEMO=1"):
        load()
    assert not User.objects.exists()


def test_the_demo_ends_with_a_duplicate_model_fitted_to_its_own_registers(geography):
    output = load()
    from trackchild.matching.models import FittedModel, MatchJob

    assert list(FittedModel.objects.values_list("mode", flat=True)) == ["dedupe"]
    assert "fitting the duplicate model" in output
    assert not MatchJob.objects.exclude(state="done").exists()  # every record matched again with it
