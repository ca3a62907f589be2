"""Back office: staff edit abbreviations and synonyms as snippets."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cchc.search.models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Từ đồng nghĩa, viết tắt"
    add_to_admin_menu = False
    list_display = ["term", "kind", "expansions", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["term", "expansions"]
    ordering = ["term_folded"]
    panels = [FieldPanel("kind"), FieldPanel("term"), FieldPanel("expansions")]


register_snippet(SearchSynonymViewSet)
