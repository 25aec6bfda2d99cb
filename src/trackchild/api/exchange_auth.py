"""Authentication of the endpoints a connected system uses: an API key (`tck_…`) or a user token (`tc_…`), both as
`Authorization: Bearer …`. A key acts as the account that created it, within that account's jurisdiction, and
only for its scopes; every request made with a key is held to a per-minute rate limit (so are tokens on the
data-exchange endpoints, as they always were). Endpoints without this class (tokens, keys, matching) take user
tokens only, so a key can never issue keys or tokens."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer

from trackchild.exchange.keys import RateLimited, check_rate, key_for_bearer

from .errors import error_body
from .services import token_for_bearer

READ, WRITE = "read", "write"


class KeyOrToken(HttpBearer):
    def __init__(self, *, limit_tokens: bool = True):
        super().__init__()
        self.limit_tokens = limit_tokens

    def authenticate(self, request: HttpRequest, token: str):
        key = key_for_bearer(token)
        if key is not None:
            request.user, request.api_key, request.credential = key.user, key, f"key:{key.pk}"
            check_rate(request.credential)
            return request.user
        api_token = token_for_bearer(token)
        if api_token is None:
            return None
        request.user, request.api_key = api_token.user, None
        request.api_token = api_token
        request.credential = f"token:{api_token.pk}"
        if self.limit_tokens:
            check_rate(request.credential)
        return request.user


def allows(request: HttpRequest, register: str, access: str) -> bool:
    """A user token may do what its account may; a key only what its scopes say."""
    key = getattr(request, "api_key", None)
    return key is None or f"{register}:{access}" in key.scopes


def scope_required(register: str, access: str) -> Callable:
    """An endpoint of one register: a key without `<register>:<access>` gets 403 and nothing is read or written.
    What the account itself may do (its role, its jurisdiction) is the services' and selectors' to decide."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def within_scope(request: HttpRequest, *args, **kwargs):
            if not allows(request, register, access):
                raise PermissionDenied(_("This API key has no %(s)s scope.") % {"s": f"{register}:{access}"})
            return view(request, *args, **kwargs)

        # The OpenAPI document shows an endpoint's docstring: it says which scope a key needs.
        within_scope.__doc__ = (
            f"{(view.__doc__ or '').rstrip()}\n\nAPI keys need the scope `{register}:{access}`."
        )
        return within_scope

    return decorate


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
