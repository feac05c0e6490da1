"""Verifying the seal: the chain recomputed from the log, compared link by link with the
seals stored when the events were new, and with hashes written down outside the database.

The log and the seals are read in large pages side by side, in position order. The first
position where they part is the one reported: a link that differs (the event was edited, or
two were swapped), a sealed position the log no longer has (deleted), a position of the log
that was never sealed (inserted), or an anchor the recomputed chain does not reach."""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum

from projections.db import Database
from projections.seal import GENESIS, HEX_DIGITS, last_seal, links, seal_projection
from projections.stored import Stored, fetch, read_stored

PAGE = 20_000  # positions per page
READERS = 2  # threads reading the next pages
AHEAD = 3  # pages read ahead
Progress = Callable[[int], None]


class BreakKind(StrEnum):
    MODIFIE = "modifie"
    SUPPRIME = "supprime"
    INSERE = "insere"
    ANCRE = "ancre"


BREAK_TEXT = {
    BreakKind.MODIFIE: "l'événement n° {p} ne correspond plus à son sceau "
                       "(modifié, ou échangé avec un autre)",
    BreakKind.SUPPRIME: "l'événement n° {p} a été scellé mais n'est plus dans le journal "
                        "(supprimé)",
    BreakKind.INSERE: "l'événement n° {p} est dans le journal mais n'a pas de sceau "
                      "(inséré après coup, ou sceaux effacés)",
    BreakKind.ANCRE: "le hachage recalculé à l'événement n° {p} diffère de l'ancre notée "
                     "(journal et sceaux réécrits ensemble)",
}


@dataclass(frozen=True)
class Anchor:
    """A hash written down earlier (a PDF footer, a notification): `HASH@POSITION`."""

    hash: str
    position: int

    @classmethod
    def parse(cls, text: str) -> Anchor:
        digest, _, position = text.strip().partition("@")
        digest = digest.strip().lower()
        if len(digest) != HEX_DIGITS or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("L'ancre doit être HASH@POSITION : 64 chiffres hexadécimaux.")
        if not position.strip().isdigit() or int(position) < 1:
            raise ValueError("L'ancre doit être HASH@POSITION : une position entière ≥ 1.")
        return cls(digest, int(position))


@dataclass(frozen=True)
class Break:
    """The first position where the log and its seal part."""

    position: int
    kind: BreakKind

    @property
    def message(self) -> str:
        return BREAK_TEXT[self.kind].format(p=self.position)


@dataclass(frozen=True)
class Verdict:
    """What a verification found: how far the chain holds, and the first break if any."""

    start: int
    checked: int
    position: int
    hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def head(db: Database) -> tuple[int, str] | None:
    """The latest seal: (position, hash)."""
    with db.reader.connect() as conn:
        return last_seal(conn)


