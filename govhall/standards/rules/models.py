"""Rules documents (001 6.3, 表18): each rule the centre must have, uploaded with its
version and date. The newest upload of a rule is the one in force; it is due for
review once older than the centre's review period (standards.rules_review_days)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class RuleDocument(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="rule_documents", verbose_name=_("中心")
    )
    # The rule's key in the requirements file (params.key of a 表18 row).
    key = models.CharField(_("制度"), max_length=40)
    version = models.CharField(_("版本号"), max_length=20)
    issued_on = models.DateField(_("印发日期"))
    file = models.FileField(_("文件"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("上传人")
    )

    class Meta:
        verbose_name = _("制度文件")
        verbose_name_plural = _("制度文件")
        ordering = ["key", "-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "key", "version"], name="standards_rule_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"
