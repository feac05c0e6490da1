"""The deployment files themselves: what `docker-compose.yml` runs and what nginx is told."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


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
