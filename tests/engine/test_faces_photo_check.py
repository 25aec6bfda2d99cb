"""The upload-time photo check: a clear reason to retake a bad photo, an embedding from a good one.

Generated images need only OpenCV; real faces come from the shared test photos and skip where absent.
"""

import logging
import os
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2", reason="the faces extra is not installed")

from childmatch.faces import EMBEDDING_SIZE, MESSAGES, MODEL_VERSION, check_photo  # noqa: E402

# The shared test photos sit beside the repository (CI lays shared/ next to its clone); never copy them in.
FACES = next(
    (
        p
        for p in (
            Path(os.environ.get("TRACKCHILD_FACES_DIR", "/nonexistent")),
            Path(__file__).resolve().parents[2].parent / "shared" / "data" / "faces",
            Path("/work/shared/data/faces"),
        )
        if p.is_dir()
    ),
    Path("/nonexistent"),
)


def jpeg(image: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", image)[1].tobytes()


def real_photo(name: str = "img1.jpg") -> np.ndarray:
    path = FACES / "pairs" / name
    if not path.is_file():
        pytest.skip("the shared face photos are not on this machine")
    return cv2.imread(str(path))


@pytest.mark.parametrize(
    "image, problem",
    [
        (np.full((240, 320, 3), 128, np.uint8), "no_face"),
        (np.random.default_rng(0).integers(0, 255, (240, 320, 3), dtype=np.uint8), "no_face"),
        (np.full((240, 320, 3), 12, np.uint8), "too_dark"),
    ],
)
def test_it_says_what_to_retake_when_a_generated_image_has_no_face(image, problem):
    result = check_photo(jpeg(image))
    assert not result.ok and result.embedding is None
    assert result.problem == problem
    assert result.message == MESSAGES[problem] and result.message.endswith(".")


@pytest.mark.parametrize("data", [b"", b"not a photo at all", b"\x89PNG\r\n\x1a\n broken"])
def test_it_refuses_a_file_that_is_not_an_image(data):
    result = check_photo(data)
    assert (result.ok, result.problem) == (False, "unreadable")


def test_it_embeds_a_clear_face_with_the_model_version():
    result = check_photo(jpeg(real_photo()))
    assert result.ok, result.message
    assert result.embedding is not None and result.embedding.shape == (EMBEDDING_SIZE,)
    assert result.embedding.dtype == np.float32
    assert abs(float(np.linalg.norm(result.embedding)) - 1.0) < 1e-5
    assert result.model_version == MODEL_VERSION


def test_the_same_face_in_two_photos_is_more_alike_than_two_people():
    same_a, same_b, other = (
        check_photo(jpeg(real_photo(n))).embedding for n in ("img20.jpg", "img21.jpg", "img1.jpg")
    )
    assert float(same_a @ same_b) > 0.55 > float(same_a @ other)


def test_it_refuses_a_blurred_photo():
    image = real_photo()
    face_width = check_photo(jpeg(image)).face_width
    blurred = cv2.GaussianBlur(image, (0, 0), face_width / 112 * 2.5)
    assert check_photo(jpeg(blurred)).problem == "too_blurred"


def test_it_refuses_a_face_too_small_to_recognise():
    image = real_photo()
    scale = 48 / check_photo(jpeg(image)).face_width
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    assert check_photo(jpeg(small)).problem == "face_too_small"


def test_it_refuses_a_dark_photo():
    dark = (real_photo().astype(np.float32) * 0.15).astype(np.uint8)
    assert check_photo(jpeg(dark)).problem == "too_dark"


def test_it_refuses_a_photo_of_two_people():
    a = cv2.resize(real_photo("img1.jpg"), (400, 500))
    b = cv2.resize(real_photo("img3.jpg"), (400, 500))
    assert check_photo(jpeg(np.hstack([a, b]))).problem == "several_faces"


def test_the_result_never_shows_or_logs_the_embedding(caplog):
    caplog.set_level(logging.DEBUG)
    result = check_photo(jpeg(real_photo()))
    assert "embedding" not in repr(result)
    assert f"{float(result.embedding[0]):.4f}"[:6] not in repr(result)
    assert not [r for r in caplog.records if r.name.startswith("childmatch")]
