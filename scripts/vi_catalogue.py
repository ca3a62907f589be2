"""List the Wagtail strings the back office would show in English (a dev tool; needs polib).

    uv run --frozen python scripts/vi_catalogue.py django   > /tmp/thieu.po
    uv run --frozen python scripts/vi_catalogue.py djangojs > /tmp/thieu-js.po

Writes a .po of every msgid of Wagtail's English catalogues (`wagtail/**/locale/en/LC_MESSAGES`)
that the Vietnamese catalogue Django serves (Wagtail's `vi` merged with cchc/locale) does not
translate, with Wagtail's source references and flags and an empty msgstr. Translate it following
docs/vi/thuat-ngu-quan-tri.md, then append and compile:

    msgcat --use-first cchc/locale/vi/LC_MESSAGES/django.po /tmp/thieu.po -o /tmp/moi.po
    mv /tmp/moi.po cchc/locale/vi/LC_MESSAGES/django.po
    msgfmt --check -o cchc/locale/vi/LC_MESSAGES/django.mo cchc/locale/vi/LC_MESSAGES/django.po

cchc/tests/test_translation_coverage.py measures the same thing and fails below 95 %.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_DEMO", "1")

import django

django.setup()

import polib  # noqa: E402
import wagtail  # noqa: E402
from django.utils.translation.trans_real import DjangoTranslation  # noqa: E402
from django.views.i18n import JavaScriptCatalog  # noqa: E402

WAGTAIL = Path(wagtail.__file__).parent


def served(domain: str) -> DjangoTranslation:
    if domain == "django":
        return DjangoTranslation("vi")
    paths = JavaScriptCatalog().get_paths(["wagtail.admin"])  # as Wagtail's jsi18n view does
    return DjangoTranslation("vi", domain=domain, localedirs=paths)


def missing(domain: str) -> polib.POFile:
    catalogue = served(domain)._catalog
    out = polib.POFile(wrapwidth=0)
    out.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"}
    out.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    seen: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in sorted(WAGTAIL.rglob(f"locale/en/LC_MESSAGES/{domain}.po")):
        prefix = path.parents[3].relative_to(WAGTAIL.parent).as_posix() + "/"
        for entry in polib.pofile(str(path)):
            key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
            if entry.obsolete or catalogue.get((key, 0) if entry.msgid_plural else key):
                continue
            refs = [(prefix + file, line) for file, line in entry.occurrences]
            if (entry.msgctxt, entry.msgid) in seen:
                seen[(entry.msgctxt, entry.msgid)].occurrences += refs
                continue
            new = polib.POEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                flags=list(entry.flags),
                occurrences=refs,
            )
            if entry.msgid_plural:
                new.msgstr_plural = {0: ""}
            seen[(entry.msgctxt, entry.msgid)] = new
            out.append(new)
    return out


if __name__ == "__main__":
    domain = sys.argv[1] if len(sys.argv) > 1 else "django"
    if domain not in ("django", "djangojs"):
        sys.exit("usage: vi_catalogue.py [django|djangojs]")
    result = missing(domain)
    sys.stdout.write(str(result) + "\n")
    print(f"{len(result)} untranslated {domain} strings", file=sys.stderr)
