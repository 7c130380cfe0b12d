from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvenienceConfig(AppConfig):
    name = "govhall.convenience"
    label = "convenience"
    verbose_name = _("便民服务")

    def ready(self):
        from . import wiring

        wiring.connect()
