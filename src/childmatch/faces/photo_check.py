"""The upload-time photo check: a photo either yields one face's embedding, or a reason, in words an
officer can act on, to take it again.

The portal calls :func:`check_photo` when a photo is uploaded (or from the background job that embeds it)
and stores ``embedding`` with ``model_version``. Thresholds were set on the shared test photos
(bench/bench_faces.py): every sharp, well-lit test face passes, and the same faces blurred or darkened to
the point where their embedding drifts are refused.

>>> import numpy as np, cv2  # doctest: +SKIP
>>> blank = cv2.imencode(".png", np.full((200, 200, 3), 128, np.uint8))[1].tobytes()  # doctest: +SKIP
>>> check_photo(blank).problem  # doctest: +SKIP
'no_face'
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np

from .recognizer import MODEL_VERSION, Face, FaceModel

#: A face narrower than this (pixels) gives an unreliable embedding: at 64 px the same face's embedding
#: still agreed with the full-size one at cosine >= 0.90 on every test photo, at 32 px it fell to 0.72.
MIN_FACE_WIDTH = 64
#: Variance of the Laplacian over the middle of the aligned 112 x 112 grey face (:data:`SHARPNESS_AREA`).
#: Measured on the 116 shared test faces (bench/bench_faces.py photos): sharp ones scored 67 and more; blurred
#: by a Gaussian of 2.5 px at the aligned face's scale, 97% scored under 50 (at 1.5 px, 40%).
MIN_SHARPNESS = 50.0
#: Rows and columns of the aligned face the sharpness is read from: eyes to chin, inside the face. The whole
#: crop would count the hard edge where a tightly cropped photo ends (the black border of the alignment),
#: which made even a heavily blurred passport-style crop score as sharp.
SHARPNESS_AREA = (slice(28, 100), slice(20, 92))
#: Mean grey level (0-255) of the aligned face: below 40 the embedding of a darkened test face drifts.
MIN_BRIGHTNESS = 40.0
#: Another face counts as a second person when the detector is this sure of it and it is at least half
#: as wide as the main face; smaller faces are bystanders far behind.
OTHER_FACE_SCORE, OTHER_FACE_RATIO = 0.8, 0.5
#: Larger images are refused before decoding (a decompression bomb would exhaust memory).
MAX_PIXELS = 50_000_000

MESSAGES = {
    "unreadable": "This file is not a photo we can read. Upload a JPEG or PNG photograph.",
    "too_large": "This photo is too large to process. Upload a smaller copy (under 50 megapixels).",
    "no_face": "No face was found. Take the photo from the front, with the whole face in view and "
    "nothing covering it.",
    "several_faces": "More than one face is in the photo. Take a photo of the child alone, or crop it "
    "to the child's face.",
    "face_too_small": "The face is too small. Move closer, or crop the photo so that the face fills more "
    "of it.",
    "too_blurred": "The photo is blurred. Hold the camera still, focus on the face and take it again.",
    "too_dark": "The photo is too dark. Take it again in daylight or facing a light, without a strong "
    "light behind the child.",
}


@dataclass(frozen=True, slots=True)
class PhotoCheck:
    """The outcome of :func:`check_photo`.

    ``ok`` photos carry a unit-length float32 ``embedding`` and the ``model_version`` that made it; the
    others a ``problem`` code and a ``message`` saying what to retake. The measurements say how the photo
    fared (face width in pixels, sharpness, brightness). The embedding is left out of ``repr`` so that it
    never reaches a log by accident.
    """

    ok: bool
    problem: str = ""
    message: str = ""
    embedding: np.ndarray | None = field(default=None, repr=False, compare=False)
    model_version: str = MODEL_VERSION
    face_width: float = 0.0
    sharpness: float = 0.0
    brightness: float = 0.0


def _refuse(problem: str, **measured: float) -> PhotoCheck:
    return PhotoCheck(ok=False, problem=problem, message=MESSAGES[problem], **measured)


def decode_photo(data: bytes) -> np.ndarray | None:
    """BGR pixels of an image file, turned upright as its EXIF orientation says; ``None`` if unreadable."""
    import cv2

    if not data:
        return None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return image if image is not None and image.size else None


def _pixel_count(data: bytes) -> int | None:
    """Pixels the image declares in its header, read without decoding it (``None``: not an image)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            return int(im.size[0]) * int(im.size[1])
    except Image.DecompressionBombError:
        return MAX_PIXELS + 1
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def main_face(faces: list[Face]) -> tuple[Face | None, int]:
    """The face the photo is of, and how many clear faces of other people it holds."""
    if not faces:
        return None, 0
    main = faces[0]
    others = sum(
        1 for f in faces[1:] if f.score >= OTHER_FACE_SCORE and f.width >= OTHER_FACE_RATIO * main.width
    )
    return main, others


def check_photo(data: bytes, model: FaceModel | None = None, *, embed: bool = True) -> PhotoCheck:
    """Check an uploaded photo and embed its face; never raises on a bad photo, only on a missing model.

    ``embed=False`` does the check alone (an ``ok`` result then has no embedding): the portal checks while
    the officer waits and leaves the embedding to a background job (about 30 ms of the ~80 ms a photo).

    Raises :class:`~childmatch.faces.recognizer.FacesUnavailable` when OpenCV or the weights are not installed.
    """
    import cv2

    model = model or FaceModel.load()
    pixels = _pixel_count(data)
    if pixels is not None and pixels > MAX_PIXELS:
        return _refuse("too_large")
    image = decode_photo(data)
    if image is None:
        return _refuse("unreadable")
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    face, others = main_face(model.detect(image))
    if face is None:
        # A dark photo hides faces from the detector; say so rather than "no face".
        return _refuse("too_dark" if float(grey.mean()) < MIN_BRIGHTNESS else "no_face")
    if others:
        return _refuse("several_faces", face_width=round(face.width, 1))
    crop = model.aligned_crop(image, face)
    crop_grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    measured = {
        "face_width": round(face.width, 1),
        "sharpness": round(float(cv2.Laplacian(crop_grey, cv2.CV_64F)[SHARPNESS_AREA].var()), 1),
        "brightness": round(float(crop_grey.mean()), 1),
    }
    if face.width < MIN_FACE_WIDTH:
        return _refuse("face_too_small", **measured)
    if measured["brightness"] < MIN_BRIGHTNESS:
        return _refuse("too_dark", **measured)
    if measured["sharpness"] < MIN_SHARPNESS:
        return _refuse("too_blurred", **measured)
    return PhotoCheck(ok=True, embedding=model.embed_crop(crop) if embed else None, **measured)
