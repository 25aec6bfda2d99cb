"""Answers stored under an Idempotency-Key are kept API_IDEMPOTENCY_HOURS for retries, then forgotten and
deleted: on later writes (a bounded number each time) and by `trackchild run_imports`."""

import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from tests.api.test_batch_upsert import item, post
from trackchild.cases.models import MissingReport
from trackchild.exchange import batches
from trackchild.exchange.models import IdempotentRequest


def age(hours: float) -> None:
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=hours))


def test_a_retry_within_the_retention_is_still_answered_from_the_store(cast, api_as, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    client = api_as(cast.police_officer)
    first = post(client, [item(cast)], key="run-1")
    age(23)
    again = post(client, [item(cast)], key="run-1")
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert IdempotentRequest.objects.count() == 1


def test_an_expired_key_is_a_new_request_and_its_old_answer_is_replaced(cast, api_as, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    client = api_as(cast.police_officer)
    post(client, [item(cast)], key="run-1")
    age(25)
    later = post(client, [item(cast, age_years=12)], key="run-1")
    assert later.status_code == 200 and "Idempotent-Replayed" not in later
    assert later.json()["counts"] == {"updated": 1}
    assert MissingReport.objects.get().age_years == 12  # written by the key's record key, never duplicated
    stored = IdempotentRequest.objects.get()
    assert stored.response == later.json() and timezone.now() - stored.created_at < timedelta(minutes=1)


def test_each_write_deletes_a_bounded_number_of_expired_answers(cast, api_as, settings, monkeypatch):
    settings.API_IDEMPOTENCY_HOURS = 24
    monkeypatch.setattr(batches, "PURGED_PER_WRITE", 2)
    client = api_as(cast.police_officer)
    for n in range(3):
        post(client, [item(cast, fir=f"FIR-{n}/2026")], key=f"old-{n}")
    age(30)
    post(client, [item(cast, fir="FIR-9/2026")], key="new")
    assert sorted(IdempotentRequest.objects.values_list("key", flat=True)) == ["new", "old-2"]
    post(client, [item(cast, fir="FIR-10/2026")], key="newer")
    assert sorted(IdempotentRequest.objects.values_list("key", flat=True)) == ["new", "newer"]


def test_run_imports_deletes_every_expired_answer_and_keeps_the_fresh_ones(cast, api_as, settings, capsys):
    settings.API_IDEMPOTENCY_HOURS = 1
    client = api_as(cast.police_officer)
    post(client, [item(cast, fir="FIR-1/2026")], key="old-1")
    post(client, [item(cast, fir="FIR-2/2026")], key="old-2")
    age(2)
    post(client, [item(cast, fir="FIR-3/2026")], key="fresh")  # purges on write too: nothing left to do but…
    IdempotentRequest.objects.create(
        credential="token:999",
        key="old-3",
        request_hash="x",
        status_code=200,
        response=json.loads('{"counts": {}}'),
        created_at=timezone.now() - timedelta(hours=3),
    )
    call_command("run_imports")
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["fresh"]
    assert "deleted 1 API batch answers" in capsys.readouterr().out
    assert MissingReport.objects.count() == 3
