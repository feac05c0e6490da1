"""Receipts of keyed requests: the first answer within a day, a fresh start after it."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from application.idempotency import KEY_LIFETIME, Receipts, RequestKey
from domain.receipts import RequestReceipt
from tests.unit.application.conftest import Shop

KEY = RequestKey("cle-1", "POST /api/orders/", "digest-1")


def test_a_key_never_used_is_recalled_with_nothing_to_answer(shop: Shop) -> None:
    recall = Receipts(shop.store, shop.clock).recall(shop.vendeur, KEY)
    assert recall.previous is None
    assert isinstance(recall.receipt(uuid4()), RequestReceipt)


def test_a_key_used_within_a_day_answers_what_it_first_produced(shop: Shop) -> None:
    result_id = uuid4()
    shop.store.save(Receipts(shop.store, shop.clock).recall(shop.vendeur, KEY).receipt(result_id))
    assert Receipts(shop.store, shop.clock).recall(shop.vendeur, KEY).previous == result_id


def test_an_expired_key_is_renewed_for_its_new_request(shop: Shop) -> None:
    shop.store.save(Receipts(shop.store, shop.clock).recall(shop.vendeur, KEY).receipt(uuid4()))
    shop.clock.advance(KEY_LIFETIME + timedelta(seconds=1))
    later, renewed_to = RequestKey(KEY.key, KEY.endpoint, "digest-2"), uuid4()
    receipt = Receipts(shop.store, shop.clock).recall(shop.vendeur, later).receipt(renewed_to)
    assert receipt is not None
    assert (receipt.version, receipt.digest, receipt.result_id) == (2, "digest-2", renewed_to)
