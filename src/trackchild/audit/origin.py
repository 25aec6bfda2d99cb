"""Where the current action comes from (an IP address and a channel), set once per request or command."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    address: str = ""
    channel: str = "cli"


_current: ContextVar[Origin] = ContextVar("trackchild_origin", default=Origin())  # noqa: B039 (frozen)


def current_origin() -> Origin:
    return _current.get()


@contextmanager
def acting_from(origin: Origin):
    token = _current.set(origin)
    try:
        yield origin
    finally:
        _current.reset(token)
