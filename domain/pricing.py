"""Prices per customer kind: a reseller or a hotel may pay another price than a walk-in buyer."""

from __future__ import annotations

from collections.abc import Mapping

from domain.customer import CustomerKind
from domain.errors import InvalidInput, OutOfRange
from domain.values import MAX_UNIT_PRICE, fr_number

KindPrices = dict[str, int]
KINDS = tuple(kind.value for kind in CustomerKind)
MAX_SHOWN = 40  # characters of an unknown kind repeated in the refusal (it comes from a phone)


def checked_kind_prices(raw: Mapping[str, object]) -> KindPrices:
    """The prices a product keeps per customer kind: whole FCFA like the base price, only known
    kinds; `None` drops a kind's price (it pays the base price again)."""
    unknown = sorted(str(kind)[:MAX_SHOWN] for kind in raw if kind not in KINDS)
    if unknown:
        raise InvalidInput(f"Type de client inconnu : {', '.join(unknown[:3])} "
                           f"(attendus : {', '.join(KINDS)}).")
    prices: KindPrices = {}
    for kind in KINDS:  # a fixed order: the same map is the same event, whatever was sent
        price = raw.get(kind)
        if price is not None:
            prices[kind] = checked_kind_price(kind, price)
    return prices


def checked_kind_price(kind: str, price: object) -> int:
    if isinstance(price, bool) or not isinstance(price, int) or price < 0:
        raise InvalidInput(f"Prix « {kind} » : un nombre entier de FCFA, positif ou nul.")
    if price > MAX_UNIT_PRICE:
        raise OutOfRange(f"Prix « {kind} » hors limites : {fr_number(MAX_UNIT_PRICE)} FCFA "
                         "au plus.")
    return price


def price_for(base: int, prices: Mapping[str, int], kind: str | None) -> int:
    """What a customer of `kind` pays: his kind's price if the product has one, else the base."""
    if kind is None:
        return base
    return prices.get(kind, base)
