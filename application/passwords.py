"""Slow, salted password hashes (argon2); the clear password never reaches an event."""

from __future__ import annotations

import unicodedata
from base64 import b64encode
from functools import cache
from importlib import resources

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from domain.errors import InvalidInput

MIN_PASSWORD_LENGTH = 10
PARALLELISM = 4


class Passwords:
    """Hashes and verifies passwords; `verify_unknown` spends the same time for unknown users."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536) -> None:
        self._hash = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost,
                                                parallelism=PARALLELISM),))
        self._dummy = dummy_hash(time_cost, memory_cost)

    def hash(self, password: str) -> str:
        check_password_is_strong_enough(password)
        return self._hash.hash(password)

    def verify(self, password: str, password_hash: str) -> bool:
        return self._hash.verify(password, password_hash)

    def verify_unknown(self, password: str) -> bool:
        self._hash.verify(password, self._dummy)
        return False


def dummy_hash(time_cost: int, memory_cost: int) -> str:
    """A well-formed argon2 hash with these costs that no known password matches: checking a
    password against it costs what checking a real hash costs, and it takes no hashing to make
    (hashing one delayed every command and server start by ~0.2 s)."""
    salt, digest = (b64encode(bytes(range(size))).decode().rstrip("=") for size in (16, 32))
    return f"$argon2id$v=19$m={memory_cost},t={time_cost},p={PARALLELISM}${salt}${digest}"


def check_password_is_strong_enough(password: str) -> None:
    """Applies when a password is set, never at sign-in: older passwords keep working."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères.")
    if len(set(password)) == 1:
        raise InvalidInput("Le mot de passe ne peut pas répéter un seul caractère.")
    if unicodedata.normalize("NFKC", password).casefold() in common_passwords():
        raise InvalidInput("Ce mot de passe est trop courant : choisissez-en un autre.")


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped with the application (lower case, `#` starts a comment)."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
