"""`gapal serve`'s projector in a process of its own: the views are projected beside the API
instead of on its GIL (a third of an API process's CPU went to its projector), and the API
process learns their progress over the Redis bus, as with a separate `gapal worker`.

The child is `gapal worker --parent PID`: it ends when its parent does, even a parent killed
with SIGKILL; while the parent runs, a child that dies is started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

# The first restart comes after 1 s, then twice as long each time, up to this.
LONGEST_PAUSE = 30.0
# A child that ran this long before dying was healthy: the next restart comes after 1 s again.
HEALTHY_RUN = 60.0


def worker_command(parent: int) -> list[str]:
    """This interpreter running `gapal worker --parent PID` (no script on the PATH needed)."""
    return [sys.executable, "-m", "gapal", "worker", "--parent", str(parent)]


class ProjectorProcess:
    """Runs `command` as a child while the `with` block lasts, restarting it when it dies.

    The child has a session of its own, so that Ctrl+C in a terminal reaches only the server,
    which then stops the child itself (SIGTERM, then SIGKILL after `grace` seconds)."""

    def __init__(self, command: list[str], env: dict[str, str], *,
                 told: Callable[[str], None], grace: float = 15.0) -> None:
        self._command = command
        self._env = env
        self._told = told
        self._grace = grace
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._watcher = threading.Thread(target=self._watch, name="projecteur", daemon=True)

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._process.pid if self._process else None

    def __enter__(self) -> ProjectorProcess:
        self._spawn()
        self._watcher.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=self._grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._watcher.join(timeout=5)

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self._process = subprocess.Popen(  # noqa: S603 (our own command, no shell)
                self._command, env=self._env, start_new_session=True)

    def _watch(self) -> None:
        pause = 1.0
        while not self._stopping.is_set():
            with self._lock:
                process = self._process
            if process is None:
                return
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= HEALTHY_RUN:
                pause = 1.0
            self._told(f"Le projecteur (processus {process.pid}) s'est arrêté (code {code}) : "
                       f"relancé dans {pause:.0f} s.")
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE)
            self._spawn()


def parent_alive(parent: int) -> bool:
    """Whether the process that started this one still runs (orphans are re-parented)."""
    return os.getppid() == parent
