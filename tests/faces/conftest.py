"""Faces tests: photos uploaded through the real services, their face check, background embedding and
matching run on commit as a real save would. Real faces come from the shared test photos (adults; see their
README) and skip where that folder is absent; faceless photos are generated."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from trackchild.matching.engine import PORTAL_INDEX

# The shared photos sit beside the repository (CI lays shared/ next to its clone); never copy them in.
FACES = next(
    (
        p
        for p in (
            Path(os.environ.get("TRACKCHILD_FACES_DIR", "/nonexistent")),
            Path(__file__).resolve().parents[2].parent / "shared" / "data" / "faces",
        )
        if p.is_dir()
    ),
    Path("/nonexistent"),
)


def face_photo(person: str, number: int = 0) -> bytes:
    """A photo of one of the shared test people (John_Salley, John_Savage, ...): bytes of a JPEG."""
    files = sorted((FACES / "johns" / person).glob("*.jpg"))
    if not files:
        pytest.skip("the shared face photos are not on this machine")
    return files[number].read_bytes()


def gradient_photo(size: tuple[int, int] = (320, 400)) -> bytes:
    """A smooth colour gradient: a real JPEG with no face in it."""
    width, height = size
    image = Image.new("RGB", size)
    image.putdata([(x * 255 // width, y * 255 // height, 128) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_index():
    # The engine's index lives in the process: each test starts from its own database.
    PORTAL_INDEX.reset()
    yield
    PORTAL_INDEX.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and what it queues on commit (face embedding, matching), as a real save would."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run
