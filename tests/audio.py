"""Small but well-built audio files of each container a voice note may be (what a phone's
recorder writes, in miniature)."""

from __future__ import annotations

import io
import struct
import wave

PAYLOAD = bytes(range(256)) * 40  # 10 KB of "audio"


def webm(payload: bytes = PAYLOAD) -> bytes:
    """An EBML header (DocType webm), then a Segment of unknown size, as MediaRecorder writes."""
    doctype = b"\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(doctype)]) + doctype
    return header + b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff" + payload


def ogg_page(payload: bytes, header_type: int, sequence: int) -> bytes:
    lacing = [255] * (len(payload) // 255) + [len(payload) % 255]
    return (b"OggS\x00" + bytes([header_type]) + struct.pack("<qII", 0, 1, sequence)
            + b"\0\0\0\0" + bytes([len(lacing)]) + bytes(lacing) + payload)


def ogg(payload: bytes = PAYLOAD) -> bytes:
    """A first page opening the stream, then a page of audio."""
    return ogg_page(b"OpusHead" + b"\x01" * 11, 0x02, 0) + ogg_page(payload[:8000], 0, 1)


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4(payload: bytes = PAYLOAD) -> bytes:
    """`ftyp`, an (empty) `moov`, then the media in `mdat`."""
    return box(b"ftyp", b"isom\0\0\0\0isomiso2mp41") + box(b"moov", b"") + box(b"mdat", payload)


def wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()
