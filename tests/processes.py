"""Helpers for tests that run real processes: free ports, `gapal serve --demo`, Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
GAPAL = str(Path(sys.executable).with_name("gapal"))
CHROMIUM = os.environ.get("GAPAL_CHROMIUM", "/usr/bin/chromium")
SECURITY_HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
                    "referrer-policy": "no-referrer"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(reason: str) -> None:
    """Under CI what a test needs must be there (a failure); on a laptop the test skips."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true)")
    pytest.skip(reason)


def refused_by_policy(context: Any, refused: list[str] | None = None) -> list[str]:
    """What the Content-Security-Policy of the context's pages refuses (Chromium logs it),
    added to `refused` (a new list if none)."""
    refused = [] if refused is None else refused
    context.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
    return refused


def first_script(base: str, page: str) -> str:
    """The path of the first script `page` loads."""
    found = re.search(r'src="(/[^"]+\.js)"', httpx.get(f"{base}{page}", timeout=10).text)
    assert found is not None
    return found.group(1)


def assert_security_headers(base: str, paths: list[str], policy: str) -> None:
    """Each path answers with `policy` and the other security headers, once each."""
    for path in paths:
        answer = httpx.get(f"{base}{path}", timeout=10)
        assert answer.status_code == 200, path
        assert answer.headers.get_list("content-security-policy") == [policy], path
        got = {name: answer.headers.get_list(name) for name in SECURITY_HEADERS}
        assert got == {name: [value] for name, value in SECURITY_HEADERS.items()}, path


def require_chromium() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing(f"Chromium introuvable ({CHROMIUM}) : apt-get install -y chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def demo_server(folder: Path, secret: str) -> Iterator[str]:
    """A `gapal serve --demo` on a free port and an SQLite file in `folder`; yields its URL."""
    port = free_port()
    env = {**os.environ, "GAPAL_DATABASE_URL": f"sqlite:///{folder / 'gapal.db'}",
           "GAPAL_DATA_DIR": str(folder), "GAPAL_SECRET_KEY": secret + "-" + "x" * 40}
    log_path = folder / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([GAPAL, "serve", "--demo", "--port", str(port)], cwd=folder,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path,
                       timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if client.get("/api/health/").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)  # still starting: only the socket can tell
    pytest.fail(f"gapal serve n'a pas démarré :\n{log.read_text()[-2000:]}")
