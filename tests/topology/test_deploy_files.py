"""The deployment files themselves: what `docker-compose.yml` runs and what nginx is told."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from api.headers import security_headers
from application.passwords import Passwords
from gapal.bootstrap import bootstrap
from gapal.settings import Settings
from tests.conftest import drop_schema, fresh_schema_url, require_postgres

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
LOCATION = re.compile(r"location\s+(?:=\s+)?(\S+)\s*\{([^}]*)\}")
ADD_HEADER = re.compile(r'add_header\s+(\S+)\s+"([^"]*)"(\s+always)?;')


def static_service_script(app: Path, srv: Path) -> str:
    """The `static` service's shell script, with the image's and the volume's folders moved."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    shell, flag, script = compose["services"]["static"]["command"]
    assert (shell, flag) == ("sh", "-c")
    return str(script).replace("/srv/gapal", str(srv)).replace("/app/", f"{app}/")


def build(app: Path, version: str) -> None:
    """A dashboard and a vendor app build whose every file names its version."""
    for folder in (app / "web" / "out", app / "mobile" / "dist"):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        (folder / f"asset-{version}").mkdir(parents=True)
        (folder / "index.html").write_text(version)
        (folder / f"asset-{version}" / "app.js").write_text(version)


def test_the_static_service_replaces_the_previous_build_on_an_upgrade(tmp_path: Path) -> None:
    app, srv = tmp_path / "app", tmp_path / "srv"
    srv.mkdir()  # the volume
    script = static_service_script(app, srv)
    for version in ("v1", "v2"):
        build(app, version)
        subprocess.run(["sh", "-c", script], check=True, timeout=30)
    for served in (srv / "web", srv / "mobile"):
        assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*")) == [
            "asset-v2", "asset-v2/app.js", "index.html"]
        assert (served / "index.html").read_text() == "v2"


def test_nginx_gives_the_files_it_serves_the_security_headers_of_the_app() -> None:
    locations = LOCATION.findall(NGINX_CONF.read_text())
    served = {path: body for path, body in locations if "root " in body}
    assert set(served) == {"/_next/static/", "/mobile/assets/", "/mobile/", "/"}
    for path, body in served.items():
        headers = {name: (value, bool(always)) for name, value, always
                   in ADD_HEADER.findall(body) if name != "Cache-Control"}
        # `always`: a 404 carries them too
        assert headers == {name: (value, True) for name, value in security_headers(path).items()}
    proxied = [body for _, body in locations if "proxy_pass" in body]
    assert proxied
    assert all("add_header" not in body for body in proxied)  # the app's headers, once


def test_the_deployed_nginx_conf_is_its_template_rendered() -> None:
    rendered = subprocess.run([str(ROOT / "deploy" / "render-nginx"), "80", "/srv/gapal",
                               "backend:8000"], capture_output=True, text=True, check=True)
    assert rendered.stdout == NGINX_CONF.read_text()


def test_the_deployed_database_accepts_every_connection_the_gapal_processes_may_open() -> None:
    """Each Gapal process has two pools (event store, read models) of GAPAL_DB_POOL_SIZE
    connections that may each open as many again: PostgreSQL must allow them all (its
    default of 100 did not: "too many clients" under a burst)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    processes = 0
    for service in services.values():
        command = [str(part) for part in service.get("command") or []]
        env = service.get("environment") or {}
        if "GAPAL_DATABASE_URL" not in env:
            continue
        count = int(command[command.index("--workers") + 1]) if "--workers" in command else 1
        pool = int(env.get("GAPAL_DB_POOL_SIZE", Settings.model_fields["db_pool_size"].default))
        processes += count * 4 * pool
    db = [str(part) for part in services["db"]["command"]]
    allowed = int(next(part.split("=")[1] for part in db if part.startswith("max_connections=")))
    reserved = 3  # superuser_reserved_connections
    assert processes >= 4 * 10 * 3  # 2 API workers, the worker and migrate at least
    assert processes <= allowed - reserved


def test_the_pool_size_setting_sizes_both_pools(tmp_path: Path) -> None:
    require_postgres()
    url = fresh_schema_url()
    settings = Settings(database_url=url, secret_key="s" * 48, data_dir=tmp_path,
                        run_projector=False, db_pool_size=3)
    gapal = bootstrap(settings, passwords=Passwords(time_cost=1, memory_cost=8192))
    try:
        assert gapal.db.writer.pool.size() == 3  # type: ignore[attr-defined]
        assert gapal.store.env["POSTGRES_POOL_SIZE"] == "3"
        assert gapal.store.env["POSTGRES_MAX_OVERFLOW"] == "3"
    finally:
        gapal.close()
        drop_schema(url)
