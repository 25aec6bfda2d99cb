"""The face index: stored face embeddings, searched for the nearest faces to a new one.

Exact search is a matrix product over every stored face; at a million faces that reads 256 MB per query
and took ~90 ms on two cores (bench/bench_faces.py), four times the 20 ms budget. So past ``exact_limit``
faces the index becomes an inverted file: k-means cells over the embeddings, each cell's faces in one
contiguous float16 block; a query scores the ``probes`` cells whose centres are nearest and only their
faces. docs/benchmarks.md "## Faces" gives its recall against exact search and its latency.

Faces are added, replaced and removed one at a time, in O(1): a removal moves the cell's last face into
the gap. Cells are drawn once, when the index first grows past ``exact_limit``, from the faces then
present; :meth:`rebuild` redraws them (worth doing nightly if the population drifts).

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

import numpy as np

DIM = 128


def _unit(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


class _Cell:
    """One contiguous, growable block of faces."""

    __slots__ = ("size", "slots", "vectors")

    def __init__(self, capacity: int = 16) -> None:
        self.vectors = np.empty((capacity, DIM), dtype=np.float16)
        self.slots = np.empty(capacity, dtype=np.int64)
        self.size = 0

    def append(self, vector: np.ndarray, slot: int) -> int:
        if self.size == len(self.slots):
            grown = max(16, 2 * self.size)
            self.vectors = np.resize(self.vectors, (grown, DIM))
            self.slots = np.resize(self.slots, grown)
        self.vectors[self.size] = vector
        self.slots[self.size] = slot
        self.size += 1
        return self.size - 1

    def pop(self, position: int) -> int | None:
        """Remove the face at ``position``; returns the slot of the face moved into its place, if any."""
        last = self.size - 1
        moved = None
        if position != last:
            self.vectors[position] = self.vectors[last]
            self.slots[position] = self.slots[last]
            moved = int(self.slots[position])
        self.size = last
        return moved


class FaceIndex:
    """Face embeddings keyed by record id, searched by cosine similarity.

    ``exact_limit``: up to this many faces every search is exact. ``cells`` and ``probes``: the inverted
    file's number of cells (default about ``sqrt(n)``, at least 64) and how many of them a query scores.
    """

    def __init__(self, *, exact_limit: int = 50_000, cells: int | None = None, probes: int = 48,
                 seed: int = 0) -> None:
        self.exact_limit = exact_limit
        self.cells_wanted = cells
        self.probes = probes
        self._seed = seed
        self._centres: np.ndarray | None = None  # cells x DIM, float32, unit length
        self._cells: list[_Cell] = [_Cell()]
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._where: list[tuple[int, int]] = []  # slot -> (cell, position)
        self._free: list[int] = []

    # ---- changes ---------------------------------------------------------------------------------------
    def add(self, record_id: str, embedding: np.ndarray) -> None:
        """Store a record's face, replacing the one it had."""
        vector = _unit(embedding).reshape(DIM)
        if record_id in self._slot_of:
            self.remove(record_id)
        slot = self._free.pop() if self._free else len(self._ids)
        if slot == len(self._ids):
            self._ids.append(record_id)
            self._where.append((0, 0))
        else:
            self._ids[slot] = record_id
        cell = 0 if self._centres is None else int(np.argmax(self._centres @ vector))
        self._where[slot] = (cell, self._cells[cell].append(vector.astype(np.float16), slot))
        self._slot_of[record_id] = slot
        if self._centres is None and len(self._slot_of) > self.exact_limit:
            self.rebuild()

    update = add

    def extend(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for record_id, embedding in items:
            self.add(record_id, embedding)

    def remove(self, record_id: str) -> bool:
        """Take a record's face out; returns whether it had one."""
        slot = self._slot_of.pop(record_id, None)
        if slot is None:
            return False
        cell, position = self._where[slot]
        moved = self._cells[cell].pop(position)
        if moved is not None:
            self._where[moved] = (cell, position)
        self._ids[slot] = None
        self._free.append(slot)
        return True

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, record_id: str) -> bool:
        return record_id in self._slot_of

    def embedding(self, record_id: str) -> np.ndarray | None:
        """The stored face of a record (float32, unit length), or ``None``."""
        slot = self._slot_of.get(record_id)
        if slot is None:
            return None
        cell, position = self._where[slot]
        return self._cells[cell].vectors[position].astype(np.float32)

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine similarity of two records' faces, or ``None`` if either has none."""
        ea, eb = self.embedding(a), self.embedding(b)
        return None if ea is None or eb is None else float(ea @ eb)

    def rebuild(self) -> None:
        """Draw the cells anew from the faces present (k-means on a sample), and file every face again."""
        slots = np.fromiter(self._slot_of.values(), dtype=np.int64, count=len(self._slot_of))
        vectors = np.concatenate([c.vectors[:c.size] for c in self._cells]).astype(np.float32)
        order = np.concatenate([c.slots[:c.size] for c in self._cells])
        n = len(slots)
        k = self.cells_wanted or max(64, int(np.sqrt(n)))
        self._centres = _kmeans(vectors, k, self._seed)
        assigned = _nearest_centre(vectors, self._centres)
        self._cells = []
        counts = np.bincount(assigned, minlength=k)
        by_cell = np.argsort(assigned, kind="stable")
        start = 0
        for c in range(k):
            members = by_cell[start:start + counts[c]]
            start += counts[c]
            cell = _Cell(max(16, int(counts[c] * 1.25)))
            cell.vectors[:len(members)] = vectors[members]
            cell.slots[:len(members)] = order[members]
            cell.size = len(members)
            for position, slot in enumerate(order[members].tolist()):
                self._where[slot] = (c, position)
            self._cells.append(cell)

    # ---- queries ---------------------------------------------------------------------------------------
    def nearest(self, embedding: np.ndarray, k: int = 20, *, min_similarity: float = -1.0,
                exact: bool = False) -> list[tuple[str, float]]:
        """The ``k`` stored faces most like ``embedding``: ``(record_id, cosine similarity)``, best first."""
        query = _unit(embedding).reshape(DIM)
        if self._centres is None or exact:
            cells = range(len(self._cells))
        else:
            near = self._centres @ query
            probes = min(self.probes, len(near))
            cells = np.argpartition(-near, probes - 1)[:probes].tolist()
        scores, slots = [], []
        for c in cells:
            cell = self._cells[c]
            if cell.size:
                # NumPy has no fast float16 product; converting a block to float32 for BLAS is cheap.
                scores.append(cell.vectors[:cell.size].astype(np.float32) @ query)
                slots.append(cell.slots[:cell.size])
        if not scores:
            return []
        s = np.concatenate(scores)
        ids = np.concatenate(slots)
        if len(s) > k:
            top = np.argpartition(-s, k - 1)[:k]
        else:
            top = np.arange(len(s))
        top = top[np.argsort(-s[top], kind="stable")]
        return [(self._ids[int(ids[i])], float(s[i])) for i in top  # type: ignore[misc]
                if s[i] >= min_similarity]

    @property
    def memory_bytes(self) -> int:
        """Bytes held by the embeddings, cell blocks and centres (the id dictionary not counted)."""
        blocks = sum(c.vectors.nbytes + c.slots.nbytes for c in self._cells)
        return blocks + (0 if self._centres is None else self._centres.nbytes)


def _nearest_centre(vectors: np.ndarray, centres: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    out = np.empty(len(vectors), dtype=np.int64)
    for i in range(0, len(vectors), chunk):
        out[i:i + chunk] = np.argmax(vectors[i:i + chunk] @ centres.T, axis=1)
    return out


def _kmeans(vectors: np.ndarray, k: int, seed: int, iterations: int = 12, sample: int = 64) -> np.ndarray:
    """Spherical k-means on at most ``sample`` faces per cell: unit-length centres."""
    rng = np.random.default_rng(seed)
    data = vectors if len(vectors) <= sample * k else vectors[rng.choice(len(vectors), sample * k,
                                                                         replace=False)]
    centres = data[rng.choice(len(data), k, replace=False)].copy()
    for _ in range(iterations):
        assigned = _nearest_centre(data, centres)
        sums = np.zeros_like(centres)
        np.add.at(sums, assigned, data)
        empty = np.bincount(assigned, minlength=k) == 0
        sums[empty] = data[rng.choice(len(data), int(empty.sum()), replace=False)]
        centres = _unit(sums)
    return centres
