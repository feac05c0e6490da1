"""axe-core, from a front end's npm devDependencies, run in a Playwright page: what it finds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.processes import missing

ROOT = Path(__file__).resolve().parent.parent


def axe_source_of(front_end: str) -> str:
    """`axe.min.js` of `web` or `mobile`; absent, the test fails under CI and skips elsewhere."""
    axe = ROOT / front_end / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        missing(f"axe-core absent : cd {front_end} && npm install")
    return axe.read_text(encoding="utf-8")


def violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's violations on the page as it is (WCAG 2.x A and AA, and best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)  # evaluated by the driver: the page's CSP does not apply
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + json.dumps([n["target"] for n in v["nodes"]][:5]) for v in found]
