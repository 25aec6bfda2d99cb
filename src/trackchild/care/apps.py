from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "trackchild.care"
    label = "care"
    verbose_name = "Children in care"
