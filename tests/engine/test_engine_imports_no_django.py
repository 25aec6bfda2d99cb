"""The engine is plain Python: importing all of it loads neither Django nor the portal."""

import subprocess
import sys

CODE = """
import sys
import childmatch, childmatch.cli, childmatch.batch, childmatch.index, childmatch.csvfiles
import childmatch.spark
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'trackchild'))
print(','.join(bad))
"""


def test_importing_childmatch_loads_no_django_or_trackchild():
    out = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == ""
