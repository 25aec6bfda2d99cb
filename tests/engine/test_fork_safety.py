"""Batch workers are forked only from a process that runs no other thread: a lock another thread holds at
the fork stays held in the child for ever (a CI run once hung so)."""

import threading

from childmatch import Record, link
from childmatch.batch import can_fork


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        other.join()


NAMES = [a + b for a in ("Ra", "Su", "Ka", "Ma", "Pa", "Go") for b in ("vi", "nil", "mal", "dan", "resh")]


def test_a_batch_with_a_thread_running_still_links_every_found_child():
    missing = [
        Record.from_dict({"record_id": f"M{i}", "side": "missing", "name": f"{n} Kumar", "gender": "M"})
        for i, n in enumerate(NAMES)
    ]
    found = [  # enough found children to ask for workers
        Record.from_dict({"record_id": f"F{i}", "side": "found", "name": NAMES[i % 30], "gender": "M"})
        for i in range(2500)
    ]
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        pairs = link(missing, found, workers=2, min_score=0.01, claims=False)
    finally:
        release.set()
        other.join()
    assert {(p.missing_id, p.found_id) for p in pairs if p.rank == 1} >= {
        (f"M{i}", f"F{i}") for i in range(30)
    }
