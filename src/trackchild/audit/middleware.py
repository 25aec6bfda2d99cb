from .origin import Origin, acting_from


class RequestOriginMiddleware:
    """Records each request's address and channel (web or api) for the audit rows its services write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        with acting_from(Origin(address=request.META.get("REMOTE_ADDR", ""), channel=channel)):
            return self.get_response(request)
