"""The production topology on loopback, without Docker: the machine's PostgreSQL and Redis,
two API processes behind Debian's nginx, and one projector worker.

    python deploy/topology.py            # runs until Ctrl+C, printing the URLs
    from deploy.topology import Topology # tests drive it (kill the worker, an API process...)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("GAPAL_TOPOLOGY_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("GAPAL_TOPOLOGY_REDIS", "redis://127.0.0.1:6379/0")
ADMIN = ("admin", "topologie-admin-1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Topology:
    """Starts and stops the processes; each topology gets its own PostgreSQL schema."""

    def __init__(self, api_count: int = 2, database_url: str | None = None) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="gapal-topology-"))
        self.schema = f"topo_{uuid.uuid4().hex[:10]}"
        self.database_url = database_url or f"{PG_URL}?schema={self.schema}"
        self.api_ports = [free_port() for _ in range(api_count)]
        self.nginx_port = free_port()
        self.apis: list[subprocess.Popen[bytes] | None] = [None] * api_count
        self.worker: subprocess.Popen[bytes] | None = None
        self.nginx: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "GAPAL_DATABASE_URL": self.database_url,
                "GAPAL_REDIS_URL": REDIS_URL, "GAPAL_SECRET_KEY": "topologie-" + "k" * 40,
                "GAPAL_CREATE_TABLES": "false", "GAPAL_DATA_DIR": str(self.workdir),
                "GAPAL_TRUSTED_PROXIES": "127.0.0.1"}  # nginx names the client

    def api_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.api_ports[index]}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def start(self) -> Topology:
        self._run([str(BIN / "gapal"), "migrate"], {"GAPAL_CREATE_TABLES": "true",
                                                     "GAPAL_ADMIN_USERNAME": ADMIN[0],
                                                     "GAPAL_ADMIN_PASSWORD": ADMIN[1]})
        self._run([str(BIN / "gapal"), "users", "create", ADMIN[0], "--role", "admin"], {},
                  stdin=f"{ADMIN[1]}\n{ADMIN[1]}\n", check=False)
        self.start_worker()
        for index in range(len(self.api_ports)):
            self.start_api(index)
        self._start_nginx()
        for index in range(len(self.api_ports)):
            wait_healthy(self.api_url(index))
        wait_healthy(self.url)
        return self

    def start_api(self, index: int) -> None:
        self.apis[index] = self._spawn(
            [str(BIN / "uvicorn"), "gapal.asgi:make_app", "--factory", "--host", "127.0.0.1",
             "--port", str(self.api_ports[index]), "--log-level", "warning"],
            {"GAPAL_RUN_PROJECTOR": "false"}, f"api{index}")

    def start_worker(self) -> None:
        self.worker = self._spawn([str(BIN / "gapal"), "worker"], {}, "worker")

    def kill_worker(self) -> None:
        kill(self.worker, signal.SIGKILL)

    def kill_api(self, index: int) -> None:
        kill(self.apis[index], signal.SIGKILL)

    def stop(self) -> None:
        for process in [self.nginx, self.worker, *self.apis]:
            kill(process, signal.SIGTERM)
        if self.database_url.endswith(self.schema):
            drop_schema(self.schema)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Topology:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def _start_nginx(self) -> None:
        static = self.workdir / "static"
        static.mkdir()
        self.workdir.chmod(0o711)  # started as root, nginx reads files as `nobody`: let it pass
        for source, target in ((ROOT / "web" / "out", static / "web"),
                               (ROOT / "mobile" / "dist", static / "mobile")):
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                target.mkdir()
        site = subprocess.run(
            [str(ROOT / "deploy" / "render-nginx"), f"127.0.0.1:{self.nginx_port}", str(static),
             *[f"127.0.0.1:{port}" for port in self.api_ports]],
            capture_output=True, text=True, check=True).stdout
        conf = self.workdir / "nginx.conf"
        temp = self.workdir / "nginx-temp"
        temp.mkdir()
        conf.write_text(
            f"daemon off;\nworker_processes 1;\npid {self.workdir}/nginx.pid;\n"
            f"error_log {self.workdir}/nginx-error.log warn;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
            f" client_body_temp_path {temp}/body;\n proxy_temp_path {temp}/proxy;\n"
            f" fastcgi_temp_path {temp}/fcgi;\n uwsgi_temp_path {temp}/uwsgi;\n"
            f" scgi_temp_path {temp}/scgi;\n{site}\n}}\n")
        self.nginx = self._spawn(["nginx", "-c", str(conf), "-p", str(self.workdir)], {}, "nginx")

    def _spawn(self, args: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        return subprocess.Popen(args, cwd=ROOT, env={**self.env, **env}, stdout=log,
                                stderr=subprocess.STDOUT)

    def _run(self, args: list[str], env: dict[str, str], stdin: str = "",
             check: bool = True) -> None:
        subprocess.run(args, cwd=ROOT, env={**self.env, **env}, input=stdin.encode(),
                       capture_output=True, check=check, timeout=120)


def kill(process: subprocess.Popen[bytes] | None, sig: signal.Signals) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/health/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)  # still starting: the socket is all there is to wait on
    raise TimeoutError(f"{url} ne répond pas")


def drop_schema(schema: str) -> None:
    import psycopg  # noqa: PLC0415 (only the loopback topology needs it here)

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    with Topology() as topology:
        print(f"Gapal (nginx) : {topology.url}  — API : "
              f"{', '.join(topology.api_url(i) for i in range(len(topology.api_ports)))}")
        print(f"Admin : {ADMIN[0]} / {ADMIN[1]} — journaux : {topology.workdir}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
