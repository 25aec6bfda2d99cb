import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.conftest import missing_report_data
from trackchild.cases.models import Photo
from trackchild.cases.photos import clean_photo
from trackchild.cases.services import PhotoUpload, add_photo, register_missing_report


def image_bytes(fmt="JPEG", size=(64, 80), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 90))
    image.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[0x8825] = {1: "N", 2: (25.0, 36.0, 0.0), 3: "E", 4: (85.0, 8.0, 0.0)}  # GPS block: Patna
    return exif


def test_it_strips_exif_location_and_makes_a_thumbnail():
    original = image_bytes(exif=gps_exif(), size=(800, 600))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the phone did record a position
    photo = clean_photo(original)
    stored = Image.open(io.BytesIO(photo.content))
    assert not stored.getexif()
    assert max(Image.open(io.BytesIO(photo.thumbnail)).size) <= 240
    assert (photo.width, photo.height, photo.extension) == (800, 600, "jpg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"just some text, not a photo", "not a readable"),
        (image_bytes()[:200], "not a readable"),
        (image_bytes("GIF"), "Only JPEG, PNG or WebP"),
        (image_bytes("BMP"), "Only JPEG, PNG or WebP"),
        (b"%PDF-1.4\n" + b"0" * 100, "not a readable"),
    ],
    ids=["empty", "text", "truncated-jpeg", "gif", "bmp", "pdf"],
)
def test_it_refuses_files_that_are_not_photos(content, message):
    with pytest.raises(ValidationError) as error:
        clean_photo(content)
    assert message in error.value.messages[0]


def test_it_refuses_a_decompression_bomb(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    bomb = io.BytesIO()
    Image.new("L", (4000, 4000)).save(bomb, format="PNG")  # a few KB that would unpack to 16 megapixels
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(ValidationError) as error:
        clean_photo(bomb.getvalue())
    assert "too many pixels" in error.value.messages[0]


def test_it_refuses_a_photo_over_the_size_limit(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_photo(image_bytes(size=(400, 400)))
    assert "larger than" in error.value.messages[0]


def test_a_bad_photo_saves_nothing_of_the_report(cast):
    with pytest.raises(ValidationError) as error:
        register_missing_report(
            actor=cast.police_officer,
            data=missing_report_data(cast),
            photos=[PhotoUpload(image_bytes()), PhotoUpload(b"not an image")],
        )
    assert "photos" in error.value.message_dict
    assert not Photo.objects.exists()
    from trackchild.cases.models import MissingReport

    assert not MissingReport.objects.exists()


def test_it_adds_a_photo_to_a_report(cast, missing_report):
    photo = add_photo(
        actor=cast.police_officer,
        record=missing_report,
        expected_version=1,
        upload=PhotoUpload(image_bytes("PNG")),
    )
    missing_report.refresh_from_db()
    assert missing_report.version == 2
    assert photo.image.name.endswith(".png") and photo.thumbnail.name.endswith(".jpg")
    assert "Sonu" not in photo.image.name
