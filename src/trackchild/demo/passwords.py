"""Hashing the shared demo password cheaply while the demo loads; the full cost applies from first login.

Measured on the 2-core development machine: one argon2 hash at Django's settings takes 0.2–0.5 s, so the
demo's 57 accounts spent 11–28 s hashing one published password — most of a load. Hashes made here are real
argon2id hashes with small parameters; Django's production hasher verifies them (argon2 keeps its parameters
in the hash) and, seeing parameters other than its own, re-hashes at full cost on the first successful login.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test.utils import override_settings


class DemoLoadArgon2Hasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024  # KiB
    parallelism = 1


@contextmanager
def quick_hashing_of_the_demo_password() -> Iterator[None]:
    hashers = [f"{__name__}.DemoLoadArgon2Hasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield
