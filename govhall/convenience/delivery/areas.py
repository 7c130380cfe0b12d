"""The free-delivery area (000 第二十六条: Shanghai and the G60 corridor cities)
and reading the province, city and district off a Chinese address.

The table holds the cities the area may name, each with its province and its
districts and counties (2024 divisions); a centre's setting picks which of them
it serves. An address is read left to right: an optional province, then the
city (or, for a district of a known city written alone, that city), then the
district. Anything else is refused with the reason, so the clerk can tell the
citizen to collect at the window instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# city -> (province, districts and counties without their suffix)
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "上海": (
        "上海",
        (
            "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
            "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
        ),
    ),
    "嘉兴": ("浙江", ("南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市")),
    "杭州": (
        "浙江",
        (
            "上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区",
            "富阳区", "临安区", "桐庐县", "淳安县", "建德市",
        ),
    ),
    "金华": (
        "浙江",
        ("婺城区", "金东区", "武义县", "浦江县", "磐安县", "兰溪市", "义乌市", "东阳市", "永康市"),
    ),
    "湖州": ("浙江", ("吴兴区", "南浔区", "德清县", "长兴县", "安吉县")),
    "苏州": (
        "江苏",
        (
            "姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "苏州工业园区",
            "常熟市", "张家港市", "昆山市", "太仓市",
        ),
    ),
    "宣城": ("安徽", ("宣州区", "郎溪县", "泾县", "绩溪县", "旌德县", "宁国市", "广德市")),
    "芜湖": ("安徽", ("镜湖区", "鸠江区", "弋江区", "湾沚区", "繁昌区", "南陵县", "无为市")),
    "合肥": (
        "安徽",
        ("瑶海区", "庐阳区", "蜀山区", "包河区", "长丰县", "肥东县", "肥西县", "庐江县", "巢湖市"),
    ),
}  # fmt: skip
DEFAULT_AREA = ["上海", "嘉兴", "杭州", "金华", "苏州", "湖州", "宣城", "芜湖", "合肥"]

# Provinces (and municipalities, autonomous regions) of China, to tell an address
# elsewhere from one we cannot read.
PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
_PROVINCE_SUFFIX = ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区")
_MIN_DETAIL = 4  # characters after the district: a street and a number at least
MAX_ADDRESS = 200


@dataclass(frozen=True)
class Destination:
    province: str
    city: str
    district: str
    detail: str


class OutsideArea(Exception):
    """The address cannot take a free delivery; `reason` says why (Chinese)."""

    def __init__(self, reason: str, code: str):
        super().__init__(reason)
        self.reason, self.code = reason, code


def _take(text: str, name: str, suffixes: tuple[str, ...]) -> str | None:
    """`text` after `name` and one of its suffixes (or none), else None."""
    if not text.startswith(name):
        return None
    rest = text[len(name) :]
    for suffix in suffixes:
        if rest.startswith(suffix):
            return rest[len(suffix) :]
    return rest


def _bare(district: str) -> str:
    """松江区 → 松江 (a district written without its suffix); 泾县 and 浦东新区 keep enough."""
    stem = re.sub(r"(新区|区|县|市)$", "", district)
    return stem if len(stem) >= 2 else district


def _district_of(rest: str, city: str, *, bare: bool = True) -> tuple[str, str] | None:
    """The district `rest` starts with, and what follows it. `bare`: also as
    written without its suffix (杭州西湖…), only ever after the city's name."""
    for district in sorted(CITIES[city][1], key=len, reverse=True):
        forms = [district]
        if district.startswith(city):
            forms.append(district[len(city) :])  # 苏州市工业园区
        if bare:
            forms.append(_bare(district))
        for written in forms:
            if rest.startswith(written):
                return district, rest[len(written) :]
    return None


def normalise(address: str) -> str:
    return re.sub(r"\s+", "", address or "").replace("（", "(").replace("）", ")")


_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,7}?)(市|自治州|地区|盟)")


def _outside(place: str) -> OutsideArea:
    return OutsideArea(
        _("寄达地“%(place)s”不在免费寄送区域内，请告知申请人到窗口领取") % {"place": place},
        "outside_area",
    )


def parse(address: str, area: list[str] | tuple[str, ...] | None = None) -> Destination:
    """The destination of `address` inside `area` (city names), else OutsideArea."""
    area = [c for c in (area or DEFAULT_AREA) if c in CITIES]
    text = normalise(address)
    if not text:
        raise OutsideArea(_("请填写邮寄地址"), "address_missing")
    if len(text) > MAX_ADDRESS:
        raise OutsideArea(_("邮寄地址过长"), "address_too_long")
    province = ""
    for name in sorted(PROVINCES, key=len, reverse=True):
        rest = _take(text, name, _PROVINCE_SUFFIX)
        if rest is not None:
            province, text = name, rest
            break
    if province and province not in {p for p, _d in CITIES.values()}:
        raise _outside(province)
    city = ""
    if province in CITIES:
        city = province  # a municipality is its own city: 上海市松江区
        text = _take(text, province, ("市",)) if text.startswith(province) else text
    else:
        for name, (prov, _d) in CITIES.items():
            rest = _take(text, name, ("市",)) if not province or prov == province else None
            if rest is not None and name != prov:
                city, text = name, rest
                break
    if not city:
        # A district of a table city written in full alone (松江区…), unless a province disagrees.
        found = [
            name
            for name, (prov, _d) in CITIES.items()
            if (not province or prov == province) and _district_of(text, name, bare=False)
        ]
        if len(set(found)) == 1:
            city = found[0]
    if not city:
        place = _PLACE.match(text)
        if place or province:
            raise _outside(province + (place.group(1) if place else ""))
        raise OutsideArea(
            _("无法识别寄达城市，请按“省、市、区（县）、详细地址”填写"), "address_unreadable"
        )
    if city not in area:
        raise OutsideArea(
            _("寄达城市“%(city)s”不在本中心免费寄送区域内，请告知申请人到窗口领取")
            % {"city": city},
            "outside_area",
        )
    hit = _district_of(text, city)
    if hit is None:
        raise OutsideArea(
            _("无法识别%(city)s的区（县），请填写完整的区（县）名称") % {"city": city},
            "district_unreadable",
        )
    district, detail = hit
    if len(detail) < _MIN_DETAIL:
        raise OutsideArea(_("请填写街道、门牌号等详细地址"), "address_incomplete")
    return Destination(CITIES[city][0], city, district, detail)
