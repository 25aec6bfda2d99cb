"""`trackchild load_geography` prints what it changed, and stops with a clear error on a bad file."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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


def test_it_exits_non_zero_on_a_bad_file(tmp_path):
    states = tmp_path / "states.csv"
    states.write_text("lgd_code,name\n10,Bihar\n", encoding="utf-8")
    env = {
        **os.environ,
        "TRACKCHILD_TESTING": "1",
        "TRACKCHILD_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "trackchild.settings",
    }

    done = subprocess.run(
        [sys.executable, "-m", "trackchild", "load_geography", "--states", str(states)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )

    assert done.returncode == 1
    assert (
        "states.csv, row 1, column name_hi, kind: missing from the header. Nothing was changed."
        in done.stderr
    )
