"""Photographs: only real JPEG/PNG/WebP images under the size limits, re-encoded without metadata.

Re-encoding drops every EXIF field, so a phone's GPS position of a child's home never reaches the server's disk.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (240, 240)


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    thumbnail: bytes
    format: str
    extension: str
    width: int
    height: int
    sha256: str


def clean_photo(data: bytes) -> CleanPhoto:
    if len(data) == 0:
        raise ValidationError(_("The photo file is empty."), code="empty")
    if len(data) > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)d MB. Please send a smaller photo.")
            % {"mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."), code="format")
            if probe.width * probe.height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels to be a real photograph."), code="pixels"
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            content = _encode(image, fmt)
            thumb = image.copy()
            thumb.thumbnail(THUMBNAIL_SIZE)
            thumbnail = _encode(thumb, "JPEG")
            width, height = image.size
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP photo."), code="unreadable"
        ) from None
    return CleanPhoto(
        content=content,
        thumbnail=thumbnail,
        format=fmt,
        extension=ALLOWED_FORMATS[fmt],
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # No exif= argument: the saved file carries no metadata at all.
    image.save(out, format=fmt, quality=88) if fmt != "PNG" else image.save(out, format=fmt, optimize=True)
    return out.getvalue()
