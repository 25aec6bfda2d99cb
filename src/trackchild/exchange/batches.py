"""API batches: many records in one request, each with its own result, and an `Idempotency-Key` that makes a
retried request return the first answer instead of writing again."""

from django.db import IntegrityError, transaction

from trackchild.accounts.models import User
from trackchild.cases import bulk

from .models import IdempotentRequest, Register

MAX_ITEMS = 500


class KeyReused(Exception):
    """The same Idempotency-Key came with a different body."""


def run_batch(
    *, actor: User, credential: str, register: str, parsed: list, idempotency_key: str, request_hash: str
) -> tuple[int, dict, bool]:
    """`parsed` holds, per item, an Upsert or a dict of field errors. Returns (status, body, replayed)."""
    if idempotency_key:
        stored = _stored(credential, idempotency_key)
        if stored is not None:
            return _replay(stored, request_hash)
    try:
        with transaction.atomic():
            body = _upsert(actor, register, parsed, idempotency_key)
            if idempotency_key:
                IdempotentRequest.objects.create(
                    credential=credential,
                    key=idempotency_key,
                    request_hash=request_hash,
                    status_code=200,
                    response=body,
                )
    except IntegrityError:
        # Another request with this key committed first (its writes stand; ours were rolled back).
        stored = _stored(credential, idempotency_key)
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return 200, body, False


def _stored(credential: str, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(credential=credential, key=key).first()


def _replay(stored: IdempotentRequest, request_hash: str) -> tuple[int, dict, bool]:
    if stored.request_hash != request_hash:
        raise KeyReused()
    return stored.status_code, stored.response, True


def _upsert(actor: User, register: str, parsed: list, idempotency_key: str) -> dict:
    upsert = (
        bulk.upsert_missing_reports
        if register == Register.MISSING_REPORTS
        else bulk.upsert_found_children
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
