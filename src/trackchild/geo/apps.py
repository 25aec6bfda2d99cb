from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "trackchild.geo"
    label = "geo"
    verbose_name = _("Geography (LGD)")
    default_auto_field = "django.db.models.BigAutoField"
