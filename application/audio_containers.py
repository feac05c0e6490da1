"""Audio containers checked beyond their first bytes: a voice note must be built like the file
its media type announces (WebM, Ogg, MP4 or WAV), or it is refused."""

from __future__ import annotations

import re
from collections.abc import Callable

EBML = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"
SEGMENT = b"\x18\x53\x80\x67"
BOX_TYPE = re.compile(rb"[a-zA-Z0-9 ]{4}")
OGG_PAGE_HEADER = 27  # bytes before the segment table
OGG_STREAM_START = 0x02  # header-type flag of a stream's first page
WAV_FORMAT_SIZE = 16  # the least a `fmt ` chunk holds (PCM)


def is_webm(data: bytes) -> bool:
    """An EBML header naming a webm/matroska document, followed by a Segment element."""
    size = _ebml_size(data, len(EBML)) if data.startswith(EBML) else None
    if size is None:
        return False
    value, start = size
    header, after = data[start:start + value], start + value
    return EBML_DOCTYPE in header and (b"webm" in header or b"matroska" in header) \
        and data[after:after + len(SEGMENT)] == SEGMENT


def _ebml_size(data: bytes, at: int) -> tuple[int, int] | None:
    """An EBML variable-length size at `at`: its value and where the element's body starts."""
    if at >= len(data) or data[at] == 0:
        return None
    length = 9 - data[at].bit_length()
    if at + length > len(data):
        return None
    value = int.from_bytes(data[at:at + length], "big") & ((1 << (7 * length)) - 1)
    return value, at + length


def is_ogg(data: bytes) -> bool:
    """Whole Ogg pages from start to end, the first one opening a stream."""
    at = 0
    while at < len(data):
        if data[at:at + 5] != b"OggS\x00" or len(data) < at + OGG_PAGE_HEADER:
            return False
        table_end = at + OGG_PAGE_HEADER + data[at + OGG_PAGE_HEADER - 1]
        if table_end > len(data):
            return False
        at = table_end + sum(data[at + OGG_PAGE_HEADER:table_end])
    return bool(data) and at == len(data) and bool(data[5] & OGG_STREAM_START)


def is_mp4(data: bytes) -> bool:
    """Whole ISO boxes from start to end: `ftyp` first, then media (`moov` or `mdat`)."""
    at, kinds = 0, []
    while at + 8 <= len(data):
        size, kind, header = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8], 8
        if size == 1:  # a 64-bit size follows the type
            size, header = int.from_bytes(data[at + 8:at + 16], "big"), 16
        elif size == 0:  # the box runs to the end of the file
            size = len(data) - at
        if size < header or not BOX_TYPE.fullmatch(kind):
            return False
        kinds.append(kind)
        at += size
    return at == len(data) and kinds[:1] == [b"ftyp"] and bool({b"moov", b"mdat"} & set(kinds))


def is_wav(data: bytes) -> bool:
    """RIFF/WAVE with a `fmt ` chunk that describes the samples, and a `data` chunk."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return False
    at, chunks = 12, set()
    while at + 8 <= len(data):
        chunk, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if chunk == b"fmt " and size < WAV_FORMAT_SIZE:
            return False
        chunks.add(chunk)
        at += 8 + size + size % 2
    return {b"fmt ", b"data"} <= chunks


CONTAINERS: dict[str, Callable[[bytes], bool]] = {
    "audio/webm": is_webm, "video/webm": is_webm, "audio/ogg": is_ogg, "audio/mp4": is_mp4,
    "audio/x-m4a": is_mp4, "audio/wav": is_wav, "audio/x-wav": is_wav, "audio/wave": is_wav,
}


def is_audio_container(kind: str, data: bytes) -> bool:
    """Whether `data` is built like the container that the media type `kind` announces."""
    check = CONTAINERS.get(kind)
    return check is not None and check(data)
