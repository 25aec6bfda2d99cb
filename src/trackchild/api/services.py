"""Issuing, using and revoking API tokens. Each write is atomic and audited like every other in TrackChild."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.audit.services import record_event

from .models import ApiToken

TOKEN_PREFIX = "tc_"  # lets secret scanners recognise a leaked TrackChild token
# Writing last_used on every request would turn every read into a write; a minute's precision is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, request: HttpRequest, actor: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for a user who has just given the right password. Returns the row and the token itself,
    which is never stored and cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip() or "api",
            hash=hash_token(raw),
            expires=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
        record_event("create", token, actor=actor, days=settings.API_TOKEN_DAYS)
        # A token is a login: the audit trail records it, and django-axes clears the user's failed attempts.
        user_logged_in.send(sender=actor.__class__, request=request, user=actor)
    return token, raw


def token_for_bearer(raw: str) -> ApiToken | None:
    """The usable token behind a bearer value, or None if unknown, expired, revoked or its user inactive."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(hash=hash_token(raw)).first()
    if token is None or not token.is_usable():
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk, user=actor)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record_event("update", locked, actor=actor, fields=["revoked_at"])
    return locked
