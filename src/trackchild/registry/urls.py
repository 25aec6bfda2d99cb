from django.urls import path

from . import views

urlpatterns = [
    path("", views.institutions_list, name="institutions-list"),
    path("new/", views.institutions_create, name="institutions-create"),
    path("<int:pk>/", views.institutions_detail, name="institutions-detail"),
    path("<int:pk>/edit/", views.institutions_edit, name="institutions-edit"),
    path("<int:pk>/close/", views.institutions_close, name="institutions-close"),
]
