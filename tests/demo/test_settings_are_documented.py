"""docs/operations.md and .env.example list every environment variable settings.py reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "trackchild" / "settings.py"


def variables_read_by_settings() -> set[str]:
    source = SETTINGS.read_text()
    pattern = r'(?:env_str|env_bool|env_int|env_list|os\.environ\.get|os\.getenv)\(\s*"([A-Z][A-Z0-9_]*)"'
    return set(re.findall(pattern, source)) | set(re.findall(r'os\.environ\["([A-Z][A-Z0-9_]*)"\]', source))


def test_settings_read_some_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "TRACKCHILD_DEMO"} <= variables_read_by_settings()


def test_every_variable_is_in_the_operations_table():
    table = set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (ROOT / "docs" / "operations.md").read_text(), re.MULTILINE)
    )
    assert variables_read_by_settings() - table == set()
    assert table - variables_read_by_settings() == set(), (
        "the table lists variables settings.py no longer reads"
    )


def test_every_variable_is_in_env_example():
    example = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert variables_read_by_settings() - example == set()
