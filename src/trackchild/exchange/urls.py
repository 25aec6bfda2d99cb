from django.urls import path

from . import views

urlpatterns = [
    path("", views.exchange_home, name="exchange-home"),
    path("imports/<int:pk>/", views.job_detail, name="exchange-job"),
    path("imports/<int:pk>/save/", views.job_save, name="exchange-job-save"),
    path("imports/<int:pk>/rows-to-fix.csv", views.job_rows_to_fix, name="exchange-job-rows-to-fix"),
    path("templates/<str:register>.<str:file_format>", views.template_download, name="exchange-template"),
    path("export/<str:register>.<str:file_format>", views.export_list, name="exchange-export"),
]
