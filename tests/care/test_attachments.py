"""care.attachments.clean_attachment: the type by content, the size, never an empty file."""

import pytest
from django.core.exceptions import ValidationError

from tests.web.helpers import png_bytes
from trackchild.care.attachments import ATTACHMENT_MAX_BYTES, AttachmentUpload, clean_attachment


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (b"%PDF-1.7 ...", "pdf"),
        (b"\xff\xd8\xff\xe0 jpeg", "jpg"),
        (png_bytes(), "png"),
    ],
)
def test_it_accepts_pdfs_and_photos(content, extension):
    assert clean_attachment(AttachmentUpload(content=content, title="Report")).extension == extension


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"<html><script>", "Attach a PDF, JPEG or PNG file."),
        (b"%PDF-" + b"0" * ATTACHMENT_MAX_BYTES, "A file may be at most 5 MB."),
    ],
)
def test_it_refuses_the_rest(content, message):
    with pytest.raises(ValidationError) as refused:
        clean_attachment(AttachmentUpload(content=content))
    assert refused.value.message_dict == {"attachments": [message]}
