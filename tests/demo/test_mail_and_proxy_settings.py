"""Mail server and HTTPS proxy settings come from the environment; contradictions stop the start-up."""

import os
import subprocess
import sys

BASE = {"TRACKCHILD_TESTING": "1", "DJANGO_SETTINGS_MODULE": "trackchild.settings"}


def settings_with(**env):
    code = (
        "import trackchild.settings as s;"
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "BEHIND_"))}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **BASE, **env}, capture_output=True, text=True, timeout=60
    )


def test_smtp_server_and_proxy_header_are_read_from_the_environment():
    out = settings_with(
        EMAIL_HOST="smtp.example.gov.in", EMAIL_PORT="587", EMAIL_USE_TLS="true", BEHIND_HTTPS_PROXY="true"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "smtp.example.gov.in",
        "587",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


def test_without_a_proxy_django_trusts_no_forwarded_header():
    out = settings_with()
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["localhost", "25", "False", "None"]


def test_starttls_and_ssl_together_stop_the_start_up_with_a_message():
    out = settings_with(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert out.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in out.stderr


def test_a_port_that_is_not_a_number_is_named():
    out = settings_with(EMAIL_PORT="five-eight-seven")
    assert out.returncode != 0
    assert "EMAIL_PORT must be a whole number" in out.stderr
