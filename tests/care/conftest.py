import pytest

from tests.care.helpers import make_other_state


@pytest.fixture
def other_state(cast):
    return make_other_state()
