"""Batch link on Apache Spark: the same retrieval and scoring as the in-process engine, spread over a
cluster, so the two give the same results on the same input (tests/engine/test_spark_parity.py).

The missing reports are broadcast once; each executor builds a :class:`~childmatch.index.MatchIndex` from
them (cached per Python worker) and answers its partition of found children. The index of a million
reports takes under 2 GB, so this scales with the number of found children and executors.

>>> # spark_link(missing_records, found_records, master="local[2]")  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence

from .batch import RankedCandidate, linked
from .claims import CLAIM_FLOOR
from .index import MatchIndex
from .model import Model
from .profile import profile_of
from .records import Record
from .scoring import Scored

_CACHE: dict[str, MatchIndex] = {}


def _index_for(broadcast_id: str, rows: list[dict[str, str]], model_json: dict, shortlist: int) -> MatchIndex:
    index = _CACHE.get(broadcast_id)
    if index is None:
        _CACHE.clear()
        index = MatchIndex(link_model=Model.from_json(model_json), shortlist=shortlist)
        for row in rows:
            index.add(Record.from_dict(row))
        _CACHE[broadcast_id] = index
    return index


def _partition(broadcast, token: str, model_json: dict, min_score: float, shortlist: int):  # type: ignore[no-untyped-def]
    def run(found_rows: Iterable[dict[str, str]]) -> Iterator[Scored]:
        index = _index_for(token, broadcast.value, model_json, shortlist)
        model = index.link_model
        for row in found_rows:
            p = profile_of(Record.from_dict(row))
            scored = index.scored(p, index.shortlist_for(p, "missing"), model, min_score=min_score)
            if len(scored):
                yield scored

    return run


def spark_link(
    missing: Sequence[Record],
    found: Sequence[Record],
    *,
    model: Model | None = None,
    min_score: float = 0.01,
    shortlist: int = 100,
    master: str | None = None,
    partitions: int | None = None,
    spark=None,
    claims: bool = True,
) -> list[RankedCandidate]:  # type: ignore[no-untyped-def]
    """Link on Spark. ``spark`` is an existing SparkSession; otherwise one is started on ``master``
    (default: ``$CHILDMATCH_SPARK_MASTER`` or ``local[2]``). ``claims=False``: each found child's
    candidates as the real-time path ranks them, without the other found children's claims."""
    from pyspark.sql import SparkSession

    # py4j says goodbye at interpreter exit, after test runners have closed the streams it would log to.
    logging.getLogger("py4j").setLevel(logging.WARNING)

    model = model or Model.default("link")
    own = spark is None
    if own:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master(master or os.environ.get("CHILDMATCH_SPARK_MASTER", "local[2]"))
            .appName("childmatch-link")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
    try:
        sc = spark.sparkContext
        rows = [r.to_dict() for r in missing]
        broadcast = sc.broadcast(rows)
        found_rdd = sc.parallelize([r.to_dict() for r in found], partitions or sc.defaultParallelism * 2)
        out = found_rdd.mapPartitions(
            _partition(
                broadcast,
                uuid.uuid4().hex,
                model.to_json(),
                min(min_score, CLAIM_FLOOR) if claims else min_score,
                shortlist,
            )
        ).collect()
        broadcast.unpersist()
    finally:
        if own:
            spark.stop()
    results = sorted(out, key=lambda s: s.query_id)
    profiles = {r.record_id: profile_of(r) for r in found} if claims else None
    return linked(results, profiles, model, min_score)
