"""Configuration from the environment (`GAPAL_*`), with safe defaults for one embedded process."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.errors import InvalidInput
from domain.limits import DEFAULT_QUANTITY_BY_UNIT, OrderLimits, parse_quantity_bounds


class Settings(BaseSettings):
    """Everything Gapal reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="GAPAL_", extra="ignore")

    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'gapal.db'}")
    redis_url: str | None = None
    secret_key: str | None = None
    admin_username: str | None = None
    admin_password: str | None = None
    expiry_warning_days: int = 3
    access_token_minutes: int = Field(default=30, le=60)
    refresh_token_days: int = Field(default=30, ge=14)
    data_dir: Path = Field(default_factory=Path.cwd)
    run_projector: bool = True
    # `gapal serve`'s projector in a child process (`gapal worker --parent`), off the API's
    # GIL: unset, whenever `redis_url` is set (the bus that tells the API its progress).
    projector_process: bool | None = None
    write_wait_seconds: float = 15.0
    projection_stall_seconds: float = Field(default=60.0, gt=0)  # health: "degraded" beyond
    create_tables: bool = True
    # Aggregates kept in memory between commands, brought up to date from the log (one SELECT
    # of the events after the kept version) instead of replayed from their snapshot each time.
    aggregate_cache_size: int = Field(default=10_000, ge=0)
    # Connections each of a process's two PostgreSQL pools (event store, read models) keeps;
    # a burst may open as many again: a process opens at most 4 × this many.
    db_pool_size: int = Field(default=10, ge=1, le=50)
    # `gapal projections rebuild` on PostgreSQL: processes replaying groups of views at once.
    rebuild_workers: int = Field(default_factory=lambda: min(2, os.cpu_count() or 1), ge=1, le=8)
    trusted_proxies: str = ""
    logins_per_minute: int = Field(default=20, ge=1)
    password_checks_at_once: int = Field(default=2, ge=1, le=16)
    # Orders flagged "À vérifier" on the dashboard beyond these bounds (domain/limits.py).
    unusual_total_fcfa: int = Field(default=500_000, ge=0)
    unusual_quantity_by_unit: str = ""  # `sachet=300,bidon=20`: over the defaults
    unusual_quantity_other_units: Decimal = Field(default=Decimal(200), ge=0)
    unusual_days_ahead: int = Field(default=30, ge=0)

    def projects_apart(self) -> bool:
        """Whether `gapal serve` runs its projector in a child process; `true` without Redis
        is refused (the API process would never hear of the child's progress)."""
        if not self.run_projector or self.projector_process is False:
            return False
        if self.projector_process and not self.redis_url:
            raise InvalidInput("GAPAL_PROJECTOR_PROCESS=true demande GAPAL_REDIS_URL : le "
                               "projecteur à part annonce ses progrès aux serveurs par Redis.")
        return bool(self.redis_url)

    @field_validator("unusual_quantity_by_unit")
    @classmethod
    def _bounds_are_readable(cls, value: str) -> str:
        try:
            parse_quantity_bounds(value)
        except InvalidInput as error:
            raise ValueError(str(error)) from error
        return value

    def order_limits(self) -> OrderLimits:
        """The bounds of an unusual order: the defaults, with the units set in
        `GAPAL_UNUSUAL_QUANTITY_BY_UNIT` replaced or added."""
        by_unit = {**DEFAULT_QUANTITY_BY_UNIT,
                   **parse_quantity_bounds(self.unusual_quantity_by_unit)}
        return OrderLimits(self.unusual_total_fcfa, by_unit, self.unusual_quantity_other_units,
                           self.unusual_days_ahead)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: str) -> str:
        cls.networks_of(value)
        return value

    def proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """`GAPAL_TRUSTED_PROXIES`: addresses or networks (comma-separated) whose
        X-Forwarded-For is believed; none by default."""
        return self.networks_of(self.trusted_proxies)

    @staticmethod
    def networks_of(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(part.strip(), strict=False)
                     for part in value.split(",") if part.strip())

    def signing_key(self) -> str:
        """`GAPAL_SECRET_KEY`, or a random key kept in the data folder so that restarting the
        embedded server does not sign everybody out (vendors may be offline for days)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "gapal-secret.key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()
