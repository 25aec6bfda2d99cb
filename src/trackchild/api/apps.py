from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trackchild.api"
    label = "api"
    verbose_name = "HTTP API"
