"""Helpers the page tests share: a logged-in client, real images made with Pillow, form data as a browser posts it."""

import io

from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.conftest import missing_report_data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def png_bytes(size=(64, 48), colour=(200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps_bytes() -> bytes:
    """A JPEG whose EXIF carries a GPS position, as a phone camera writes it."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (25.0, 36.0, 0.0), 3: "E", 4: (85.0, 8.0, 0.0)}  # GPSInfo: Patna
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 90, 160)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def as_post(data: dict) -> dict:
    """Model values as a browser sends them: ids for related rows, ISO text for dates, "" for nothing."""
    posted = {}
    for key, value in data.items():
        if value is None:
            posted[key] = ""
        elif hasattr(value, "pk"):
            posted[key] = str(value.pk)
        elif hasattr(value, "hour"):
            posted[key] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        elif hasattr(value, "isoformat"):
            posted[key] = value.isoformat()
        else:
            posted[key] = str(value)
    return posted


def missing_report_post(cast, **overrides) -> dict:
    return as_post(missing_report_data(cast, **overrides))


def many_missing_reports(cast, count: int, **overrides) -> list:
    from trackchild.cases.services import register_missing_report

    return [
        register_missing_report(
            actor=cast.police_officer,
            data=missing_report_data(cast, fir_number=f"FIR-{n}/2026", name=f"Child {n}", **overrides),
        )
        for n in range(count)
    ]


def many_found_children(cast, count: int, **overrides) -> list:
    from tests.conftest import found_child_data
    from trackchild.cases.services import register_found_child

    return [
        register_found_child(actor=cast.cci_staff, data=found_child_data(cast, name=f"बच्चा {n}", **overrides))
        for n in range(count)
    ]


def found_child_post(cast, **overrides) -> dict:
    from tests.conftest import found_child_data

    return as_post(found_child_data(cast, **overrides)) | {"age_is_estimated": "on"}
