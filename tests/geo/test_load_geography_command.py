"""`trackchild load_geography` prints what it changed, and stops with a clear error on a bad file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from trackchild.geo.management.commands.load_geography import Command
from trackchild.geo.models import District

pytestmark = pytest.mark.django_db


def test_it_prints_the_counts_of_a_refresh(tmp_path):
    districts = tmp_path / "districts.csv"
    districts.write_text("lgd_code,name,state_lgd_code\n212,Patna,10\n196,Gaya Ji,10\n", encoding="utf-8")
    out = StringIO()

    call_command("load_geography", "--districts", str(districts), stdout=out)

    assert out.getvalue().splitlines() == [
        "states created: 0",
        "states updated: 0",
        "districts created: 0",
        "districts updated: 1",
        "districts deactivated: 776",
    ]
    assert District.objects.filter(is_active=True).count() == 2


def test_it_reports_a_bad_file_and_changes_nothing(tmp_path):
    districts = tmp_path / "districts.csv"
    districts.write_text("lgd_code,name,state_lgd_code\n212,Patna,ten\n", encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("load_geography", "--districts", str(districts))

    assert str(raised.value) == (
        "districts.csv, row 2, column state_lgd_code: 'ten' is not a positive whole "
        "number. Nothing was changed."
    )
    assert District.objects.filter(is_active=True).count() == 778


def test_it_exits_non_zero_on_a_bad_file(tmp_path, capsys):
    states = tmp_path / "states.csv"
    states.write_text("lgd_code,name\n10,Bihar\n", encoding="utf-8")

    # run_from_argv is what the `trackchild` console command calls; checks are skipped to test only the exit.
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["trackchild", "load_geography", "--skip-checks", "--states", str(states)])

    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: states.csv, row 1, column name_hi, kind: missing from the header. Nothing was changed.\n"
    )
