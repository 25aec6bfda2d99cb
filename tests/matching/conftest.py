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
