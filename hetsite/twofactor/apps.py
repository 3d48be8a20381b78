from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "hetsite.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor sign-in"
