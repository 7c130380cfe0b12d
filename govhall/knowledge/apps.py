from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "govhall.knowledge"
    label = "knowledge"
    verbose_name = _("咨询与知识库")

    def ready(self):
        from . import wiring

        wiring.connect()
