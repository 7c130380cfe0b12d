"""Knowledge articles (知识库, 001 4.6, 表18 知识库管理制度): questions and answers
and policy explanations, linked to service items. A department drafts, the
centre reviews and publishes, like the guides: an article changes only through
versions, a published version is frozen, and each carries the date by which it
must be reviewed again (after it the article is flagged on the workbench)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.errors import InvalidTransition
from govhall.core.models import Center, Department, User


class ArticleKind(models.TextChoices):
    QA = "qa", _("常见问答")
    POLICY = "policy", _("政策解读")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("部门已提交")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")


EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)
OPEN = (ArticleStatus.DRAFT, ArticleStatus.RETURNED, ArticleStatus.SUBMITTED)
FROZEN = (ArticleStatus.PUBLISHED, ArticleStatus.SUPERSEDED)


class Article(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="articles", verbose_name=_("中心")
    )
    code = models.CharField(_("编号"), max_length=20)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="articles", verbose_name=_("编写部门")
    )
    items = models.ManyToManyField(
        ServiceItem, blank=True, related_name="articles", verbose_name=_("关联事项")
    )
    published_version = models.ForeignKey(
        "ArticleVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("现行版本"),
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("知识条目")
        verbose_name_plural = _("知识条目")
        ordering = ["center", "code"]
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="knowledge_article_code")
        ]

    def __str__(self) -> str:
        version = self.published_version
        return f"{self.code} {version.title}" if version else self.code


class ArticleVersion(models.Model):
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="versions", verbose_name=_("知识条目")
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ArticleKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    # The ways citizens ask it, one a line: what the question answering matches.
    questions = models.TextField(_("常见问法"), blank=True)
    answer = models.TextField(_("解答"))
    review_by = models.DateField(_("复核日期"))
    change_summary = models.CharField(_("变更说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("编写人")
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("提交人")
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("知识条目版本")
        verbose_name_plural = _("知识条目版本")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="knowledge_version_unique"),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(status__in=["draft", "returned", "submitted"]),
                name="knowledge_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    def save(self, *args, **kwargs):
        # What citizens were told never changes in place (as the guides).
        if self.pk and ArticleVersion.objects.filter(pk=self.pk, status__in=FROZEN).exists():
            raise InvalidTransition(_("已发布的版本不可修改，请新建版本"), code="version_frozen")
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def question_list(self) -> list[str]:
        return [q.strip() for q in self.questions.splitlines() if q.strip()]
