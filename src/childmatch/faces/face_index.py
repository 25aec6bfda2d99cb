"""The face index: stored face embeddings, searched for the nearest faces to a new one.

Exact search is a matrix product over every stored face; at a million faces that reads 512 MB per
query and took ~90 ms on two cores (bench/bench_faces.py), over four times the 20 ms budget. So past
``exact_limit`` faces each face also gets a 128-bit code: the signs of its embedding, centred on the mean
face and turned by a fixed random rotation. Two faces' codes differ in a number of bits that grows with the
angle between them, and counting differing bits over a million 16-byte codes is cheap. A query takes the
``rerank`` faces whose codes are nearest and scores only those exactly. A second photo of a stored person
is far nearer than strangers in bits, so it is kept; docs/benchmarks.md "## Faces" gives the measured
recall against exact search and the latency.

Faces are added, replaced and removed one at a time in O(1); a removed face's slot is reused.

>>> import numpy as np
>>> index = FaceIndex()
>>> rng = np.random.default_rng(1)
>>> faces = rng.standard_normal((3, 128)).astype(np.float32)
>>> for i, f in enumerate(faces):
...     index.add(f"M{i}", f)
>>> [record_id for record_id, _ in index.nearest(faces[2], k=1)]
['M2']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

DIM = 128
_WORDS = DIM // 64
_FAR = 255  # a distance in bits no live code can have


@lru_cache(maxsize=4)
def _rotation(seed: int) -> np.ndarray:
    """A fixed random rotation: it spreads the information evenly over the bits of a code."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((DIM, DIM)))
    return q.astype(np.float32)


