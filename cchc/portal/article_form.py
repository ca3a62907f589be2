"""The article form of the back office: the unit list of the commune, unit editors file their own.

Apart from the upload forms (cchc.portal.forms) because cchc.portal.models imports it while
Django loads models, when Wagtail's document and image form modules may not be imported yet.
"""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from cchc.communes.access import author_unit, unit_scope
from cchc.communes.models import Unit
from cchc.communes.selectors import commune_for_page


class ArticlePageForm(WagtailAdminPageForm):
    """Article form: the unit list holds only the commune's units; unit editors file their own.

    The unit is what lets a unit editor find their drafts and what reports count per unit, so it
    is set from the author's membership rather than left to a dropdown of every unit in the land.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "unit" not in self.fields:
            return
        where = self.instance if self.instance.pk else self.parent_page
        commune = commune_for_page(where) if where is not None else None
        field = self.fields["unit"]
        field.queryset = Unit.objects.filter(commune=commune) if commune else Unit.objects.none()
        user = self.for_user
        if user is None or commune is None:
            return
        if not self.instance.pk and self.initial.get("unit") is None:
            unit = author_unit(user, commune)
            if unit is not None:
                self.initial["unit"] = unit.pk
        if unit_scope(user, commune) is not None:
            # A disabled field keeps its initial value whatever the POST says.
            field.disabled = True
            field.help_text = "Tin, bài được gắn với đơn vị của bạn."
