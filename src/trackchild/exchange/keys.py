"""API keys for connected systems: issued by an account for itself, with scopes, shown once, stored hashed,
revocable; and the fixed-window rate limit every key and token is held to on the exchange endpoints."""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Level, User
from trackchild.audit.services import record_event

from .imports import may_import
from .models import ApiKey, Register

KEY_PREFIX = "tck_"  # a TrackChild key (user tokens start with tc_): secret scanners can recognise both
READ, WRITE = "read", "write"
SCOPES = [f"{register}:{access}" for register in Register.values for access in (READ, WRITE)]


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(_("Too many requests; wait %(s)d seconds.") % {"s": retry_after})


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_key(*, actor: User, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A key acting as `actor`, within the actor's jurisdiction and only for `scopes`. Returns the row and the
    key itself, which is not stored and cannot be shown again."""
    if not actor.role or actor.level == "":
        raise PermissionDenied(_("Your account has no role: it cannot have API keys."))
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError({"scopes": [_("Choose scopes among: %(s)s.") % {"s": ", ".join(SCOPES)}]})
    for scope in scopes:
        register, access = scope.split(":")
        if access == WRITE and not may_import(actor, register):
            raise ValidationError(
                {"scopes": [_("Your role cannot write to this register: %(s)s.") % {"s": scope}]}
            )
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name.strip() or "api key",
            user=actor,
            scopes=sorted(set(scopes)),
            prefix=raw[:10],
            hash=hash_key(raw),
            institution=actor.institution if actor.level == Level.INSTITUTION else None,
        )
        record_event("create", key, actor=actor, scopes=key.scopes)
    return key, raw


def revoke_api_key(*, actor: User, key_id: int) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().filter(pk=key_id, user=actor).first()
        if key is None:
            raise PermissionDenied(_("There is no such key among yours."))
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            record_event("update", key, actor=actor, fields=["revoked_at"])
    return key


def keys_of(user: User):
    return ApiKey.objects.filter(user=user)


def key_for_bearer(raw: str) -> ApiKey | None:
    if not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    key = ApiKey.objects.select_related("user").filter(hash=hash_key(raw)).first()
    if key is None or not key.is_usable():
        return None
    if key.institution_id and key.institution_id != key.user.institution_id:
        return None  # issued for an institution its account no longer belongs to
    now = timezone.now()
    if key.last_used is None or (now - key.last_used).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used=now)
    return key


def check_rate(credential: str) -> None:
    """A fixed window of a minute per credential, counted in Django's cache (shared when CACHE_URL is Redis)."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return
    now = time.time()
    window = int(now // 60)
    name = f"trackchild:rate:{credential}:{window}"
    cache.add(name, 0, timeout=90)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=90)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int(60 - now % 60)))
