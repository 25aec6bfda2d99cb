from django.urls import path

from . import views

urlpatterns = [
    path("", views.care_list, name="care-list"),
    path("<int:pk>/", views.care_timeline, name="care-timeline"),
    path("<int:pk>/<slug:step>/", views.care_step, name="care-step"),
    path("requests/<int:event_pk>/", views.care_request, name="care-request"),
    path("attachments/<int:pk>/", views.care_attachment, name="care-attachment"),
]
