"""Voice notes: uploaded once per phone local_id, listed per order, played back with ranges."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from tests.audio import PAYLOAD, box, mp4, ogg, wav, webm
from tests.conftest import BACKENDS, Api, OrderFactory, log_length

WEBM = webm()


def upload(api: Api, who: str, order_id: str, local_id: str, data: bytes = WEBM,
           content_type: str = "audio/webm;codecs=opus") -> Any:
    return api.call(who, "POST", f"/api/orders/{order_id}/voice-notes/",
                    files={"audio": ("note.webm", data, content_type)},
                    data={"local_id": local_id, "duration_seconds": "4.2"})


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_vendor_attaches_a_voice_note_once_and_a_manager_plays_it(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    local_id = str(uuid.uuid4())
    first = upload(api, "vendeur", order["id"], local_id)
    assert first.status_code == 201, first.text
    note = first.json()
    assert note["order_id"] == order["id"]
    assert note["local_id"] == local_id
    assert note["content_type"] == "audio/webm"
    assert note["size_bytes"] == len(WEBM)
    assert note["duration_seconds"] == 4.2
    assert note["url"] == f"/api/voice-notes/{note['id']}/audio/"

    again = upload(api, "vendeur", order["id"], local_id)
    assert again.status_code == 200
    assert again.json()["id"] == note["id"]
    listed = api.call("gestionnaire_commandes", "GET", f"/api/orders/{order['id']}/voice-notes/")
    assert listed.json()["count"] == 1

    audio = api.call("gestionnaire_commandes", "GET", note["url"])
    assert audio.status_code == 200
    assert audio.content == WEBM
    assert audio.headers["content-type"] == "audio/webm"
    assert audio.headers["accept-ranges"] == "bytes"


def test_playback_serves_byte_ranges_as_browsers_ask(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    note = upload(api, "gestionnaire_commandes", order["id"], str(uuid.uuid4())).json()
    part = api.call("admin", "GET", note["url"], headers={"Range": "bytes=4-103"})
    assert part.status_code == 206
    assert part.content == WEBM[4:104]
    assert part.headers["content-range"] == f"bytes 4-103/{len(WEBM)}"
    tail = api.call("admin", "GET", note["url"], headers={"Range": "bytes=-10"})
    assert tail.content == WEBM[-10:]
    beyond = api.call("admin", "GET", note["url"], headers={"Range": f"bytes={len(WEBM)}-"})
    assert beyond.status_code == 416


def test_an_audio_element_may_authenticate_with_a_token_in_the_url(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    note = upload(api, "gestionnaire_commandes", order["id"], str(uuid.uuid4())).json()
    token = api.tokens["admin"]
    assert api.client.get(f"{note['url']}?token={token}").status_code == 200
    assert api.client.get(note["url"]).status_code == 401
    assert api.client.get(f"{note['url']}?token=forged").status_code == 401


def test_the_log_records_who_when_size_and_hash_but_not_the_bytes(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    upload(api, "vendeur", order["id"], str(uuid.uuid4()))
    history = api.call("gestionnaire_commandes", "GET", f"/api/orders/{order['id']}/history/")
    attached = [e for e in history.json()["results"]
                if e["event_type"] == "Order.VoiceNoteAttached"]
    assert len(attached) == 1
    assert attached[0]["username"] == "vendeur"
    assert attached[0]["data"]["sha256"] == hashlib.sha256(WEBM).hexdigest()
    assert attached[0]["data"]["size_bytes"] == len(WEBM)
    assert "data" not in attached[0]["data"]


def test_too_large_or_not_audio_is_refused_and_nothing_is_written(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    before = log_length(api.gapal)
    big = upload(api, "gestionnaire_commandes", order["id"], str(uuid.uuid4()),
                 data=WEBM[:4] + b"\0" * (2 * 1024 * 1024))
    assert big.status_code == 413
    text = upload(api, "gestionnaire_commandes", order["id"], str(uuid.uuid4()),
                  data=b"bonjour", content_type="text/plain")
    assert text.status_code == 415
    disguised = upload(api, "gestionnaire_commandes", order["id"], str(uuid.uuid4()),
                       data=b"<html>", content_type="audio/webm")
    assert disguised.status_code == 415
    assert log_length(api.gapal) == before


def test_a_vendor_cannot_attach_to_or_hear_another_vendor_s_order(
        api: Api, place_order: OrderFactory) -> None:
    other = api.user("vendeur")
    theirs = place_order(who=other["username"])
    note = upload(api, other["username"], theirs["id"], str(uuid.uuid4())).json()
    assert upload(api, "vendeur", theirs["id"], str(uuid.uuid4())).status_code == 404
    assert api.call("vendeur", "GET", note["url"]).status_code == 404
    assert api.call("gestionnaire_stocks", "GET", note["url"]).status_code == 403


# Containers are checked beyond their first bytes


WELL_BUILT = [("audio/webm;codecs=opus", webm()), ("video/webm", webm()), ("audio/ogg", ogg()),
              ("audio/mp4", mp4()), ("audio/x-m4a", mp4()), ("audio/wav", wav())]
SIGNATURE_ONLY = [
    ("audio/webm", b"\x1a\x45\xdf\xa3" + PAYLOAD),  # an EBML magic, then no header nor Segment
    ("audio/webm", webm()[:12] + b"<script>" + PAYLOAD),  # a header, then no Segment
    ("audio/ogg", b"OggS" + PAYLOAD),  # a capture pattern, then no page
    ("audio/ogg", ogg()[:-10]),  # its last page cut short
    ("audio/mp4", b"\0\0\0\x18ftypisom" + PAYLOAD),  # `ftyp`, then no box
    ("audio/mp4", box(b"ftyp", b"isom\0\0\0\0") + box(b"free", PAYLOAD)),  # no media
    ("audio/wav", b"RIFF\0\0\0\0WAVE" + PAYLOAD),  # no `fmt ` chunk
    ("audio/wav", wav().replace(b"fmt ", b"junk")),
    ("audio/ogg", webm()),  # well built, but not what it claims to be
    ("audio/mpeg", b"ID3" + PAYLOAD),
]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize(("content_type", "data"), WELL_BUILT)
def test_each_well_built_container_is_accepted_and_served_without_sniffing(
        api: Api, place_order: OrderFactory, content_type: str, data: bytes) -> None:
    order = place_order(who="vendeur")

    answer = upload(api, "vendeur", order["id"], str(uuid.uuid4()), data, content_type)

    assert answer.status_code == 201, answer.text
    audio = api.call("gestionnaire_commandes", "GET", answer.json()["url"])
    assert audio.content == data
    assert audio.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("content_type", "data"), SIGNATURE_ONLY)
def test_a_file_with_only_an_audio_signature_is_refused_with_415(
        api: Api, place_order: OrderFactory, content_type: str, data: bytes) -> None:
    order = place_order(who="vendeur")
    before = log_length(api.gapal)

    answer = upload(api, "vendeur", order["id"], str(uuid.uuid4()), data, content_type)

    assert answer.status_code == 415, answer.text
    assert answer.json()["code"] == "unsupported_media_type"
    assert "enregistrement audio" in answer.json()["detail"]
    assert log_length(api.gapal) == before
