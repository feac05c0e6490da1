"""Helpers for the integration suites: real `uvicorn` server processes on loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

SERVER_SECRET = "integration-secret-" + "y" * 40
SERVER_ADMIN = "admin"
SERVER_ADMIN_PASSWORD = "admin-password-1"
STARTUP_TIMEOUT = 40.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServerProcess:
    """One `uvicorn gapal.asgi:make_app --factory` child process."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(database_url: str, workdir: Path, name: str) -> ServerProcess:
    """Starts one server process; the caller must `stop()` it (see `server_processes`)."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "GAPAL_DATABASE_URL": database_url,
        "GAPAL_SECRET_KEY": SERVER_SECRET,
        "GAPAL_ADMIN_USERNAME": SERVER_ADMIN,
        "GAPAL_ADMIN_PASSWORD": SERVER_ADMIN_PASSWORD,
        "GAPAL_DATA_DIR": str(workdir),
    }
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "gapal.asgi:make_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    return ServerProcess(process, port, log_path)


def wait_until_healthy(server: ServerProcess, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"server on :{server.port} exited early:\n{server.output()}")
        try:
            answer = httpx.get(f"{server.base_url}/api/health/", timeout=2)
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"server on :{server.port} not healthy in {timeout}s:\n{server.output()}")


@pytest.fixture
def server_processes(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    """A list to which tests append started servers; all are killed at teardown."""
    started: list[ServerProcess] = []
    try:
        yield started
    finally:
        for server in started:
            server.stop()
