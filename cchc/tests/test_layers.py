"""The import contracts of decision 0015 hold on the real tree, and catch a reversed import.

`make lint` runs `lint-imports` with the contracts of pyproject.toml; these tests run the same
command on the real tree, then on a copy of the package with one import turned the wrong way, so
a contract that could never fail (a typo in a layer name, an ignore that swallows everything)
would be noticed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.models import get_page_models

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contracts, on the `cchc` package found in `tree`."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copied_tree(tmp_path: Path) -> Path:
    """A copy of the package's Python files (no templates, data or static files)."""
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "cchc",
        tree / "cchc",
        ignore=lambda directory, names: [
            n for n in names if not n.endswith(".py") and not (Path(directory) / n).is_dir()
        ],
    )
    return tree


def append_import(tree: Path, module: str, line: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_tenancy_importing_a_page_model_breaks_the_layers(copied_tree: Path) -> None:
    assert lint_imports(copied_tree).returncode == 0  # the copy itself is clean
    append_import(copied_tree, "cchc.communes.services", "from cchc.portal import models")
    result = lint_imports(copied_tree)
    assert result.returncode == 1
    assert "Apps depend downward only (decision 0015) BROKEN" in result.stdout
    assert "cchc.communes.services -> cchc.portal.models" in result.stdout


def test_statistics_reading_the_search_log_model_break_their_contract(copied_tree: Path) -> None:
    append_import(
        copied_tree, "cchc.analytics.selectors", "from cchc.search.models import SearchQuery"
    )
    result = lint_imports(copied_tree)
    assert result.returncode == 1
    assert "through cchc.search.selectors only BROKEN" in result.stdout


def test_a_django_model_in_the_text_functions_breaks_their_contract(copied_tree: Path) -> None:
    append_import(copied_tree, "cchc.vietnamese.text", "from django.db import models")
    result = lint_imports(copied_tree)
    assert result.returncode == 1
    assert "import no Django, no Wagtail BROKEN" in result.stdout


def test_every_page_type_declares_what_it_counts_as() -> None:
    """A new page type without `statistics_kind` would be counted as "other" without a word."""
    ours = [m for m in get_page_models() if m.__module__.startswith("cchc.")]
    assert ours
    assert [m.__name__ for m in ours if not m.__dict__.get("statistics_kind")] == []
