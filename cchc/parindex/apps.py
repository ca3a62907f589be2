from django.apps import AppConfig


class ParIndexConfig(AppConfig):
    """PAR Index self-assessment, communication criterion, and its evidence pack (issue 12
    item 5)."""

    name = "cchc.parindex"
    label = "parindex"
    verbose_name = "Chỉ số CCHC"
