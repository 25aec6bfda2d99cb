from django.urls import path

from . import views

urlpatterns = [path("failed/", views.failed_faces, name="faces-failed")]
