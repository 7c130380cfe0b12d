"""The vocabulary of the facility inventory: every facility, device and supply the
standards name (001 表3-表12, 003 四(一)1, 002 二(四)), keyed so the self-audit
(standards, floor 6) can ask "is there one in this zone?". The zones a kind
usually stands in only order the settings page's choices; any zone may hold it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ZoneKind as Z

# key -> (label, the zones it usually stands in)
FACILITIES: dict[str, tuple] = {
    # 001 表3 咨询引导区
    "inquiry_desk": (_("问询台"), (Z.GUIDANCE,)),
    "wall_signage": (_("墙面标识"), (Z.GUIDANCE,)),
    "led_screen": (_("电子显示屏"), (Z.GUIDANCE,)),
    "notice_board": (_("业务告示牌"), (Z.GUIDANCE,)),
    "guide_robot": (_("智能导服机器人"), (Z.GUIDANCE,)),
    "leaflet_rack": (_("宣传资料架"), (Z.GUIDANCE,)),
    "gazette_rack": (_("政府公报栏（架）"), (Z.GUIDANCE,)),
    "leaflets": (_("宣传册/宣传折页"), (Z.GUIDANCE,)),
    "service_phone": (_("服务电话"), (Z.GUIDANCE,)),
    "ticket_machine": (_("取号设备"), (Z.GUIDANCE,)),
    "guide_kiosk": (_("办事指南查询机"), (Z.GUIDANCE,)),
    "evaluator": (_("“好差评”评价设备"), (Z.GUIDANCE, Z.WINDOWS)),
    # 001 表4 窗口服务区 (and 表7, 表8 for the special and smart windows)
    "service_counter": (_("服务台"), (Z.WINDOWS,)),
    "chairs": (_("座椅"), (Z.WINDOWS, Z.WAITING)),
    "desk_chair": (_("办公桌、椅"), (Z.WINDOWS,)),
    "computer": (_("计算机"), (Z.WINDOWS,)),
    "scanner": (_("高速扫描仪"), (Z.WINDOWS,)),
    "tablet_pen": (_("平板电脑及手写笔"), (Z.WINDOWS,)),
    "id_reader": (_("身份证识别验证装置"), (Z.WINDOWS,)),
    "card_reader": (_("读卡器"), (Z.WINDOWS,)),
    "barcode_gun": (_("扫描枪"), (Z.WINDOWS,)),
    "queue_system": (_("排队叫号系统"), (Z.WINDOWS,)),
    "window_sign": (_("窗口指示牌"), (Z.WINDOWS,)),
    "recorder": (_("摄录装置"), (Z.WINDOWS,)),
    "telephone": (_("电话机"), (Z.WINDOWS,)),
    "cctv": (_("监控系统"), (Z.WINDOWS, Z.EQUIPMENT)),
    "printer": (_("打印机"), (Z.WINDOWS,)),
    "doc_camera": (_("高拍仪（含读卡器）"), (Z.WINDOWS,)),
    "smart_terminal": (_("智能终端（含智能文件柜）"), (Z.WINDOWS,)),
    "smart_guide_system": (_("智能化的政务智能导视系统"), (Z.WINDOWS,)),
    # 001 表9 自助服务区
    "sign": (_("指示牌"), (Z.SELF_SERVICE,)),
    "access_control": (_("智能门禁认证系统（24小时）"), (Z.SELF_SERVICE,)),
    "locker": (_("自助寄取柜"), (Z.SELF_SERVICE,)),
    "self_terminal": (_("自助终端设备"), (Z.SELF_SERVICE,)),
    # 001 表10 等候休息区
    "priority_seat": (_("爱心专座"), (Z.WAITING,)),
    "water": (_("饮水设备"), (Z.WAITING,)),
    "guide_sign": (_("导引标识"), (Z.WAITING,)),
    "bulletin": (_("宣传（公告）栏"), (Z.WAITING,)),
    "gazette": (_("政府公报"), (Z.WAITING,)),
    "first_aid": (_("常规急救器材（胶布、纱布等）"), (Z.WAITING, Z.EMERGENCY)),
    "charger": (_("充电设备"), (Z.WAITING,)),
    "wifi": (_("Wi-Fi无线网络设备"), (Z.WAITING,)),
    # 001 表11 便民服务区
    "writing_desk": (_("书写台"), (Z.CONVENIENCE,)),
    "sample_forms": (_("申请材料示例"), (Z.CONVENIENCE,)),
    "stationery": (_("书写类文具"), (Z.CONVENIENCE,)),
    "reading_glasses": (_("老花镜"), (Z.CONVENIENCE,)),
    "magnifier": (_("放大镜"), (Z.CONVENIENCE,)),
    "ink_pad": (_("印台（印泥）"), (Z.CONVENIENCE,)),
    "disinfectant": (_("防疫消毒用品"), (Z.CONVENIENCE,)),
    "glue": (_("固体胶（胶水）"), (Z.CONVENIENCE,)),
    "correction_tape": (_("修正带（液）"), (Z.CONVENIENCE,)),
    # 001 表12 应急保障室
    "first_aid_room": (_("急救室"), (Z.EMERGENCY,)),
    "pro_first_aid": (_("专业急救器材（除颤仪、氧气袋等）"), (Z.EMERGENCY,)),
    "medicines": (_("急救药品（速效救心丸等）"), (Z.EMERGENCY,)),
    "fire_equipment": (_("消防器材"), (Z.EMERGENCY,)),
    "epidemic_supplies": (_("疫情常态防控物资"), (Z.EMERGENCY,)),
    "flood_equipment": (_("常规防汛防台器材"), (Z.EMERGENCY,)),
    # 003 四(一)1(3) 两牌三栏, 1(4) the hall's amenities
    "window_service_board": (_("窗口服务牌"), (Z.WINDOWS,)),
    "staff_badges": (_("工作人员胸牌"), (Z.WINDOWS,)),
    "info_board": (_("信息公开栏"), (Z.GUIDANCE, Z.PUBLICITY)),
    "duty_board": (_("工作人员职责栏"), (Z.WINDOWS,)),
    "whereabouts_board": (_("工作人员去向栏"), (Z.WINDOWS,)),
    "public_toilet": (_("对外开放厕所"), (Z.OTHER,)),
    # 003 四(一)1(4) 便民服务区应配置: 系统配置
    "platform_software": (_("平台和数据库软件"), (Z.EQUIPMENT,)),
    "switch_router": (_("交换机和路由器"), (Z.EQUIPMENT,)),
    "os_software": (_("操作系统软件"), (Z.EQUIPMENT,)),
    "data_server": (_("数据服务器"), (Z.EQUIPMENT,)),
    "server": (_("服务器"), (Z.EQUIPMENT,)),
    "workstation_printer": (_("工作台电脑和打印机"), (Z.WINDOWS,)),
    "barcode_doc_camera": (_("条码扫描器和高拍仪"), (Z.WINDOWS,)),
    "ups": (_("UPS不间断电源"), (Z.EQUIPMENT,)),
    "office_software": (_("办公软件和防毒软件"), (Z.EQUIPMENT,)),
    # 003 辅助设施
    "barrier_free_access": (_("无障碍通道"), (Z.GUIDANCE,)),
    "suggestion_box": (_("书写台/意见箱"), (Z.CONVENIENCE,)),
    "window_rating": (_("窗口评分系统"), (Z.WINDOWS,)),
    "query_touchscreen": (_("可下载打印的查询触摸屏"), (Z.SELF_SERVICE,)),
    "performance_system": (_("社区事务受理绩效评估系统"), (Z.OFFICE,)),
    "internet_desk": (_("自助上网台"), (Z.SELF_SERVICE,)),
    "camera_system": (_("监控与摄像系统"), (Z.EQUIPMENT,)),
    "voice_call": (_("语音呼叫系统"), (Z.WINDOWS,)),
    "drinking_water": (_("饮用水"), (Z.WAITING,)),
    "glasses_magnifier": (_("放大镜和老花镜"), (Z.CONVENIENCE,)),
    "umbrella_stand": (_("雨伞架"), (Z.GUIDANCE,)),
    "print_copy": (_("打印、复印服务"), (Z.CONVENIENCE,)),
    "rest_tables": (_("休息桌椅"), (Z.WAITING,)),
    "left_luggage": (_("寄存物品处"), (Z.GUIDANCE,)),
    "medical_kit": (_("医疗箱"), (Z.EMERGENCY, Z.CONVENIENCE)),
    "emergency_room": (_("应急处理室"), (Z.EMERGENCY,)),
    "brochure_rack": (_("告知/手册陈列架、公报栏"), (Z.GUIDANCE,)),
    "public_phone": (_("公用电话"), (Z.WAITING,)),
    "sorted_bins": (_("分类垃圾箱"), (Z.WAITING,)),
    # 002 二(四) 配置爱心设施设备
    "wheelchair": (_("爱心轮椅"), (Z.GUIDANCE,)),
    "accessible_lift": (_("无障碍电梯"), (Z.OTHER,)),
    "accessible_toilet": (_("无障碍卫生间"), (Z.OTHER,)),
    "call_bell": (_("紧急呼叫铃"), (Z.OTHER,)),
    "medicine_box": (_("便民药箱"), (Z.CONVENIENCE,)),
    "umbrellas": (_("雨伞"), (Z.CONVENIENCE,)),
    "water_dispenser": (_("直饮水机"), (Z.WAITING,)),
    "phone_charging": (_("手机加油站"), (Z.WAITING,)),
    "handheld_magnifier": (_("手持助视器"), (Z.CONVENIENCE,)),
    "electronic_magnifier": (_("电子助视器"), (Z.CONVENIENCE,)),
    "hearing_aid": (_("听觉障碍辅具"), (Z.CONVENIENCE,)),
    "writing_board": (_("文字手写沟通板"), (Z.CONVENIENCE,)),
    "braille_board": (_("盲文签字板"), (Z.CONVENIENCE,)),
    "sofa": (_("沙发"), (Z.NURSING,)),
    "crib": (_("婴儿床"), (Z.NURSING,)),
    "tea_table": (_("茶几"), (Z.NURSING,)),
    "microwave": (_("微波炉"), (Z.NURSING,)),
    "fridge": (_("冰箱"), (Z.NURSING,)),
}


def label(kind: str) -> str:
    found = FACILITIES.get(kind)
    return str(found[0]) if found else kind


def choices_for(zone_kind: str) -> list[tuple[str, str]]:
    """Every kind, those that usually stand in `zone_kind` first."""
    usual = [(k, str(v[0])) for k, v in FACILITIES.items() if zone_kind in v[1]]
    rest = [(k, str(v[0])) for k, v in FACILITIES.items() if zone_kind not in v[1]]
    return usual + rest
