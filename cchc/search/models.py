"""Search: an inverted index of each commune's public content, staff-edited synonyms, query log.

Why an index of our own instead of LIKE or a search service: a LIKE scan of 20,000 rows per
query is too slow, and SQLite FTS5 and PostgreSQL full-text rank and stem differently, neither
folds đ, and neither knows Vietnamese abbreviations. Plain tables work the same on both
databases: `SearchEntry` is one searchable thing, `SearchTerm` its words (postings),
`SearchVocabulary` the distinct words of a commune (for typo correction).
"""

from __future__ import annotations

from django.db import models

from cchc.vietnamese import fold

TERM_MAX_LENGTH = 64


class SearchEntry(models.Model):
    """One searchable item of one commune: a live public page or a procedure."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", "Thủ tục hành chính"
        ARTICLE = "article", "Tin, bài"
        DOCUMENT = "document", "Văn bản chỉ đạo"
        GUIDE = "guide", "Hướng dẫn"

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", verbose_name="xã, phường"
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    # Exactly one of page / procedure is set. CASCADE: deleting the source removes its entry
    # and, through SearchTerm.entry, its postings, even for queryset deletes.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("tiêu đề", max_length=600)
    code = models.CharField("mã thủ tục", max_length=40, blank=True)
    # Procedures' URLs are fixed by their code; pages' URLs are read from the page at query
    # time (a parent's slug may change without this page being published again).
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    # head: title and short descriptive fields, used for phrase ranking; body: the full plain
    # text, used for snippets. Both NFC, as written (with diacritics).
    head = models.TextField("tiêu đề và tóm tắt")
    body = models.TextField("nội dung", blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mục chỉ mục tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm"
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(page__isnull=False), name="search_entry_page"
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(procedure__isnull=False),
                name="search_entry_procedure",
            ),
        ]
        indexes = [models.Index(fields=["commune", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SearchTerm(models.Model):
    """A posting: `term` occurs in `entry`. Terms are folded words ("dang") and, for words
    written with diacritics, also the exact word ("đăng") so exact spellings can rank first.

    `weight` is the best field the term occurs in: 4 title, 2 short fields, 1 body.
    """

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    term = models.CharField(max_length=TERM_MAX_LENGTH)
    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="terms", db_index=False
    )
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = "từ trong chỉ mục"
        verbose_name_plural = "từ trong chỉ mục"
        indexes = [
            # Candidate search: a term's postings, best field first, newest first; covering,
            # so ranking never touches the table itself.
            models.Index(fields=["commune", "term", "weight", "entry"], name="search_term_lookup"),
            # Checking given entries for given terms; also serves the cascade on entry delete.
            models.Index(fields=["entry", "term"], name="search_term_entry"),
        ]

    def __str__(self) -> str:
        return self.term


class SearchVocabulary(models.Model):
    """Distinct folded words of a commune's index: the dictionary typos are corrected against.

    Rows are added as content is indexed and never removed on unindexing (a stale word only
    makes a typo correction find nothing); `search_reindex` rebuilds the list.
    """

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    term = models.CharField(max_length=TERM_MAX_LENGTH)
    # How many entries contain the term: exact after search_reindex, then only ever increased
    # (an over-estimate only costs a little extra checking, see selectors.rank_candidates).
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "từ vựng tìm kiếm"
        verbose_name_plural = "từ vựng tìm kiếm"
        constraints = [
            models.UniqueConstraint(fields=["commune", "term"], name="search_vocabulary_unique")
        ]

    def __str__(self) -> str:
        return self.term


class SearchSynonym(models.Model):
    """An abbreviation or an everyday phrase and the official terms it should also find.

    Edited by staff in the back office (Đoạn mã → Từ đồng nghĩa, viết tắt). Applies to every
    commune of the installation.
    """

    class Kind(models.TextChoices):
        ABBREVIATION = "abbreviation", "Chữ viết tắt"
        SYNONYM = "synonym", "Từ thông dụng, đồng nghĩa"

    kind = models.CharField(
        "loại",
        max_length=12,
        choices=Kind.choices,
        default=Kind.SYNONYM,
        help_text=(
            "Chữ viết tắt tìm theo cả hai chiều (gõ “ubnd” tìm được “ủy ban nhân dân” và "
            "ngược lại); từ thông dụng chỉ tìm theo một chiều (gõ “sổ đỏ” tìm được "
            "“giấy chứng nhận quyền sử dụng đất”)."
        ),
    )
    term = models.CharField(
        "từ người dân gõ",
        max_length=100,
        help_text="Ví dụ: cccd, sổ đỏ, hộ khẩu. Có dấu hay không dấu đều được.",
    )
    expansions = models.TextField(
        "tìm thêm các cụm từ",
        help_text="Mỗi dòng một cụm từ chính thức, ví dụ: giấy chứng nhận quyền sử dụng đất",
    )
    term_folded = models.CharField(max_length=100, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "từ đồng nghĩa, viết tắt"
        verbose_name_plural = "từ đồng nghĩa, viết tắt"
        ordering = ["term_folded"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs) -> None:
        # Kept in step with `term` so lookups compare folded forms.
        self.term_folded = " ".join(fold(self.term).split())
        super().save(*args, **kwargs)

    @property
    def expansion_list(self) -> list[str]:
        parts = self.expansions.replace(";", "\n").splitlines()
        return [p.strip() for p in parts if p.strip()]


class SearchQuery(models.Model):
    """One search as typed, folded, for the statistics of what citizens look for.

    Deliberately no IP address, user agent, session or user: only the words (long digit runs
    such as phone or ID numbers and e-mail addresses masked), how many results they found and
    the visitor's daily hash. Raw rows are kept for CCHC_ANALYTICS_RAW_DAYS only (pruned with
    the raw view events), and a query is listed to staff only once several different visitors
    typed it, so a name typed by one person never shows (docs/decisions/0008).
    """

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", verbose_name="xã, phường"
    )
    text = models.CharField("từ khóa (không dấu)", max_length=200)
    result_count = models.PositiveIntegerField("số kết quả")
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    # The daily-salted visitor hash of cchc.analytics (unlinkable once the day's salt is
    # deleted): only ever counted, never shown. "" when unknown (searches logged before).
    visitor = models.CharField(
        "khách (mã băm theo ngày)", max_length=16, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = "lượt tìm kiếm"
        verbose_name_plural = "lượt tìm kiếm"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["commune", "created_at"])]

    def __str__(self) -> str:
        return self.text
