from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "ducha.bulletins"
    label = "bulletins"
    verbose_name = "督查通报"
