from django.apps import AppConfig


class PrizesConfig(AppConfig):
    name = "prizes"
    verbose_name = "Health Equity Town Prize"
