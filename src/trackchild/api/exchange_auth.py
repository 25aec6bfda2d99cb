"""Authentication of the data-exchange endpoints: an API key (`tck_…`) or a user token (`tc_…`), both as
`Authorization: Bearer …`, each held to a per-minute rate limit. A key is also held to its scopes."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer

from trackchild.exchange.keys import RateLimited, check_rate, key_for_bearer

from .errors import error_body
from .services import token_for_bearer


class KeyOrToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        key = key_for_bearer(token)
        if key is not None:
            request.user, request.api_key, request.credential = key.user, key, f"key:{key.pk}"
        else:
            api_token = token_for_bearer(token)
            if api_token is None:
                return None
            request.user, request.api_key = api_token.user, None
            request.credential = f"token:{api_token.pk}"
        check_rate(request.credential)
        return request.user


def allows(request: HttpRequest, register: str, access: str) -> bool:
    """A user token may do what its account may; a key only what its scopes say."""
    key = getattr(request, "api_key", None)
    return key is None or f"{register}:{access}" in key.scopes


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(RateLimited, _rate_limited)


def _rate_limited(request: HttpRequest, exc: RateLimited) -> JsonResponse:
    response = JsonResponse(
        error_body(
            "rate_limited", _("Too many requests: wait %(s)d seconds and try again.") % {"s": exc.retry_after}
        ),
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response
