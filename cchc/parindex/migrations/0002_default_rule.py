"""The default rule, as published by Xuân Lộc (Đồng Nai), CV 244/PNV 2022: «Thực hiện tuyên
truyền về CCHC», 2 points. The data is written out here (not imported from the app) so the
migration keeps meaning what it meant when a later version of the rule changes."""

from decimal import Decimal

from django.db import migrations

TITLE = "Thực hiện tuyên truyền về cải cách hành chính"
SOURCE = "Công văn số 244/PNV năm 2022 của Phòng Nội vụ huyện Xuân Lộc (Đồng Nai)"
PARTS = [
    {
        "key": "hoan-thanh-ke-hoach",
        "label": "a) Mức độ hoàn thành kế hoạch tuyên truyền CCHC",
        "max_points": "1",
        "method": "plan_completion",
        "params": {"proportional_from": 0.9},
    },
    {
        "key": "da-dang-hinh-thuc",
        "label": "b) Đa dạng hóa hình thức tuyên truyền",
        "max_points": "1",
        "method": "forms_present",
        "params": {
            "groups": [
                {
                    "label": "Trực tuyến: bảng điện tử, màn hình điện tử",
                    "channels": ["screen"],
                    "points": 0.25,
                },
                {
                    "label": "Trực tuyến: trang thông tin điện tử, mạng xã hội",
                    "channels": ["portal", "social"],
                    "points": 0.25,
                },
                {
                    "label": "Truyền thống: hội nghị, tờ rơi, phát thanh, pano, hội thi, đối thoại",
                    "channels": ["conference", "leaflet", "radio", "visual", "contest", "dialogue"],
                    "points": 0.5,
                },
            ]
        },
    },
]


def create_default(apps, schema_editor):
    RuleSet = apps.get_model("parindex", "RuleSet")
    Criterion = apps.get_model("parindex", "Criterion")
    SubCriterion = apps.get_model("parindex", "SubCriterion")
    if RuleSet.objects.filter(province__isnull=True, year=2022).exists():
        return
    rule_set = RuleSet.objects.create(province=None, year=2022, title=TITLE, source=SOURCE)
    criterion = Criterion.objects.create(
        rule_set=rule_set,
        position=1,
        key="tuyen-truyen-cchc",
        label="Thực hiện tuyên truyền về CCHC",
        max_points=Decimal("2"),
    )
    for position, part in enumerate(PARTS, start=1):
        SubCriterion.objects.create(
            criterion=criterion,
            position=position,
            key=part["key"],
            label=part["label"],
            max_points=Decimal(part["max_points"]),
            method=part["method"],
            params=part["params"],
        )


def remove_default(apps, schema_editor):
    apps.get_model("parindex", "RuleSet").objects.filter(province__isnull=True, year=2022).delete()


class Migration(migrations.Migration):
    dependencies = [("parindex", "0001_initial")]

    operations = [migrations.RunPython(create_default, remove_default)]
