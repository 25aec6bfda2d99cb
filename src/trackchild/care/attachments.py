"""Checking an uploaded report or certificate: a PDF, JPEG or PNG by its content (not its name), and not too
big."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted type, and what the file is served as.
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}


@dataclass(frozen=True)
class AttachmentUpload:
    content: bytes
    title: str = ""


@dataclass(frozen=True)
class CleanAttachment:
    content: bytes
    title: str
    extension: str
    content_type: str
    sha256: str


def clean_attachment(upload: AttachmentUpload) -> CleanAttachment:
    if not upload.content:
        raise ValidationError({"attachments": [_("The file is empty.")]})
    if len(upload.content) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "attachments": [
                    _("A file may be at most %(mb)d MB.") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    for magic, (extension, content_type) in SIGNATURES.items():
        if upload.content.startswith(magic):
            return CleanAttachment(
                upload.content,
                (upload.title or _("Attachment")).strip()[:150],
                extension,
                content_type,
                hashlib.sha256(upload.content).hexdigest(),
            )
    raise ValidationError({"attachments": [_("Attach a PDF, JPEG or PNG file.")]})
