"""Every API test starts from a copy of a ready world (admin, one user per role, the small
catalogue of `tests.conftest`): the `api` and `catalogue` fixtures of `tests.conftest`, faster
(see `tests.api.fast_world`)."""

from __future__ import annotations

from tests.api.fast_world import api, catalogue

__all__ = ["api", "catalogue"]
