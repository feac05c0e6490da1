"""The audit journal says how far the log's seal holds, and an admin verifies it anew."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import Backend, login, shoot

pytestmark = pytest.mark.slow


def test_admin_verifies_the_journal_and_sees_how_far_it_holds(page: Any, server: str,
                                                              backend: Backend) -> None:
    head = backend.call("admin", "GET", "/api/audit/seal/").json()
    login(page, server, "admin")
    page.get_by_role("link", name="Journal d'audit").click()
    page.get_by_text(re.compile(r"Journal (scellé|vérifié) jusqu’à l’événement \d+")).wait_for()
    page.get_by_role("button", name="Vérifier").click()
    verified = re.compile(r"Journal vérifié jusqu’à l’événement (\d+) \(hash ([0-9a-f]{12})…\)")
    line = page.get_by_text(verified)
    line.wait_for()
    position, short = verified.search(line.inner_text()).groups()  # type: ignore[union-attr]
    assert int(position) >= head["position"]
    assert page.get_by_role("button", name="Vérifier").is_enabled()
    finished = backend.call("admin", "GET", "/api/audit/seal/").json()["last_verification"]
    assert (finished["position"], finished["hash"][:12]) == (int(position), short)
    shoot(page, "journal-sceau-verifie")