def _unit(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


class FaceIndex:
    """Face embeddings keyed by record id, searched by cosine similarity.

    Up to ``exact_limit`` faces every search is exact; past it, codes pick ``rerank`` faces per query to
    score exactly. Embeddings are held as float32 (512 bytes a face) and codes as two uint64.
    """

    def __init__(self, *, exact_limit: int = 20_000, rerank: int = 2048, seed: int = 0) -> None:
        self.exact_limit = exact_limit
        self.rerank = rerank
        self._seed = seed
        self._centre: np.ndarray | None = None  # set when codes are first made
        # float32: NumPy converts float16 at ~10 ns a number, which made exact search over 20,000 faces
        # cost 25 ms; float32 doubles the memory (512 MB a million) and removes that.
        self._vectors = np.empty((0, DIM), dtype=np.float32)
        self._codes = np.empty((_WORDS, 0), dtype=np.uint64)  # word by word: each word's column contiguous
        self._ids: list[str | None] = []
        self._slot_of: dict[str, int] = {}
        self._free: list[int] = []

    # ---- changes ---------------------------------------------------------------------------------------
    def add(self, record_id: str, embedding: np.ndarray) -> None:
        """Store a record's face, replacing the one it had."""
        vector = _unit(embedding).reshape(DIM)
        if record_id in self._slot_of:
            self.remove(record_id)
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = record_id
        else:
            slot = len(self._ids)
            self._ids.append(record_id)
            if slot == len(self._vectors):
                self._grow(max(1024, 2 * slot))
        self._vectors[slot] = vector
        self._slot_of[record_id] = slot
        if self._centre is not None:
            self._codes[:, slot] = self._code(vector[None, :])[0]
        elif len(self._slot_of) > self.exact_limit:
            self.rebuild()

    update = add

    def extend(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for record_id, embedding in items:
            self.add(record_id, embedding)

    def load(self, record_ids: list[str], embeddings: np.ndarray) -> None:
        """Fill an empty index at once (a service starting up): the same result as :meth:`add` one by one."""
        if self._slot_of:
            raise ValueError("load() fills an empty index; use add() for changes")
        if len(set(record_ids)) != len(record_ids):
            raise ValueError("record ids repeat")
        n = len(record_ids)
        self._grow(max(1024, n))
        self._vectors[:n] = _unit(embeddings)
        self._ids = list(record_ids)
        self._slot_of = {r: i for i, r in enumerate(record_ids)}
        if n > self.exact_limit:
            self.rebuild()

    def remove(self, record_id: str) -> bool:
        """Take a record's face out; returns whether it had one."""
        slot = self._slot_of.pop(record_id, None)
        if slot is None:
            return False
        self._ids[slot] = None
        self._free.append(slot)
        return True

    def rebuild(self) -> None:
        """Centre the codes on the mean of the faces present and make every code anew (about a second for
        a million faces); worth doing now and then if the population drifts."""
        n = len(self._ids)
        live = np.fromiter((i is not None for i in self._ids), dtype=bool, count=n)
        self._centre = self._vectors[:n][live].mean(axis=0) if live.any() else np.zeros(DIM, np.float32)
        for start in range(0, n, 65_536):
            chunk = self._vectors[start : start + 65_536]
            self._codes[:, start : start + len(chunk)] = self._code(chunk).T

    def _grow(self, capacity: int) -> None:
        vectors = np.zeros((capacity, DIM), dtype=np.float32)
        vectors[: len(self._vectors)] = self._vectors
        codes = np.zeros((_WORDS, capacity), dtype=np.uint64)
        codes[:, : self._codes.shape[1]] = self._codes
        self._vectors, self._codes = vectors, codes

    def _code(self, vectors: np.ndarray) -> np.ndarray:
        assert self._centre is not None
        bits = ((vectors - self._centre) @ _rotation(self._seed)) > 0
        return np.packbits(bits, axis=1).view(np.uint64)

    # ---- reading ---------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, record_id: str) -> bool:
        return record_id in self._slot_of

    def embedding(self, record_id: str) -> np.ndarray | None:
        """The stored face of a record (float32, unit length), or ``None``."""
        slot = self._slot_of.get(record_id)
        return None if slot is None else self._vectors[slot].copy()

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine similarity of two records' faces, or ``None`` if either has none."""
        ea, eb = self.embedding(a), self.embedding(b)
        return None if ea is None or eb is None else float(ea @ eb)

    def nearest(
        self, embedding: np.ndarray, k: int = 20, *, min_similarity: float = -1.0, exact: bool = False
    ) -> list[tuple[str, float]]:
        """The ``k`` stored faces most like ``embedding``: ``(record_id, cosine similarity)``, best first."""
        query = _unit(embedding).reshape(DIM)
        n = len(self._ids)
        if not self._slot_of:
            return []
        if self._centre is None or exact or n <= self.rerank:
            slots = np.arange(n)
            scores = self._vectors[:n] @ query
        else:
            slots = self._nearest_codes(query, n)
            scores = self._vectors[slots] @ query
        if self._free:
            scores[np.isin(slots, self._free)] = -np.inf
        top = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            (self._ids[int(slots[i])], float(scores[i]))
            for i in top  # type: ignore[misc]
            if scores[i] >= min_similarity and scores[i] > -np.inf
        ]

    def _nearest_codes(self, query: np.ndarray, n: int) -> np.ndarray:
        """Slots of the ``rerank`` codes fewest bits away from the query's."""
        code = self._code(query[None, :])[0]
        word = np.empty(n, dtype=np.uint64)
        distance = np.bitwise_count(np.bitwise_xor(self._codes[0, :n], code[0], out=word))
        for w in range(1, _WORDS):
            distance += np.bitwise_count(np.bitwise_xor(self._codes[w, :n], code[w], out=word))
        if self._free:
            distance[self._free] = _FAR
        # The cutoff that keeps about ``rerank`` faces, read off every 32nd distance: exact counting over a
        # million distances costs more than the whole rest of the query.
        step = 32 if n >= 64 * self.rerank else 1
        cumulative = np.cumsum(np.bincount(distance[::step], minlength=_FAR + 1)) * step
        cutoff = int(np.searchsorted(cumulative, self.rerank))
        return np.flatnonzero(distance <= min(cutoff, _FAR - 1))

    @property
    def memory_bytes(self) -> int:
        """Bytes held by embeddings and codes (capacity included; the id dictionary not counted)."""
        return self._vectors.nbytes + self._codes.nbytes
