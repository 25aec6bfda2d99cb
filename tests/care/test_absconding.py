"""Absconding: the CCI records it and files a missing report at a police station of its district, through the
real missing-report service, on that station's behalf and in the CCI user's name."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.care.helpers import admitted_child, step
from tests.conftest import make_institution, missing_report_data
from tests.web.helpers import png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareCase, Stage
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.cases.selectors import missing_reports_visible_to
from trackchild.cases.services import PhotoUpload, add_photo, register_missing_report


def abscond(cast, child, **extra):
    return step(
        cast.cci_staff,
        child,
        "absconding",
        notes="Left during the school walk",
        absconded_at=timezone.now().replace(microsecond=0),
        place_last_seen="Gandhi Maidan",
        **extra,
    )


def test_absconding_files_a_missing_report_in_the_police_stations_register(cast):
    child = admitted_child(cast, languages="Bhojpuri", identification_marks="Scar on the chin")
    add_photo(
        actor=cast.cci_staff,
        record=child,
        expected_version=FoundChild.objects.get(pk=child.pk).version,
        upload=PhotoUpload(content=png_bytes()),
    )
    event = abscond(cast, child, police_station=cast.police_station_a, contact_phone="9876543210")
    report = event.missing_report
    assert report.police_station == cast.police_station_a and report.created_by == cast.cci_staff
    assert (report.name, report.languages, report.place_last_seen) == (
        child.name,
        "Bhojpuri",
        "Gandhi Maidan",
    )
    assert report.fir_number.startswith(f"CCI/CCI-A/{child.pk}/")
    assert report.photos.count() == 1
    assert missing_reports_visible_to(cast.police_officer).filter(pk=report.pk).exists()
    audit = AuditEvent.objects.get(
        action="create", object_type="cases.missingreport", object_id=str(report.pk)
    )
    assert audit.actor == cast.cci_staff
    assert audit.summary["on_behalf_of"] == cast.police_station_a.pk
    assert audit.summary["absconded_child"] == child.pk
    child.refresh_from_db()
    assert child.status == FoundChild.Status.ABSCONDED
    assert CareCase.objects.get(found_child=child).stage == Stage.ABSCONDED


def test_absconding_without_a_report_files_none(cast):
    child = admitted_child(cast)
    abscond(cast, child)
    assert not MissingReport.objects.exists()


def test_the_report_goes_only_to_a_police_station_of_the_cci_district(cast):
    child = admitted_child(cast)
    with pytest.raises(PermissionDenied):
        abscond(cast, child, police_station=cast.police_station_b, contact_phone="9876543210")
    assert FoundChild.objects.get(pk=child.pk).status == FoundChild.Status.IN_CARE  # all or nothing
    assert not MissingReport.objects.exists()


def test_a_cci_cannot_file_a_missing_report_otherwise(cast):
    child = admitted_child(cast)
    with pytest.raises(PermissionDenied):
        register_missing_report(actor=cast.cci_staff, data=missing_report_data(cast))
    with pytest.raises(PermissionDenied):  # a child still in care is not missing
        register_missing_report(
            actor=cast.cci_staff,
            data=missing_report_data(cast),
            police_station=cast.police_station_a,
            absconded_child=child,
        )
    other_cci = make_institution("CCI-A2", "cci", cast.district_a)
    FoundChild.objects.filter(pk=child.pk).update(status="absconded", cci=other_cci)
    with pytest.raises(PermissionDenied):  # not the CCI's own child
        register_missing_report(
            actor=cast.cci_staff,
            data=missing_report_data(cast),
            police_station=cast.police_station_a,
            absconded_child=FoundChild.objects.get(pk=child.pk),
        )


def test_a_police_officer_still_files_only_at_their_own_station(cast):
    with pytest.raises(PermissionDenied):
        register_missing_report(
            actor=cast.police_officer, data=missing_report_data(cast), police_station=cast.police_station_b
        )
    report = register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    assert report.police_station == cast.police_station_a


def test_the_child_comes_back_into_care(cast):
    child = admitted_child(cast)
    abscond(cast, child)
    step(cast.cci_staff, child, "return_to_care", notes="Found by railway police, brought back")
    child.refresh_from_db()
    assert child.status == FoundChild.Status.IN_CARE
    assert CareCase.objects.get(found_child=child).stage == Stage.IN_CARE
