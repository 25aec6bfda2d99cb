from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "trackchild.demo"
    label = "demo"
    verbose_name = "Demo data"
