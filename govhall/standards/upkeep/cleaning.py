"""The daily cleaning checklist: the items of 001 6.4.2 a)-f), checked in each zone."""

from django.utils.translation import gettext_lazy as _

REF = "001 6.4.2"
ITEMS = (
    ("a", _("门、窗框、电脑、桌椅、文件柜等无污渍、无灰尘、无水迹")),
    ("b", _("玻璃干净明亮，无水迹")),
    ("c", _("文件资料和办公用品及时整理、摆放整齐")),
    ("d", _("垃圾及时清倒、垃圾袋及时更换")),
    ("e", _("盆栽及时浇水、盆内无杂物")),
    ("f", _("按卫生防疫要求落实常态化消毒")),
)
CODES = tuple(code for code, _text in ITEMS)
