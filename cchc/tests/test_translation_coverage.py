"""Every Wagtail screen in Vietnamese (issue 10, item 5).

Wagtail's English catalogues (`wagtail/**/locale/en/LC_MESSAGES/django.po` and `djangojs.po`) list
every string its admin can show. Each is looked up in the catalogue Django actually serves in
Vietnamese: Wagtail's own `vi` catalogues merged with the project's `cchc/locale/vi` (LOCALE_PATHS,
which wins), and for the JavaScript strings the catalogue Wagtail's `jsi18n` view builds. The
project catalogue, its glossary and how to extend it: docs/vi/thuat-ngu-quan-tri.md.
"""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.urls import reverse
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from cchc.communes.models import Membership
from cchc.communes.services import membership_grant

THRESHOLD = 95.0
WAGTAIL = Path(wagtail.__file__).parent
PROJECT = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")


def english_entries() -> dict[tuple[str, str | None, str], polib.POEntry]:
    """Wagtail's msgids, once each per domain (the same msgid in two apps is one string)."""
    entries: dict[tuple[str, str | None, str], polib.POEntry] = {}
    for path in sorted(WAGTAIL.rglob("locale/en/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                entries.setdefault((path.stem, entry.msgctxt, entry.msgid), entry)
    return entries


def served_catalogues() -> dict[str, DjangoTranslation]:
    """What Django serves in Vietnamese: the `django` domain, and the JavaScript catalogue exactly
    as Wagtail's view builds it (`JavaScriptCatalog.as_view(packages=["wagtail.admin"])`)."""
    js_paths = JavaScriptCatalog().get_paths(["wagtail.admin"])
    return {
        "django": DjangoTranslation("vi"),
        "djangojs": DjangoTranslation("vi", domain="djangojs", localedirs=js_paths),
    }


def catalogue_key(entry: polib.POEntry) -> str | tuple[str, int]:
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return (key, 0) if entry.msgid_plural else key


def is_translated(translation: DjangoTranslation, entry: polib.POEntry) -> bool:
    # The merged catalogue itself: gettext() cannot tell "translated as itself" ("Wagtail API v2")
    # from "missing".
    try:
        return bool(translation._catalog[catalogue_key(entry)])
    except KeyError:
        return False


def coverage() -> tuple[dict[str, tuple[int, int]], list[str]]:
    catalogues = served_catalogues()
    counts = {domain: [0, 0] for domain in DOMAINS}
    missing = []
    for (domain, _ctx, msgid), entry in english_entries().items():
        counts[domain][1] += 1
        if is_translated(catalogues[domain], entry):
            counts[domain][0] += 1
        else:
            missing.append(f"{domain}: {msgid!r}")
    return {d: (done, total) for d, (done, total) in counts.items()}, missing


def percent(done: int, total: int) -> float:
    return 100.0 * done / total


def test_at_least_95_percent_of_wagtails_admin_strings_are_in_vietnamese() -> None:
    counts, missing = coverage()
    done = sum(d for d, _ in counts.values())
    total = sum(t for _, t in counts.values())
    print(
        f"\nWagtail admin strings in Vietnamese: {done}/{total} = {percent(done, total):.1f} % "
        + " ".join(f"({d}: {c[0]}/{c[1]})" for d, c in counts.items())
    )
    shown = "\n".join(missing[:40])
    assert percent(done, total) >= THRESHOLD, f"untranslated ({len(missing)}):\n{shown}"
    # The JavaScript strings (rich-text editor, minimap, comments, autosave) on their own too.
    assert percent(*counts["djangojs"]) >= THRESHOLD, f"untranslated:\n{shown}"


def project_entries(domain: str) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PROJECT / f"{domain}.po")) if e.translated()]


