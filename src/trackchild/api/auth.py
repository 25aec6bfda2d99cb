"""`Authorization: Bearer <token>` on every endpoint but the one that issues tokens.

Bearer tokens are not sent by browsers on their own, so these endpoints need no CSRF protection; ninja leaves
CSRF checks out unless an auth class asks for them, and this one does not.
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from .services import token_for_bearer


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        api_token = token_for_bearer(token)
        if api_token is None:
            return None  # ninja answers 401; errors.py gives it the common shape
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user
