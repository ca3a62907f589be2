"""Attach each commune's approval workflow to its home page too (see services.workflow_ensure).

Communes created before this had it on the reform section only: a page elsewhere in their tree
went to Wagtail's default workflow, which no commune reviewer can approve.
"""

from django.db import migrations


def attach_to_home_pages(apps, schema_editor) -> None:
    Commune = apps.get_model("communes", "Commune")
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for commune in Commune.objects.exclude(root_page=None):
        home = Page.objects.get(pk=commune.root_page_id)
        if WorkflowPage.objects.filter(page_id=home.pk).exists():
            continue
        on_section = (
            WorkflowPage.objects.filter(
                page__path__startswith=home.path, page__depth=home.depth + 1
            )
            .order_by("page__path")
            .first()
        )
        if on_section is not None:
            WorkflowPage.objects.create(page_id=home.pk, workflow_id=on_section.workflow_id)


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(attach_to_home_pages, migrations.RunPython.noop)]
