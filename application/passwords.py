"""Slow, salted password hashes (argon2); the clear password never reaches an event."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from domain.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8


class Passwords:
    """Hashes and verifies passwords; `verify_unknown` spends the same time for unknown users."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536) -> None:
        self._hash = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost),))
        self._dummy = self._hash.hash("gapal-dummy-password")

    def hash(self, password: str) -> str:
        check_password_is_strong_enough(password)
        return self._hash.hash(password)

    def verify(self, password: str, password_hash: str) -> bool:
        return self._hash.verify(password, password_hash)

    def verify_unknown(self, password: str) -> bool:
        self._hash.verify(password, self._dummy)
        return False


def check_password_is_strong_enough(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères.")
