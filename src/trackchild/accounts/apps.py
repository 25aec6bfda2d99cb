from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trackchild.accounts"
    label = "accounts"
    verbose_name = "Accounts"
