"""The organisation page every commune has, in Vietnamese and in English (footer: /en/about/).

Made with the commune (commune_create, so `manage.py commune_add` too) rather than only by the
demo: the footer of every page links it, and a link that exists only where the page happens to
exist would cost a look-up on every render (decision 0018). The text is a true starting point
that the commune's editors complete: the committee, its province and the organisation every
commune has had since the 2025 reorganisation. Contacts are not copied into it: the footer shows
the commune's address, telephone and email as they are now, so the page never holds stale ones.
"""

from __future__ import annotations

from wagtail.models import Locale

from cchc.communes.models import Commune
from cchc.portal.models import StandardPage

SLUG_VI = "gioi-thieu"
SLUG_EN = "about"
PATH_EN = f"/en/{SLUG_EN}/"

TITLE_VI = "Giới thiệu, cơ cấu tổ chức và liên hệ"
BODY_VI = (
    "<p>{committee} là cơ quan hành chính nhà nước ở địa phương, thuộc {province}.</p>"
    "<p>Cơ cấu tổ chức: Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân; Văn phòng HĐND và UBND; "
    "Phòng Văn hóa - Xã hội; Phòng Kinh tế; Trung tâm Phục vụ hành chính công; "
    "Trung tâm Dịch vụ sự nghiệp công.</p>"
    "<p>Địa chỉ, điện thoại và thư điện tử liên hệ ở cuối mỗi trang.</p>"
)
TITLE_EN = "About us: organisation and contacts"
# The official English names of the kinds of commune: "Đức Thọ Commune", "Nguyệt Viên Ward".
KIND_EN = {
    Commune.Kind.COMMUNE: "Commune",
    Commune.Kind.WARD: "Ward",
    Commune.Kind.SPECIAL_ZONE: "Special Zone",
}
BODY_EN = (
    "<p>The People's Committee of {name} is the local state administration of {name}, "
    "{province}.</p>"
    "<p>Organisation: the Chairperson and Vice-Chairpersons of the People's Committee; the "
    "Office of the People's Council and People's Committee; the Culture and Society Office; the "
    "Economic Office; the Public Administration Service Centre (one-stop shop); the Public "
    "Service Centre.</p>"
    "<p>The address, telephone number and email of the People's Committee are at the foot of "
    "every page.</p>"
)


def about_pages_ensure(*, commune: Commune) -> StandardPage:
    """Create (or return) the Vietnamese organisation page and its English translation.

    Idempotent: a commune that has the Vietnamese page keeps it as its editors left it, and gets
    only what is missing (the English home page and the English translation).
    """
    home = commune.root_page.specific
    values = {
        "committee": commune.committee_name,
        "name": f"{commune.name} {KIND_EN.get(commune.kind, '')}".strip(),
        "province": commune.province.name,
    }
    about = StandardPage.objects.child_of(home).filter(slug=SLUG_VI).first()
    if about is None:
        about = StandardPage(title=TITLE_VI, slug=SLUG_VI, body=BODY_VI.format(**values))
        home.add_child(instance=about)
        about.save_revision().publish()
    english, _ = Locale.objects.get_or_create(language_code="en")
    if home.get_translation_or_none(english) is None:
        english_home = home.copy_for_translation(english)
        english_home.title = f"{values['name']} — Portal"
        english_home.save_revision().publish()
    if about.get_translation_or_none(english) is None:
        translated = about.copy_for_translation(english)
        translated.title = TITLE_EN
        translated.slug = SLUG_EN
        translated.body = BODY_EN.format(**values)
        translated.save_revision().publish()
    return about
