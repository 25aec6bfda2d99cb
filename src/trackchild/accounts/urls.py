from django.urls import path

from . import views

urlpatterns = [
    path("people/", views.accounts_list, name="accounts-list"),
    path("people/new/", views.accounts_create, name="accounts-create"),
    path("people/<int:pk>/deactivate/", views.accounts_deactivate, name="accounts-deactivate"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
]
