"""The pages of a demo commune's portal, as the traffic generator visits them.

`portal_of` lists the live pages of a commune's site (in its own locale), its topics and its
procedures, tagged with the real `tag_for` and `note_route` so that page ids, kinds, topics
and section membership are those of live views; `Portal.pick` chooses a page by the weights of
its group (what a visitor lands on by channel, where they go next), the most searched-for
procedures weighing more than the long tail of the catalogue.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.http.request import validate_host
from django.test import RequestFactory
from wagtail.models import Page, Site

from cchc.communes.models import Commune
from cchc.pages.viewtag import ViewTag, note_route, tag_for
from cchc.portal.models import Topic
from cchc.procedures.models import Procedure

# Which kind of page a visitor lands on, by channel; and where they go next on the portal.
LANDING: dict[str, dict[str, float]] = {
    "search": {"procedure": 55, "guide": 12, "article": 10, "section": 8, "home": 8,
               "document": 4, "hotline": 3},
    "zalo": {"article": 35, "document": 12, "procedure": 18, "guide": 12, "section": 15,
             "home": 5, "media": 3},
    "facebook": {"article": 40, "document": 8, "procedure": 15, "guide": 10, "section": 12,
                 "home": 5, "media": 10},
    "youtube": {"media": 60, "guide": 25, "section": 15},
    "direct": {"home": 45, "section": 35, "procedure_list": 10, "procedure": 5, "hotline": 5},
    "other": {"procedure": 35, "document": 20, "article": 20, "section": 15, "guide": 10},
}  # fmt: skip
NEXT: dict[str, float] = {
    "section": 16, "procedure_list": 10, "procedure": 30, "article_index": 4, "article": 12,
    "topic": 4, "guide_index": 2, "guide": 7, "document_index": 3, "document": 4,
    "media_index": 1, "media": 2, "hotline": 3, "home": 5, "other": 1,
}  # fmt: skip

# Procedures citizens look for most (codes of the national catalogue), and their weight; every
# other procedure of the catalogue shares the long tail.
POPULAR_PROCEDURES = {
    "1.001193": 30,  # đăng ký khai sinh
    "1.000894": 14,  # đăng ký kết hôn
    "1.004873": 12,  # xác nhận tình trạng hôn nhân
    "2.000815": 12,  # chứng thực bản sao từ bản chính
    "1.004222": 12,  # đăng ký thường trú
    "2.000635": 8,  # bản sao trích lục hộ tịch, bản sao giấy khai sinh
    "1.004194": 6,  # đăng ký tạm trú
    "1.000656": 6,  # đăng ký khai tử
    "2.000884": 6,  # chứng thực chữ ký
    "1.014061": 5,  # cấp thẻ căn cước
    "1.004884": 4,  # đăng ký lại khai sinh
    "2.001035": 4,  # chứng thực giao dịch về đất, nhà ở
}
LONG_TAIL_WEIGHT = 0.12

# --- the pages of a commune --------------------------------------------------------------


@dataclass
class Target:
    group: str
    tag: ViewTag
    path: str
    weight: float = 1.0


@dataclass
class Portal:
    """What can be visited on one commune's portal, tagged as its responses are tagged."""

    commune: Commune
    host: str
    groups: dict[str, list[Target]] = field(default_factory=dict)
    by_key: dict[str, Target] = field(default_factory=dict)
    _choices: dict[str, tuple[list[Target], list[float]]] = field(default_factory=dict)

    def add(self, target: Target, key: str = "") -> None:
        self.groups.setdefault(target.group, []).append(target)
        if key:
            self.by_key[key] = target

    def pick(self, rng: random.Random, weights: dict[str, float]) -> Target:
        key = id(weights)
        if key not in self._choices:
            # One flat list: a group's weight is shared by its pages by their own weights.
            targets, cumulative, total = [], [], 0.0
            for group, weight in weights.items():
                members = self.groups.get(group)
                if not members:
                    continue
                inner = sum(t.weight for t in members)
                for t in members:
                    total += weight * t.weight / inner
                    targets.append(t)
                    cumulative.append(total)
            self._choices[key] = (targets, cumulative)
        targets, cumulative = self._choices[key]
        return targets[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _relative(page: Page, root: Page) -> str:
    return "/" + (page.url_path or "")[len(root.url_path or "/") :]


def _host_of(commune: Commune) -> str:
    hosts = list(
        Site.objects.filter(root_page_id=commune.root_page_id).values_list("hostname", flat=True)
    )
    preferred = [f"{commune.slug}.localhost", *sorted(hosts)]
    for host in preferred:
        if host in hosts and validate_host(host, settings.ALLOWED_HOSTS):
            return host
    raise RuntimeError(f"{commune.slug}: no host name of its site is in ALLOWED_HOSTS")


# Kinds of page that are a group of their own for the visitors' choices; the rest is "other".
GROUPS = {
    "home", "section", "article_index", "article", "guide_index", "guide", "document_index",
    "document", "media_index", "media", "hotline", "procedure_list",
}  # fmt: skip


def portal_of(commune: Commune, factory: RequestFactory) -> Portal:
    root = commune.root_page
    portal = Portal(commune=commune, host=_host_of(commune))
    section = procedure_index = None
    for page in Page.objects.descendant_of(root, inclusive=True).live().specific():
        if page.locale_id != root.locale_id:
            continue  # translations (the English about page) stay out of the demo's traffic
        path = _relative(page, root)
        tag = tag_for(page, factory.get(path))
        group = tag.kind if tag.kind in GROUPS else "other"
        # Newer and first-listed articles are read more: the first ones weigh more.
        weight = 1.0 / (1 + 0.25 * len(portal.groups.get(group, ()))) if group == "article" else 1
        portal.add(Target(group, tag, path, weight), key=page.slug)
        if tag.kind == "section":
            section = page
        elif tag.kind == "procedure_list":
            procedure_index = page
    if section is not None:
        base = _relative(section, root)
        for topic in Topic.objects.all():
            request = factory.get(f"{base}chu-de/{topic.slug}/")
            note_route(request, "topic", object_key=topic.slug, topics=str(topic.pk))
            portal.add(Target("topic", tag_for(section, request), request.path))
    if procedure_index is not None:
        base = _relative(procedure_index, root)
        codes = Procedure.objects.filter(commune=commune).values_list("code", flat=True)
        for code in codes:
            request = factory.get(f"{base}{code}/")
            note_route(request, "procedure", object_key=code)
            weight = POPULAR_PROCEDURES.get(code, LONG_TAIL_WEIGHT)
            portal.add(
                Target("procedure", tag_for(procedure_index, request), request.path, weight), code
            )
    return portal
