"""The face index: add, replace, remove, and the approximate search's recall against exact search."""

import numpy as np
import pytest

from childmatch.faces import FaceIndex


def clustered_faces(n: int, seed: int = 0) -> np.ndarray:
    """Embeddings with structure like real ones: people share a common direction and vary around it."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(128)
    faces = 0.4 * common / np.linalg.norm(common) + rng.standard_normal((n, 128)) / np.sqrt(128)
    return (faces / np.linalg.norm(faces, axis=1, keepdims=True)).astype(np.float32)


def test_it_finds_a_stored_face_first():
    index = FaceIndex()
    faces = clustered_faces(50)
    index.extend((f"M{i}", f) for i, f in enumerate(faces))
    found = index.nearest(faces[17], k=3)
    assert found[0][0] == "M17" and found[0][1] == pytest.approx(1.0, abs=1e-3)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_it_replaces_and_removes_faces():
    index = FaceIndex()
    faces = clustered_faces(4)
    index.add("M1", faces[0])
    index.add("M2", faces[1])
    index.update("M1", faces[2])
    assert len(index) == 2
    assert index.nearest(faces[2], k=1)[0][0] == "M1"
    assert index.nearest(faces[0], k=1)[0][1] < 0.99
    assert index.remove("M1") and not index.remove("M1")
    assert [r for r, _ in index.nearest(faces[2], k=5)] == ["M2"]
    assert index.embedding("M1") is None and index.similarity("M1", "M2") is None


def test_it_keeps_only_faces_above_a_similarity():
    index = FaceIndex()
    faces = clustered_faces(20)
    index.extend((f"F{i}", f) for i, f in enumerate(faces))
    assert all(s >= 0.5 for _, s in index.nearest(faces[0], k=20, min_similarity=0.5))


def test_the_coded_search_finds_what_exact_search_finds():
    n = 4_000
    faces = clustered_faces(n, seed=3)
    index = FaceIndex(exact_limit=2_000, rerank=300)
    index.extend((str(i), f) for i, f in enumerate(faces))
    assert index._centre is not None  # past exact_limit the codes are made
    rng = np.random.default_rng(4)
    people = rng.choice(n, 100, replace=False)
    # A second photo of a stored person: the same face with noise, cosine about 0.75 as measured.
    queries = faces[people] + rng.standard_normal((100, 128)).astype(np.float32) * 0.075
    same_person_found = np.mean([index.nearest(q, k=10)[0][0] == str(p) for q, p in zip(queries, people)])
    overlap = np.mean(
        [
            len({r for r, _ in index.nearest(q, k=10)} & {r for r, _ in index.nearest(q, k=10, exact=True)})
            / 10
            for q in queries[:30]
        ]
    )
    assert same_person_found >= 0.95
    assert overlap >= 0.6


def test_changes_after_the_codes_are_made_are_searched():
    faces = clustered_faces(3_000, seed=5)
    index = FaceIndex(exact_limit=1_000)
    index.extend((str(i), f) for i, f in enumerate(faces[:2_000]))
    index.add("late", faces[2_500])
    index.remove("7")
    assert index.nearest(faces[2_500], k=1)[0][0] == "late"
    assert "7" not in {r for r, _ in index.nearest(faces[7], k=10)}
    assert len(index) == 2_000


def test_loading_at_once_equals_adding_one_by_one():
    faces = clustered_faces(1_500, seed=6)
    ids = [f"F{i}" for i in range(1_500)]
    one_by_one, at_once = FaceIndex(exact_limit=500), FaceIndex(exact_limit=500)
    one_by_one.extend(zip(ids, faces))
    at_once.load(ids, faces)
    assert one_by_one.nearest(faces[9], k=5) == at_once.nearest(faces[9], k=5)


def test_the_engine_and_the_face_index_work_without_the_face_model_installed():
    import subprocess
    import sys

    code = (
        "import sys, childmatch, childmatch.faces; from childmatch.faces import FaceIndex; "
        "FaceIndex().add('M1', [1.0] * 128); print(sorted(m for m in sys.modules if m == 'cv2'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
