"""Setting up: installing the front ends' packages leaves the checkout as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.processes import IN_CI

ROOT = Path(__file__).resolve().parent.parent
LOCKS = [ROOT / "web" / "package-lock.json", ROOT / "mobile" / "package-lock.json"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None and not IN_CI, reason="npm absent")
def test_installing_the_front_ends_packages_does_not_rewrite_their_lock_files() -> None:
    before = {lock: lock.read_bytes() for lock in LOCKS}
    try:
        subprocess.run(["make", "-B", "web/node_modules/.installed",
                        "mobile/node_modules/.installed"], cwd=ROOT, check=True,
                       capture_output=True, timeout=600)
        changed = [lock.relative_to(ROOT) for lock in LOCKS if lock.read_bytes() != before[lock]]
        assert changed == []
    finally:
        for lock, text in before.items():
            lock.write_bytes(text)
