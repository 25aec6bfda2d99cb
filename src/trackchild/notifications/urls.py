from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="notifications-inbox"),
    path("read/", views.mark_read, name="notifications-read"),
]
