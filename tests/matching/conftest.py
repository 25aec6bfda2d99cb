"""Matching tests: records saved through the real services, with their after-commit matching run."""

import pytest

from tests.conftest import found_child_data, missing_report_data
from trackchild.cases.services import register_found_child, register_missing_report
from trackchild.matching.engine import PORTAL_INDEX


@pytest.fixture(autouse=True)
def _fresh_index():
    # The index lives in the process: each test starts from its own database.
    PORTAL_INDEX.reset()
    yield
    PORTAL_INDEX.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and the matching it queues on commit, as a real save would."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def pair(cast, committed):
    """A boy reported missing in Patna and a boy registered by the CCI of Patna, his name in Devanagari."""
    report = committed(register_missing_report, actor=cast.police_officer, data=missing_report_data(cast))
    child = committed(register_found_child, actor=cast.cci_staff, data=found_child_data(cast))
    return report, child


@pytest.fixture
def delhi(cast):
    """A CCI and a CWC in New Delhi (another state), with an account each and their district officer."""
    from types import SimpleNamespace

    from tests.conftest import district, make_account, make_institution

    place = district("Delhi", "New Delhi", 7, 77)
    cci, cwc = make_institution("CCI-DL", "cci", place), make_institution("CWC-DL", "cwc", place)
    return SimpleNamespace(
        district=place,
        cci=cci,
        cwc=cwc,
        cci_staff=make_account("cci_dl", "cci_staff", institution=cci),
        cwc_member=make_account("cwc_dl", "cwc_member", institution=cwc),
        district_officer=make_account("dcpu_dl", "district_officer", district=place),
    )


@pytest.fixture
def cross_state_pair(cast, delhi, committed):
    """A boy reported missing in Patna; a boy found at New Delhi station, placed in a Delhi CCI."""
    report = committed(register_missing_report, actor=cast.police_officer, data=missing_report_data(cast))
    child = committed(
        register_found_child,
        actor=delhi.cci_staff,
        data=found_child_data(
            cast,
            found_district=delhi.district,
            found_place="New Delhi railway station",
            cwc=delhi.cwc,
            name="सोनु कुमार",
            age_years=12,
            age_is_estimated=True,
        ),
    )
    return report, child
