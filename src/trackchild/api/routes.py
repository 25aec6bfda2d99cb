"""The HTTP API: one NinjaAPI, bearer-token authentication, JSON errors in one shape everywhere."""

from ninja import NinjaAPI

api = NinjaAPI(title="TrackChild API", version="1", urls_namespace="api")
