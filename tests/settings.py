"""Settings for the test suite: the real settings, with the testing flag that allows the demo secret key."""

import os

os.environ.setdefault("TRACKCHILD_TESTING", "1")

from trackchild.settings import *  # noqa: E402,F403
