"""`trackchild match_worker`: builds its index, works the queue, and says it is alive while it runs."""

import io

from django.core.management import call_command

from tests.conftest import found_child_data
from trackchild.cases.services import register_found_child
from trackchild.matching.models import Candidate, MatchJob, WorkerHeartbeat
from trackchild.matching.pipeline import enqueue


def test_it_works_the_queue_once_and_leaves_no_heartbeat_behind(cast, missing_report, settings):
    settings.MATCHING_INLINE = False
    child = register_found_child(actor=cast.cci_staff, data=found_child_data(cast))
    enqueue("found", [child.pk])
    assert MatchJob.objects.get().state == "pending"
    out = io.StringIO()
    call_command("match_worker", "--once", stdout=out)
    assert MatchJob.objects.get().state == "done"
    assert Candidate.objects.filter(found_child=child, missing_report=missing_report).exists()
    assert "index built" in out.getvalue()
    assert not WorkerHeartbeat.objects.exists()
