"""Password hashes: an unknown user's sign-in spends one check at the real hashes' costs."""

from __future__ import annotations

from unittest import mock

import argon2

from application.passwords import Passwords


def test_an_unknown_user_costs_one_check_with_the_parameters_of_real_hashes() -> None:
    passwords = Passwords(time_cost=2, memory_cost=16 * 1024)
    real = passwords.hash("mot-de-passe-solide-1")
    with mock.patch("argon2.PasswordHasher.verify", autospec=True,
                    side_effect=argon2.PasswordHasher.verify) as verify:
        assert passwords.verify_unknown("mot-de-passe-solide-1") is False
    assert verify.call_count == 1
    checked = verify.call_args.args[1]
    assert argon2.extract_parameters(checked) == argon2.extract_parameters(real)
    assert passwords.verify("mot-de-passe-solide-1", real)
