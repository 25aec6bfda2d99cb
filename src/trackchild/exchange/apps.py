from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "trackchild.exchange"
    label = "exchange"
    verbose_name = "Data exchange"
