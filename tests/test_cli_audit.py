"""`gapal audit verify`: exit code 0 only when the whole chain holds; the first altered event
named; an anchor written down earlier checked; a progress bar. The console script runs once per
backend; the other calls are made in this process."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from projections.seal import audit_seal, last_seal
from tests.conftest import BACKENDS, FAST_PASSWORDS, make_settings
from tests.test_cli import invoke, run

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


def written(database_url: str, folder: Path) -> Gapal:
    """A log of a few users, sealed."""
    gapal = bootstrap(make_settings(database_url, folder), passwords=FAST_PASSWORDS)
    for name in ("admin", "awa", "issa"):
        ensure_admin(gapal, name, "password-123")
    gapal.sealer.catch_up()
    return gapal


def edit(gapal: Gapal, position: int) -> None:
    column = "notification_id" if gapal.db.config.is_postgres else "rowid"
    with gapal.db.writer.begin() as conn:
        conn.execute(sa.text(f"UPDATE {gapal.store.events_table} SET state = :s "
                             f"WHERE {column} = :p"), {"s": b"{}", "p": position})


def test_verify_says_intact_and_exits_0_on_an_untouched_log(database_url: str,
                                                            tmp_path: Path) -> None:
    gapal = written(database_url, tmp_path)
    with gapal.db.reader.connect() as conn:
        position, digest = last_seal(conn) or (0, "")
    gapal.close()
    result = run(["audit", "verify"], tmp_path, database_url=database_url)  # the console script
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Journal intact" in result.stdout
    assert digest in result.stdout.replace("\n", "")
    assert "Vérification du sceau" in result.stdout  # the progress bar's label
    anchored = invoke(["audit", "verify", "--anchor", f"{digest}@{position}"], tmp_path,
                      database_url=database_url)
    assert anchored.returncode == 0, anchored.stdout
    assert "ancre" in anchored.stdout


def test_verify_names_the_edited_event_and_exits_1(database_url: str, tmp_path: Path) -> None:
    gapal = written(database_url, tmp_path)
    edit(gapal, 2)
    gapal.close()
    result = invoke(["audit", "verify"], tmp_path, database_url=database_url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Journal altéré" in result.stdout
    assert "n° 2" in result.stdout
    later = invoke(["audit", "verify", "--from", "3"], tmp_path, database_url=database_url)
    assert later.returncode == 0, later.stdout


def test_an_anchor_catches_a_log_and_seal_rewritten_together(database_url: str,
                                                             tmp_path: Path) -> None:
    gapal = written(database_url, tmp_path)
    with gapal.db.reader.connect() as conn:
        position, digest = last_seal(conn) or (0, "")
    edit(gapal, 1)
    with gapal.db.writer.begin() as conn:  # the forger seals the edited log anew
        conn.execute(audit_seal.delete())
        gapal.sealer.projection.track(conn, 0, None)
    gapal.sealer.catch_up()
    gapal.close()
    assert invoke(["audit", "verify"], tmp_path, database_url=database_url).returncode == 0
    result = invoke(["audit", "verify", "--anchor", f"{digest}@{position}"], tmp_path,
                    database_url=database_url)
    assert result.returncode == 1, result.stdout
    assert f"n° {position}" in result.stdout


def test_a_malformed_anchor_is_refused_in_french(database_url: str, tmp_path: Path) -> None:
    written(database_url, tmp_path).close()
    result = invoke(["audit", "verify", "--anchor", "abc@1"], tmp_path, database_url=database_url)
    assert result.returncode == 2
    assert "HASH@POSITION" in result.stdout
