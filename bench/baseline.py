"""The code the uncached figures are compared with, checked out beside the repository.

`make bench` measures the uncached pages of the current code and of a baseline commit in the
same run, alternately, on the same database (decision 0026): on a shared machine a figure from
another day says little, a figure taken a few seconds apart says how much the code changed.

BENCH_BASELINE names the commit (default: the last one before decision 0026's changes);
an empty value measures the current code alone. The checkout is a detached git worktree under
var/bench/baseline-<commit>, made once and reused.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# The commit before the uncached-render work of decision 0026 (issue 11 item 5).
DEFAULT_BASELINE = "d3d5858"


def baseline_commit() -> str:
    return os.environ.get("BENCH_BASELINE", DEFAULT_BASELINE).strip()


def baseline_tree(root: Path, var: Path) -> tuple[Path | None, str]:
    """(checkout of the baseline commit, note): None and the reason when there is none."""
    commit = baseline_commit()
    if not commit:
        return None, "no baseline (BENCH_BASELINE is empty)"
    git = ["git", "-C", str(root)]
    found = subprocess.run(
        [*git, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        return None, f"no baseline: {commit} is not a commit of this repository"
    sha = found.stdout.strip()
    tree = var / f"baseline-{sha[:12]}"
    if not (tree / "cchc" / "wsgi.py").exists():
        subprocess.run([*git, "worktree", "prune"], capture_output=True)
        made = subprocess.run(
            [*git, "worktree", "add", "--detach", str(tree), sha], capture_output=True, text=True
        )
        if made.returncode != 0:
            return None, f"no baseline: git worktree add failed: {made.stderr.strip()[-200:]}"
    return tree, f"baseline {sha[:9]}"
