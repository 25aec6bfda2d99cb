"""The upload-time photo check as the portal uses it: childmatch's verdict in the officer's language.

A photo that fails the check is still kept (docs/matching.md "Faces in the portal"): the officer is told what
to retake and the photo is not used for face matching. The check runs while the officer waits (about 50 ms
of CPU a photo: decoding and finding the face); the embedding is left to the background.
"""

import logging

from django.utils.translation import gettext_lazy as _

from childmatch.faces import PhotoCheck, check_photo

logger = logging.getLogger(__name__)

#: What to retake, per childmatch.faces.photo_check problem code.
RETAKE = {
    "unreadable": _("The face reader cannot read this file. Upload a JPEG or PNG photograph."),
    "too_large": _(
        "This photo is too large for the face reader. Upload a smaller copy (under 50 megapixels)."
    ),
    "no_face": _(
        "No face was found. Take the photo from the front, with the whole face in view and nothing covering it."
    ),
    "several_faces": _(
        "More than one face is in the photo. Take a photo of the child alone, or crop it to the child's face."
    ),
    "face_too_small": _(
        "The face is too small. Move closer, or crop the photo so that the face fills more of it."
    ),
    "too_blurred": _("The photo is blurred. Hold the camera still, focus on the face and take it again."),
    "too_dark": _(
        "The photo is too dark. Take it again in daylight or facing a light, without a strong light behind "
        "the child."
    ),
}


def retake_message(problem: str) -> str:
    return str(RETAKE.get(problem, RETAKE["no_face"]))


def check_upload(content: bytes) -> PhotoCheck | None:
    """The check of a cleaned photo, without the embedding; ``None`` when the check itself could not run (the
    model missing or broken): the photo is then kept and checked again in the background."""
    try:
        return check_photo(content, embed=False)
    except Exception:  # the face reader must never cost an officer the photo they are uploading
        logger.exception("face check failed at upload; left to the background job")
        return None
