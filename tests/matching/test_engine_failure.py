"""A failed engine call loses no record: the save stands, the job is kept failed with its error for the
administrators' page, and `match_worker --retry-failed --once` matches it later."""

import io

from django.core.management import call_command

from tests.conftest import found_child_data
from tests.web.helpers import client_for
from trackchild.cases.models import FoundChild
from trackchild.cases.services import register_found_child
from trackchild.matching.models import Candidate, MatchJob


def test_the_record_is_saved_and_the_failure_kept_when_the_engine_fails(
    cast, missing_report, committed, monkeypatch
):
    from trackchild.matching import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(pipeline.PORTAL_INDEX, "current", broken)
    child = committed(register_found_child, actor=cast.cci_staff, data=found_child_data(cast))
    assert FoundChild.objects.filter(pk=child.pk).exists()
    job = MatchJob.objects.get(side="found", record_id=child.pk)
    assert job.state == "failed" and "engine exploded" in job.error
    assert not Candidate.objects.exists()

    client = client_for(cast.system_admin)
    page = client.get("/matching/jobs/")
    assert page.status_code == 200 and "engine exploded" in page.content.decode()

    monkeypatch.undo()
    call_command("match_worker", "--retry-failed", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    assert Candidate.objects.filter(found_child=child).exists()


def test_the_failed_jobs_page_is_for_system_administrators_only(cast):
    for person in (cast.district_officer, cast.outsider, cast.national_officer):
        client = client_for(person)
        assert client.get("/matching/jobs/").status_code == 403


def test_a_save_is_left_to_the_worker_while_one_runs(cast, missing_report, committed):
    from django.utils import timezone

    from trackchild.matching.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(name="worker", beat_at=timezone.now())
    child = committed(register_found_child, actor=cast.cci_staff, data=found_child_data(cast))
    assert MatchJob.objects.get(side="found", record_id=child.pk).state == "pending"
    assert not Candidate.objects.exists()
