"""Helpers for API tests: a client logged in as one of the cast, with a token obtained from the API itself."""

import io
import json

import pytest
from django.test import Client
from PIL import Image

from tests.conftest import PASSWORD


def token_for(user, client: Client | None = None) -> str:
    response = (client or Client()).post(
        "/api/tokens", {"username": user.username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


class ApiClient(Client):
    """A test client whose JSON calls carry the bearer token and encode their body."""

    def __init__(self, token: str):
        super().__init__(headers={"Authorization": f"Bearer {token}"})

    def post_json(self, path: str, data: dict):
        return self.post(path, json.dumps(data, default=str), content_type="application/json")

    def patch_json(self, path: str, data: dict):
        return self.patch(path, json.dumps(data, default=str), content_type="application/json")


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counts():
    """The rate limit counts per credential ("token:1") in the cache, which outlives a test's rolled-back
    database: without this, one test's requests would count against the next test's token of the same id."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_as(cast):
    def log_in(user) -> ApiClient:
        return ApiClient(token_for(user))

    return log_in


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


def error_of(response) -> dict:
    """The error object every non-2xx answer carries."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
