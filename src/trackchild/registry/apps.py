from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "trackchild.registry"
    label = "registry"
    verbose_name = "Institutions"