def msgstr_of(entry: polib.POEntry) -> str:
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder_and_tag(domain: str) -> None:
    # Vietnamese has one plural form (msgstr[0] serves every count), so it is written from the
    # English plural. A lost %(name)s shows nothing, a foreign one raises KeyError, a lost tag
    # breaks the page: the same check as `msgfmt --check`, plus the HTML.
    wrong = []
    for entry in project_entries(domain):
        source = entry.msgid_plural or entry.msgid
        text = msgstr_of(entry)
        for pattern in (PLACEHOLDER, TAG):
            if sorted(pattern.findall(source)) != sorted(pattern.findall(text)):
                wrong.append(f"{source!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_compiled_from_the_po(domain: str) -> None:
    # Django reads only the .mo: a .po edited without `msgfmt` changes nothing on screen.
    with open(PROJECT / f"{domain}.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    entries = project_entries(domain)
    stale = [e.msgid for e in entries if catalogue.get(catalogue_key(e)) != msgstr_of(e)]
    assert not stale, f"recompile {domain}.mo (msgfmt --check -o {domain}.mo {domain}.po): {stale}"
    assert len([key for key in catalogue if key != ""]) == len(entries)


# Renderings the glossary (docs/vi/thuat-ngu-quan-tri.md) replaced: none may come back, from
# Wagtail's own `vi` catalogues or from ours.
REJECTED = {
    r"luồng công việc": "workflow = quy trình duyệt",
    r"\bxoá": "one spelling: xóa",
    r"bình luận": "comment = góp ý",
    r"hình ảnh": "image = ảnh",
    r"trang web": "site = cổng thông tin",
    r"\bđăng\b(?! (nhập|xuất|ký))": "publish = xuất bản",
    r"phê duyệt": "approve = duyệt",
    r"chỉnh sửa": "edit = sửa",
    r"\b(files?|e-?mail|url|snippets?|workflows?|pages?|images?|documents?|drafts?)\b": "English",
}


def test_the_glossary_is_applied_to_every_served_translation() -> None:
    catalogues = served_catalogues()
    found = []
    for (domain, _ctx, msgid), entry in english_entries().items():
        if not is_translated(catalogues[domain], entry):
            continue
        text = catalogues[domain]._catalog[catalogue_key(entry)]
        words = TAG.sub("", PLACEHOLDER.sub("", text))
        found += [
            f"{msgid!r} → {text!r} ({why})"
            for pattern, why in REJECTED.items()
            if re.search(pattern, words, re.IGNORECASE)
        ]
    assert not found, "\n".join(found)


HOST_A = "duc-tho.localhost"


def visible_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_sign_in_page_speaks_vietnamese_with_a_whole_placeholder(client_a) -> None:
    page = visible_text(client_a.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="en"))
    # The username's own name was "Tên đăng nhập" (Django's capitalised msgstr for the lowercase
    # msgid "username") and Wagtail's vi msgstr had no space before "của bạn".
    assert 'placeholder="Nhập tên đăng nhập của bạn"' in page
    assert "Nhập Tên đăng nhậpcủa bạn" not in page
    assert 'placeholder="Nhập mật khẩu"' in page
    for english in ("Sign in to Wagtail", "Forgotten password?", "Enter password"):
        assert english not in page


def test_wagtails_javascript_catalogue_serves_the_project_translations(client_a) -> None:
    script = client_a.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    # The catalogue is JSON with \uXXXX escapes.
    script = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), script)
    assert "Thu gọn tất cả" in script  # "Collapse all": in no Wagtail vi catalogue
    assert "Gõ nội dung hoặc gõ ‘/’ để chèn khối" in script  # the rich-text editor's prompt
    assert "Cài đặt" in script  # "Settings": the project's rendering wins over Wagtail's vi
    assert "Tùy chỉnh" not in script


# English phrases Wagtail shows; a back-office page must contain none (an English phrase that is
# also its own translation, like "Wagtail API v2", is left out).
def english_phrases() -> set[str]:
    catalogues = served_catalogues()
    phrases = set()
    for (domain, _ctx, msgid), entry in english_entries().items():
        if PLACEHOLDER.search(msgid) or "<" in msgid or len(msgid.split()) < 2:
            continue
        if is_translated(catalogues[domain], entry):
            if catalogues[domain]._catalog[catalogue_key(entry)] == msgid:
                continue
        phrases.add(msgid.strip())
    return phrases


@pytest.fixture
def coordinator_a(django_user_model, commune_a):
    user = django_user_model.objects.create_user("dieu-phoi-a", password="x")
    membership_grant(user=user, role=Membership.Role.COORDINATOR, commune=commune_a)
    return user


@pytest.mark.django_db
def test_the_main_staff_pages_show_no_english_phrase_of_wagtails(
    client, commune_a, coordinator_a
) -> None:
    from cchc.portal.models import ArticleIndexPage

    client.force_login(coordinator_a)
    news = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=(commune_a.root_page.id,)),
        reverse("wagtailadmin_explore", args=(news.id,)),
        reverse("wagtailadmin_pages:add", args=("portal", "articlepage", news.id)),
        reverse("wagtailadmin_pages:edit", args=(news.id,)),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_account"),
    ]
    phrases = english_phrases()
    seen = []
    for url in urls:
        response = client.get(url, HTTP_HOST=HOST_A, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        text = visible_text(response)
        seen += [
            f"{url}: {phrase!r}"
            for phrase in phrases
            if phrase in text  # cheap first, then whole words only
            and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
        ]
    assert not seen, "\n".join(sorted(seen))
