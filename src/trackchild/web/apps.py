from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "trackchild.web"
    label = "web"
    verbose_name = "Web pages"
