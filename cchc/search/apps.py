from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cchc.search"
    label = "cchc_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from cchc.search import signals  # noqa: F401
