"""API batches: many records in one request, each with its own result, and an `Idempotency-Key` that makes a
retried request return the first answer instead of writing again.

Stored answers are kept `API_IDEMPOTENCY_HOURS` (24 by default), long enough for any sensible retry: after that a
key is forgotten (a request reusing it is a new request) and its answer deleted, a few hundred at a time by every
batch that stores an answer, and all at once by `purge_idempotent_requests` (run by `trackchild run_imports`).
The answers hold record ids and field messages, never children's names, but need not be kept for ever."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.cases import bulk

from .models import IdempotentRequest, Register

MAX_ITEMS = 500
PURGED_PER_WRITE = 200  # a batch deletes at most this many expired answers: its own latency stays bounded


class KeyReused(Exception):
    """The same Idempotency-Key came with a different body."""


def run_batch(
    *, actor: User, credential: str, register: str, parsed: list, idempotency_key: str, request_hash: str
) -> tuple[int, dict, bool]:
    """`parsed` holds, per item, an Upsert or a dict of field errors. Returns (status, body, replayed)."""
    kept_since = timezone.now() - retention()
    if idempotency_key:
        stored = _stored(credential, idempotency_key, kept_since)
        if stored is not None:
            return _replay(stored, request_hash)
    try:
        with transaction.atomic():
            body = _upsert(actor, register, parsed, idempotency_key)
            if idempotency_key:
                # An expired answer under the same key, not yet purged, gives way to this one.
                IdempotentRequest.objects.filter(
                    credential=credential, key=idempotency_key, created_at__lt=kept_since
                ).delete()
                IdempotentRequest.objects.create(
                    credential=credential,
                    key=idempotency_key,
                    request_hash=request_hash,
                    status_code=200,
                    response=body,
                )
                purge_idempotent_requests(limit=PURGED_PER_WRITE)
    except IntegrityError:
        # Another request with this key committed first (its writes stand; ours were rolled back).
        stored = _stored(credential, idempotency_key, kept_since)
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return 200, body, False


def retention() -> timedelta:
    return timedelta(hours=settings.API_IDEMPOTENCY_HOURS)


def purge_idempotent_requests(*, limit: int | None = None) -> int:
    """Delete stored answers older than the retention (the oldest `limit` of them, if given); how many."""
    expired = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - retention()).order_by(
        "created_at"
    )
    ids = list(
        expired.values_list("pk", flat=True)[:limit] if limit else expired.values_list("pk", flat=True)
    )
    if not ids:
        return 0
    deleted, _kinds = IdempotentRequest.objects.filter(pk__in=ids).delete()
    return deleted


def _stored(credential: str, key: str, kept_since) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(
        credential=credential, key=key, created_at__gte=kept_since
    ).first()


def _replay(stored: IdempotentRequest, request_hash: str) -> tuple[int, dict, bool]:
    if stored.request_hash != request_hash:
        raise KeyReused()
    return stored.status_code, stored.response, True


def _upsert(actor: User, register: str, parsed: list, idempotency_key: str) -> dict:
    upsert = (
        bulk.upsert_missing_reports if register == Register.MISSING_REPORTS else bulk.upsert_found_children
    )
    valid = [(index, item) for index, item in enumerate(parsed) if isinstance(item, bulk.Upsert)]
    results = (
        upsert(
            actor=actor,
            items=[item for _i, item in valid],
            audit={"batch": idempotency_key[:100]} if idempotency_key else {"batch": ""},
        )
        if valid
        else []
    )
    answers: list[dict] = [
        {"index": index, "outcome": "invalid", "id": None, "version": None, "errors": item}
        for index, item in enumerate(parsed)
    ]
    for (index, _item), result in zip(valid, results, strict=True):
        answers[index] = {
            "index": index,
            "outcome": result.outcome,
            "id": result.record_id,
            "version": result.version,
            "errors": result.errors or {},
        }
    counts: dict[str, int] = {}
    for answer in answers:
        counts[answer["outcome"]] = counts.get(answer["outcome"], 0) + 1
    return {"counts": counts, "results": answers}
