"""Lost property (001 6.4.4.2: 登记、保存、认领、注销; 000 第十七条: what is left in
the print room goes to the service desk).

registered (登记) → stored (保管, with where) → claimed (认领: the claimant's ID
checked against the owner's when the owner is known, a signature) ·
stored → write-off requested after the keeping period → written off (the centre
admin approves) or back to stored (refused). A claim is still taken while the
write-off waits; it ends the request."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.fields import EncryptedCharField, EncryptedIdNumberField
from govhall.core.models import Center, User


class Category(models.TextChoices):
    DOCUMENT = "document", _("证件、文件")
    CARD = "card", _("银行卡、会员卡")
    WALLET = "wallet", _("钱包")
    PHONE = "phone", _("手机、电子产品")
    KEYS = "keys", _("钥匙")
    BAG = "bag", _("包袋")
    UMBRELLA = "umbrella", _("雨伞")
    CLOTHING = "clothing", _("衣物")
    OTHER = "other", _("其他")


# Categories whose description may well name the owner: the public list shows
# only the category for them.
PRIVATE_CATEGORIES = (Category.DOCUMENT, Category.CARD, Category.WALLET)


class LostStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记，待入库")
    STORED = "stored", _("保管中")
    WRITEOFF_REQUESTED = "writeoff_requested", _("待注销审批")
    CLAIMED = "claimed", _("已认领")
    WRITTEN_OFF = "written_off", _("已注销")


OPEN = (LostStatus.REGISTERED, LostStatus.STORED, LostStatus.WRITEOFF_REQUESTED)


class LostItem(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="lost_items", verbose_name=_("中心")
    )
    number = models.CharField(_("编号"), max_length=40, unique=True)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    description = models.CharField(_("物品描述"), max_length=200)
    photo = models.BinaryField(_("照片"), null=True, blank=True, editable=False)
    found_place = models.CharField(_("拾得地点"), max_length=100)
    found_at = models.DateTimeField(_("拾得时间"))
    found_by = models.CharField(_("拾得人"), max_length=50)
    # When the item names its owner (an ID card): the number, to check the claimant.
    owner_id_number = EncryptedIdNumberField(
        _("失主证件号码"), hash_field="owner_id_number_hash", null=True, blank=True
    )
    owner_id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    storage_place = models.CharField(_("存放位置"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=LostStatus.choices, default=LostStatus.REGISTERED
    )
    registered_at = models.DateTimeField(_("登记时间"))
    registered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )
    stored_at = models.DateTimeField(_("入库时间"), null=True, blank=True)
    # The claim
    claimant_name = EncryptedCharField(_("认领人姓名"), blank=True)
    claimant_id_number = EncryptedIdNumberField(
        _("认领人证件号码"), hash_field="claimant_id_number_hash", null=True, blank=True
    )
    claimant_id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    claimant_phone = EncryptedCharField(_("认领人电话"), blank=True)
    signature = models.BinaryField(_("认领人签名"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    claimed_by_staff = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    # The write-off
    writeoff_requested_at = models.DateTimeField(_("申请注销时间"), null=True, blank=True)
    writeoff_requested_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("申请人")
    )
    writeoff_note = models.CharField(_("处置方式"), max_length=200, blank=True)
    written_off_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    written_off_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("批准人")
    )

    class Meta:
        verbose_name = _("遗失物品")
        verbose_name_plural = _("遗失物品")
        ordering = ("-found_at", "-pk")
        indexes = [models.Index(fields=["center", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def has_photo(self) -> bool:
        return bool(self.photo)
