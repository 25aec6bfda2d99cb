import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import missing_report_data
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport
from trackchild.cases.services import register_missing_report


def test_it_files_a_report_with_history_and_audit(cast):
    report = register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    assert report.status == "reported"
    assert report.police_station == cast.police_station_a
    assert report.status_changes.get().to_status == "reported"
    event = AuditEvent.objects.get(
        action="create", object_type="cases.missingreport", object_id=str(report.pk)
    )
    assert event.actor == cast.police_officer
    assert "name" in event.summary["fields"]
    assert "Sonu" not in str(event.summary)  # the audit trail names fields, never values


def test_it_refuses_the_same_fir_number_twice_at_one_station(cast, missing_report):
    with pytest.raises(ValidationError) as error:
        register_missing_report(
            actor=cast.police_officer, data=missing_report_data(cast, fir_number="fir-101/2026")
        )
    assert "fir_number" in error.value.message_dict
    assert MissingReport.objects.count() == 1


def test_it_refuses_a_missing_adult(cast):
    with pytest.raises(ValidationError) as error:
        register_missing_report(actor=cast.police_officer, data=missing_report_data(cast, age_years=19))
    assert "under 18" in error.value.message_dict["age_years"][0]


def test_it_lets_only_police_stations_file(cast):
    with pytest.raises(PermissionDenied):
        register_missing_report(actor=cast.cci_staff, data=missing_report_data(cast))
