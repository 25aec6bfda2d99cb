from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "trackchild.cases"
    label = "cases"
    verbose_name = "Cases"
