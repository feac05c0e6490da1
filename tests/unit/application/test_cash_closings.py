"""Cash closings: a vendor's day counted once at the office; later, corrections with reasons."""

from __future__ import annotations

import pytest

from application.cash_closings import NewClosing
from domain.cash_closing import AlreadyClosed, CashClosing
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.unit.application.conftest import Shop, today


def a_closing(shop: Shop, cash: int = 15_000) -> NewClosing:
    return NewClosing(shop.vendeur.user_id, today(), {"especes": cash}, "",
                      {"especes": 15_000})


def test_a_vendor_s_day_is_closed_with_what_was_counted(shop: Shop) -> None:
    closing: CashClosing = shop.store.repository.get(
        shop.services.cash_closings.close(shop.manager, a_closing(shop)).id)
    assert closing.counted["especes"] == 15_000


def test_a_day_closed_already_is_not_closed_again(shop: Shop) -> None:
    shop.services.cash_closings.close(shop.manager, a_closing(shop))
    with pytest.raises(AlreadyClosed):
        shop.services.cash_closings.close(shop.manager, a_closing(shop, 14_000))


def test_a_correction_replaces_the_count(shop: Shop) -> None:
    shop.services.cash_closings.close(shop.manager, a_closing(shop))
    written = shop.services.cash_closings.correct(shop.manager, shop.vendeur.user_id, today(),
                                                  {"especes": 14_500}, "Billet oublié")
    assert shop.store.repository.get(written.id).counted["especes"] == 14_500


def test_a_day_never_closed_takes_no_correction(shop: Shop) -> None:
    with pytest.raises(NotFound):
        shop.services.cash_closings.correct(shop.manager, shop.vendeur.user_id, today(),
                                            {"especes": 1}, "Erreur")


def test_only_one_who_receives_payments_has_a_cash_day(shop: Shop) -> None:
    with pytest.raises(InvalidInput):
        shop.services.cash_closings.close(shop.manager, NewClosing(
            shop.stock_keeper.user_id, today(), {"especes": 0}, "", {}))


def test_a_vendeur_closes_no_cash_day(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.cash_closings.close(shop.vendeur, a_closing(shop))
