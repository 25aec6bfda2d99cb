"""Batch link on Spark (local[2]) gives the same pairs, scores and ranks as the in-process engine."""

import os
import random
import shutil

import pytest

from childmatch import Record, link

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java"
)

NAMES = [
    "Pooja",
    "पूजा",
    "Puja Kumari",
    "Rahul",
    "Raahul Yadav",
    "Guddu",
    "Sunita",
    "সুনীতা",
    "Lakshmi",
    "Laxmi",
    "Unknown",
    "Arjun",
    "Murugan",
    "முருகன்",
    "Priya",
    "Pinky",
]
STATES = [
    ("Bihar", "Gaya"),
    ("Bihar", "Patna"),
    ("Delhi", "North Delhi"),
    ("Tamil Nadu", "Chennai"),
    ("West Bengal", "Nadia"),
]


def records(side, n, seed):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        state, district = rng.choice(STATES)
        out.append(
            Record.from_dict(
                {
                    "record_id": f"{side[0].upper()}{i}",
                    "side": side,
                    "name": rng.choice(NAMES),
                    "gender": rng.choice("MF"),
                    "age_years": str(rng.randrange(3, 17)),
                    "event_date": f"20{rng.randrange(18, 24)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
                    "state": state,
                    "district": district,
                    "father_name": rng.choice(["Ramesh", "Suresh Das", ""]),
                }
            )
        )
    return out


def test_spark_and_local_agree():
    from childmatch.spark import spark_link

    missing, found = records("missing", 120, 1), records("found", 80, 2)
    local = link(missing, found, min_score=0.01, workers=1)
    spark = spark_link(missing, found, min_score=0.01, master="local[2]", partitions=2)
    key = lambda rs: sorted((r.missing_id, r.found_id, round(r.score, 9), r.rank) for r in rs)  # noqa: E731
    assert len(local) > 50
    assert key(spark) == key(local)
    explained = {(r.missing_id, r.found_id): r.candidate.explanation() for r in local}
    assert all(explained[(r.missing_id, r.found_id)] == r.candidate.explanation() for r in spark)


def test_spark_and_local_agree_without_claims_too():
    """The portal's re-match on Spark ranks as a save does: each found child's candidates, no claims."""
    from childmatch.spark import spark_link

    missing, found = records("missing", 120, 1), records("found", 80, 2)
    local = link(missing, found, min_score=0.01, workers=1, claims=False)
    spark = spark_link(missing, found, min_score=0.01, master="local[2]", partitions=2, claims=False)
    key = lambda rs: sorted((r.missing_id, r.found_id, round(r.score, 9), r.rank) for r in rs)  # noqa: E731
    assert key(spark) == key(local)
    assert "claims=" not in " ".join(r.candidate.explanation() for r in local)
    assert key(local) != key(link(missing, found, min_score=0.01, workers=1))  # the claims do change it
