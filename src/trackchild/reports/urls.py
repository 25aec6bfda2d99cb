from django.urls import path

from . import views

urlpatterns = [
    path("statement/", views.statement, name="reports-statement"),
    path("statement.<str:fmt>", views.statement_export, name="reports-statement-export"),
    path("dashboard/", views.dashboard_page, name="reports-dashboard"),
    path("dashboard.pdf", views.dashboard_pdf, name="reports-dashboard-pdf"),
    path("quality/", views.quality_page, name="reports-quality"),
    path("quality/institutions/<int:pk>/", views.quality_institution, name="reports-quality-institution"),
]