class Verification:
    """One pass over the log from `start` (exclusive) up to the seal's head when it began."""

    def __init__(self, db: Database, events_table: str, anchor: Anchor | None = None) -> None:
        self.db = db
        self.events_table = events_table
        self.anchor = anchor

    @property
    def anchor_position(self) -> int:
        return 0 if self.anchor is None else self.anchor.position

    def run(self, from_position: int = 1, on_progress: Progress | None = None) -> Verdict:
        """From `from_position` on (the seal before it trusted), or from the log's start when
        an anchor is given."""
        start = 0 if self.anchor is not None else max(from_position - 1, 0)
        with self.db.reader.connect() as conn:
            top = last_seal(conn)
            before = last_seal(conn, start) if start else None
            sealed_up_to = seal_projection().position(conn)  # seals erased at the end show
        stop = max(top[0] if top else 0, sealed_up_to, self.anchor_position)
        start = before[0] if before else 0
        previous = bytes.fromhex(before[1] if before else GENESIS)
        return self._walk(start, stop, previous, on_progress)

    def _walk(self, start: int, stop: int, previous: bytes,
              on_progress: Progress | None) -> Verdict:
        first, checked, position = start, 0, start
        for (low, high), page, seals in self._pages(start, stop):
            digests = links(previous, page)
            broken = self._first_break((low, high), page, digests, seals)
            if broken is not None:
                index = bisect_left([event[0] for event in page], broken.position)
                done = page[:index]
                return Verdict(first, checked + len(done), done[-1][0] if done else position,
                               digests[index - 1].hex() if done else previous.hex(), broken)
            if page:
                checked, position, previous = checked + len(page), page[-1][0], digests[-1]
            if on_progress is not None:
                on_progress(len(page))
        return Verdict(first, checked, position, previous.hex(), None)

    def _first_break(self, bounds: tuple[int, int], page: list[Stored], digests: list[bytes],
                     seals: list[tuple[int, str]]) -> Break | None:
        """The first position of the page where log, seals and anchor part (most pages: the
        positions and hashes are equal as lists, compared at C speed)."""
        positions = [event[0] for event in page]
        hexes = [digest.hex() for digest in digests]
        found = None
        if positions != [p for p, _ in seals] or hexes != [h for _, h in seals]:
            found = first_difference(positions, hexes, seals)
        anchored = self._anchor_break(bounds, positions, hexes)
        if anchored is not None and (found is None or anchored.position < found.position):
            return anchored
        return found

    def _anchor_break(self, bounds: tuple[int, int], positions: list[int],
                      hexes: list[str]) -> Break | None:
        anchor = self.anchor
        if anchor is None or not bounds[0] < anchor.position <= bounds[1]:
            return None
        index = bisect_left(positions, anchor.position)
        if index < len(positions) and positions[index] == anchor.position \
                and hexes[index] == anchor.hash:
            return None
        return Break(anchor.position, BreakKind.ANCRE)

    def _pages(self, start: int, stop: int
               ) -> Iterator[tuple[tuple[int, int], list[Stored], list[tuple[int, str]]]]:
        """The log after `start` up to `stop` by ranges of PAGE positions (a gap gives a smaller
        page), each with its seals; the next ranges are read by other threads while this one
        is hashed (the database and the driver work while Python hashes)."""
        ranges = [(low, min(low + PAGE, stop)) for low in range(start, stop, PAGE)]
        with ThreadPoolExecutor(READERS, thread_name_prefix="seal-read") as reader:
            ahead = deque(reader.submit(self._page, *bounds) for bounds in ranges[:AHEAD])
            for index, bounds in enumerate(ranges):
                page, seals = ahead.popleft().result()
                if index + AHEAD < len(ranges):
                    ahead.append(reader.submit(self._page, *ranges[index + AHEAD]))
                yield bounds, page, seals

    def _page(self, start: int, stop: int) -> tuple[list[Stored], list[tuple[int, str]]]:
        return self._log_page(start, stop), self._seals(start, stop)

    def _log_page(self, start: int, stop: int) -> list[Stored]:
        return read_stored(self.db, self.events_table, start, stop, PAGE)

    def _seals(self, start: int, stop: int) -> list[tuple[int, str]]:
        """The stored seals after `start` up to `stop`, in position order."""
        mark = "?" if self.db.writer.dialect.name == "sqlite" else "%s"
        return fetch(self.db, f"SELECT position, hash FROM audit_seal WHERE position > {mark} "  # noqa: S608 (our table)
                     f"AND position <= {mark} ORDER BY position", (start, stop))


def first_difference(positions: list[int], hexes: list[str],
                     seals: list[tuple[int, str]]) -> Break:
    """Where a page of the log and its seals (of the same range) part: walked side by side."""
    expected = iter(seals)
    seal = next(expected, None)
    for position, digest in zip(positions, hexes, strict=True):
        if seal is not None and seal[0] < position:
            return Break(seal[0], BreakKind.SUPPRIME)
        if seal is None or seal[0] > position:
            return Break(position, BreakKind.INSERE)
        if seal[1] != digest:
            return Break(position, BreakKind.MODIFIE)
        seal = next(expected, None)
    if seal is None:  # the lists differ, so a seal is left over
        raise AssertionError("page and seals equal")
    return Break(seal[0], BreakKind.SUPPRIME)
