from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    SOCIAL_SECURITY = "social_security", _("社会保障")
    CIVIL_AFFAIRS = "civil_affairs", _("民政事务")
    REAL_ESTATE = "real_estate", _("不动产登记")
    MARKET_REGULATION = "market_regulation", _("市场监管")
    MEDICAL_INSURANCE = "medical_insurance", _("医疗保障")
    HOUSING_FUND = "housing_fund", _("住房公积金")
    EXIT_ENTRY = "exit_entry", _("出入境")
    TAX = "tax", _("税务")
    OTHER = "other", _("其他便民服务")
