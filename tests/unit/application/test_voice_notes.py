"""Voice notes: audio attached once per phone `local_id` to an order the actor may read."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import NotAudio, NotFound
from domain.order import Order
from tests.audio import wav
from tests.unit.application.conftest import Shop


def test_a_voice_note_is_attached_and_its_bytes_kept(shop: Shop) -> None:
    order_id, local_id = shop.order((shop.product(), "1")), uuid4()
    note = shop.services.voice_notes.attach(shop.vendeur, order_id, local_id, "audio/wav", wav())
    assert shop.blobs.get(note.id) == ("audio/wav", wav())
    order: Order = shop.store.repository.get(order_id)
    assert order.voice_note_for(local_id) == note.id


def test_the_same_note_sent_twice_is_attached_once(shop: Shop) -> None:
    order_id, local_id = shop.order((shop.product(), "1")), uuid4()
    first = shop.services.voice_notes.attach(shop.vendeur, order_id, local_id, "audio/wav", wav())
    again = shop.services.voice_notes.attach(shop.vendeur, order_id, local_id, "audio/wav", wav())
    assert (again.id, again.created) == (first.id, False)


def test_bytes_that_are_no_audio_are_refused(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"))
    with pytest.raises(NotAudio):
        shop.services.voice_notes.attach(shop.vendeur, order_id, uuid4(), "audio/wav", b"RIFF")


def test_a_vendeur_attaches_nothing_to_another_s_order(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"), by=shop.manager)
    with pytest.raises(NotFound):
        shop.services.voice_notes.attach(shop.vendeur, order_id, uuid4(), "audio/wav", wav())
