"""POST /api/tokens exchanges a username and password for a bearer token; DELETE /api/tokens/current
revokes it."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from .errors import Status, error_response
from .schemas import ErrorOut, TokenIn, TokenOut
from .services import issue_token, revoke_token

router = Router(tags=["tokens"])


@router.post(
    "/tokens",
    auth=None,
    response={201: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    url_name="tokens-create",
)
def create_token(request: HttpRequest, payload: TokenIn):
    """Log in. The token in the answer is shown only this once; send it as `Authorization: Bearer <token>`.
    After too many failed attempts for a username from one address, logins are refused for a while (403)."""
    # Through Django's authenticate with the request, so django-axes counts failures and locks out.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answered here in the API's shape; cleared so axes' middleware does not replace it with a page.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            return error_response(
                403,
                "permission_denied",
                _("Too many failed logins for this username. Try again in %(minutes)d minutes.")
                % {"minutes": round(settings.AXES_COOLOFF_TIME * 60)},
            )
        return error_response(401, "unauthenticated", _("Wrong username or password."))
    token, raw = issue_token(request=request, actor=user, name=payload.name)
    return Status(201, {"token": raw, "token_type": "Bearer", "name": token.name, "expires": token.expires})


@router.delete("/tokens/current", response={204: None, 401: ErrorOut}, url_name="tokens-revoke")
def revoke_current_token(request: HttpRequest):
    """Revoke the token this request was sent with. It stops working at once."""
    revoke_token(actor=request.auth, token=request.api_token)  # type: ignore[attr-defined]
    return HttpResponse(status=204)
