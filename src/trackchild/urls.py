from django.contrib import admin
from django.urls import include, path

from trackchild.api.routes import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("institutions/", include("trackchild.registry.urls")),
    path("care/", include("trackchild.care.urls")),
    path("reports/", include("trackchild.reports.urls")),
    path("exchange/", include("trackchild.exchange.urls")),
    path("matching/", include("trackchild.matching.urls")),
    path("notifications/", include("trackchild.notifications.urls")),
    path("faces/", include("trackchild.faces.urls")),
    path("", include("trackchild.accounts.urls")),
    path("", include("trackchild.web.urls")),
]
