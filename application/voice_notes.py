"""Voice notes on orders: vendors speak Mooré or Dioula; a manager listens on the dashboard."""

from __future__ import annotations

import hashlib
from typing import Protocol
from uuid import UUID

from application.audio_containers import is_audio_container
from application.orders import check_may_read
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, find, load
from domain.base import Claim
from domain.errors import AudioTooLarge, NotAudio
from domain.order import Order, VoiceNote, check_voice_note_is_free
from domain.permissions import Action, Actor

VOICE_NOTE = "voice_note"
MAX_AUDIO_BYTES = 2 * 1024 * 1024


class BlobStore(Protocol):
    """Where the bytes live (the log keeps only their hash)."""

    def put(self, blob_id: UUID, content_type: str, data: bytes) -> None: ...

    def get(self, blob_id: UUID) -> tuple[str, bytes] | None: ...


class VoiceNotes:
    """Attaches audio to an order once per phone `local_id`, for whoever may read the order."""

    def __init__(self, store: GapalStore, blobs: BlobStore) -> None:
        self._store = store
        self._blobs = blobs

    def attach(self, actor: Actor, order_id: UUID, local_id: UUID, content_type: str,
               data: bytes, duration_seconds: float | None = None) -> Written:
        actor.require(Action.READ_OWN_ORDERS)
        kind = check_is_audio(content_type, data)
        note = VoiceNote(VoiceNote.id_for(order_id, local_id), local_id, kind, len(data),
                         duration_seconds, hashlib.sha256(data).hexdigest())

        def decide() -> Decision:
            order = load(self._store, Order, order_id, "Commande")
            check_may_read(actor, order.created_by)
            attached = order.voice_note_for(local_id)
            if attached is not None:
                return Decision(attached, [], created=False)
            claim = self._local_id_claim(order, local_id, actor)
            self._blobs.put(note.note_id, kind, data)
            order.attach_voice_note(note, actor.user_id)
            return Decision(note.note_id, [order, claim])

        return execute(self._store, decide)

    def _local_id_claim(self, order: Order, local_id: UUID, actor: Actor) -> Claim | None:
        """Reserves the phone's `local_id` for this order: the same id sent for another order
        is refused (409), and two concurrent uploads of it collide in the store."""
        claim = find(self._store, Claim, Claim.id_for(VOICE_NOTE, str(local_id)))
        check_voice_note_is_free(claim.owner_id if claim else None, order.id)
        if claim is not None:
            return None
        return Claim.claim(VOICE_NOTE, str(local_id), order.id, actor.user_id)


def check_is_audio(content_type: str, data: bytes) -> str:
    """The audio's media type, if the bytes are a voice note we can play back (≤ 2 MB)."""
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioTooLarge("Note vocale trop longue : 2 Mo au plus (environ 15 minutes).")
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    if not is_audio_container(kind, data):
        raise NotAudio("Ce fichier n'est pas un enregistrement audio complet (webm, ogg, mp4 ou "
                       "wav) du type annoncé.")
    return "audio/webm" if kind == "video/webm" else kind
