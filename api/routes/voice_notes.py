"""Voice notes: upload (idempotent per phone `local_id`), list per order, play with ranges."""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Header, Request, Response, UploadFile

from api.common import ExactNumbersRoute, Paging, found, paginated_list
from api.consistency import ReadYourWritesDep
from api.deps import (
    OrdersDep,
    UserDirectoryDep,
    VoiceNotesDep,
    VoiceNoteStoreDep,
)
from api.errors import ApiError
from api.schemas import ErrorBody, PageOf, VoiceNotePublic
from api.security import CurrentActor, actor_for_token, tokens_of
from application.voice_notes import MAX_AUDIO_BYTES
from domain.errors import AudioTooLarge
from domain.permissions import Actor
from projections.queries.users import UserDirectory
from projections.voice_notes import VoiceNoteRow, VoiceNoteStore

router = APIRouter(prefix="/api", tags=["Notes vocales"], route_class=ExactNumbersRoute)
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@router.post("/orders/{order_id}/voice-notes/", response_model=VoiceNotePublic, status_code=201,
             operation_id="uploadVoiceNote",
             responses={200: {"model": VoiceNotePublic, "description": "Déjà reçue (local_id)"},
                        409: {"model": ErrorBody, "description": "`voice_note_conflict` : ce "
                              "local_id nomme déjà la note d'une autre commande"},
                        413: {}, 415: {}})
async def upload_voice_note(
    order_id: UUID, actor: CurrentActor, notes: VoiceNotesDep, settle: ReadYourWritesDep,
    store: VoiceNoteStoreDep, response: Response,
    audio: Annotated[UploadFile, File(description="webm, ogg ou mp4, 2 Mo au plus")],
    local_id: Annotated[UUID, Form()],
    duration_seconds: Annotated[float | None, Form(ge=0, le=3600)] = None,
) -> dict[str, Any]:
    data = await audio.read(MAX_AUDIO_BYTES + 1)
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioTooLarge("Note vocale trop longue : 2 Mo au plus (environ 15 minutes).")
    written = settle(notes.attach(
        actor, order_id, local_id, audio.content_type or "", data, duration_seconds))
    if not written.created:
        response.status_code = 200
    return note_public(found(store.get_note(written.id), "Note vocale"))


@router.get("/orders/{order_id}/voice-notes/", response_model=PageOf[VoiceNotePublic],
            operation_id="listVoiceNotes")
def list_voice_notes(order_id: UUID, request: Request, actor: CurrentActor, orders: OrdersDep,
                     store: VoiceNoteStoreDep, paging: Paging) -> dict[str, Any]:
    orders.get(actor, order_id)
    notes = [note_public(n) for n in store.list_for_order(order_id)]
    return paginated_list(request, notes, paging)


@router.get("/voice-notes/{note_id}/audio/", operation_id="playVoiceNote",
            response_class=Response,
            responses={200: {"content": {"audio/webm": {}}}, 206: {"description": "Plage"}})
def play_voice_note(note_id: UUID, request: Request, orders: OrdersDep,
                    store: VoiceNoteStoreDep, users: UserDirectoryDep, token: str | None = None,
                    range_header: Annotated[str | None, Header(alias="Range")] = None) -> Response:
    """The audio bytes (Bearer header, or `?token=` for an <audio> element), with ranges."""
    actor = audio_reader(request, users, token)
    note = found(store.get_note(note_id), "Note vocale")
    orders.get(actor, UUID(note["order_id"]))
    content_type, data = found_blob(store, note_id)
    # nosniff: a browser plays the bytes as the checked type, never guesses them to be a page.
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=86400",
               "X-Content-Type-Options": "nosniff"}
    if range_header is None:
        return Response(data, media_type=content_type, headers=headers)
    start, end = byte_range(range_header, len(data))
    headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
    return Response(data[start:end + 1], status_code=206, media_type=content_type,
                    headers=headers)


def audio_reader(request: Request, users: UserDirectory, token: str | None) -> Actor:
    header = request.headers.get("authorization", "")
    raw = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else token
    if not raw:
        raise ApiError(401, "not_authenticated", "Authentification requise.")
    return actor_for_token(users, tokens_of(request), raw)


def found_blob(store: VoiceNoteStore, note_id: UUID) -> tuple[str, bytes]:
    blob = store.get(note_id)
    if blob is None:
        raise ApiError(404, "not_found", "Enregistrement introuvable.")
    return blob


def byte_range(header: str, size: int) -> tuple[int, int]:
    """`bytes=a-b`, `bytes=a-` or `bytes=-n`; 416 when it does not fit the audio."""
    match = RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        raise ApiError(416, "range_not_satisfiable", "Plage demandée invalide.",
                       headers={"Content-Range": f"bytes */{size}"})
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    if start > end or start >= size:
        raise ApiError(416, "range_not_satisfiable", "Plage demandée invalide.",
                       headers={"Content-Range": f"bytes */{size}"})
    return start, end


def note_public(row: VoiceNoteRow) -> dict[str, Any]:
    return {**row, "url": f"/api/voice-notes/{row['id']}/audio/"}

