"""Customers: the shops, maquis, hotels and people who buy, with their phone and credit limit."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.errors import InvalidInput, OutOfRange
from domain.values import MAX_ORDER_TOTAL, burkina_phone, fr_number

CUSTOMER_FIELDS = ("name", "phone", "other_phones", "kind", "address", "credit_limit")
MAX_NAME = 200
MAX_ADDRESS = 5000
MAX_OTHER_PHONES = 10


class CustomerKind(StrEnum):
    BOUTIQUE = "boutique"
    MAQUIS = "maquis"
    HOTEL = "hotel"
    CANTINE = "cantine"
    PARTICULIER = "particulier"
    REVENDEUR = "revendeur"


class Customer(GapalAggregate):
    """Someone who buys: known by a phone no other active customer has; `credit_limit` is
    what he may owe (0: cash only)."""

    class Registered(GapalAggregate.Created):
        name: str
        phone: str
        other_phones: list[str]
        kind: str
        address: str
        credit_limit: int
        local_id: UUID | None

    class Revised(GapalAggregate.Event):
        changes: dict[str, Any]

    class Deactivated(GapalAggregate.Event):
        pass

    class Reactivated(GapalAggregate.Event):
        pass

    @staticmethod
    def id_for_local_id(local_id: UUID) -> UUID:
        """The customer a phone's `local_id` creates: the same on every retry."""
        return derived_id("customer-local-id", str(local_id))

    @classmethod
    def register(cls, *, customer_id: UUID, fields: dict[str, Any], local_id: UUID | None,
                 actor_id: UUID) -> Customer:
        clean = checked_fields({"other_phones": [], "kind": CustomerKind.PARTICULIER.value,
                                "address": "", "credit_limit": 0, **fields})
        for required in ("name", "phone"):
            if required not in clean:
                raise InvalidInput(REQUIRED[required])
        check_other_phones_differ(clean["phone"], clean["other_phones"])
        return cls._create(cls.Registered, id=customer_id, local_id=local_id,
                           actor_id=actor_id, **{k: clean[k] for k in CUSTOMER_FIELDS})

    @event(Registered)
    def __init__(self, name: str, phone: str, other_phones: list[str], kind: str, address: str,
                 credit_limit: int, local_id: UUID | None, actor_id: UUID) -> None:
        self.name = name
        self.phone = phone
        self.other_phones = list(other_phones)
        self.kind = CustomerKind(kind)
        self.address = address
        self.credit_limit = credit_limit
        self.local_id = local_id
        self.is_active = True

    def revise(self, changes: dict[str, Any], actor_id: UUID) -> None:
        clean = checked_fields({k: v for k, v in changes.items() if k in CUSTOMER_FIELDS})
        effective = {k: v for k, v in clean.items() if getattr(self, k) != v}
        check_other_phones_differ(effective.get("phone", self.phone),
                                  effective.get("other_phones", self.other_phones))
        if effective:
            self._revised(changes=effective, actor_id=actor_id)

    def deactivate(self, actor_id: UUID) -> None:
        if self.is_active:
            self._deactivated(actor_id=actor_id)

    def reactivate(self, actor_id: UUID) -> None:
        if not self.is_active:
            self._reactivated(actor_id=actor_id)

    @event(Revised)
    def _revised(self, changes: dict[str, Any], actor_id: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, CustomerKind(value) if name == "kind" else value)

    @event(Deactivated)
    def _deactivated(self, actor_id: UUID) -> None:
        self.is_active = False

    @event(Reactivated)
    def _reactivated(self, actor_id: UUID) -> None:
        self.is_active = True


REQUIRED = {"name": "Le nom du client est obligatoire.",
            "phone": "Le téléphone du client est obligatoire."}


def checked_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The customer's fields as the log keeps them: trimmed name, `+226…` phones, a known
    kind, a whole credit limit in FCFA; anything else is refused in French."""
    clean = dict(fields)
    if "name" in clean:
        clean["name"] = customer_name(clean["name"])
    if "phone" in clean:
        clean["phone"] = customer_phone(clean["phone"])
    if "other_phones" in clean:
        clean["other_phones"] = other_phones(clean["other_phones"])
    if "kind" in clean:
        clean["kind"] = customer_kind(clean["kind"])
    if "address" in clean:
        clean["address"] = customer_address(clean["address"])
    if "credit_limit" in clean:
        clean["credit_limit"] = credit_limit(clean["credit_limit"])
    return clean


def customer_name(raw: object) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if not name:
        raise InvalidInput(REQUIRED["name"])
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Le nom du client a au plus {MAX_NAME} caractères.")
    return name


def customer_phone(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(REQUIRED["phone"])
    return burkina_phone(raw)


def other_phones(raw: object) -> list[str]:
    if not isinstance(raw, list | tuple):
        raise InvalidInput("Autres téléphones : une liste de numéros est attendue.")
    if len(raw) > MAX_OTHER_PHONES:
        raise InvalidInput(f"Au plus {MAX_OTHER_PHONES} autres téléphones.")
    phones: list[str] = []
    for value in raw:
        phone = customer_phone(value)
        if phone not in phones:
            phones.append(phone)
    return phones


def customer_kind(raw: object) -> str:
    if raw not in set(CustomerKind):
        kinds = ", ".join(kind.value for kind in CustomerKind)
        raise InvalidInput(f"Type de client inconnu : {kinds}.")
    return CustomerKind(str(raw)).value


def customer_address(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidInput("Adresse : un texte est attendu.")
    if len(raw) > MAX_ADDRESS:
        raise InvalidInput(f"L'adresse a au plus {MAX_ADDRESS} caractères.")
    return raw.strip()


def credit_limit(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise InvalidInput("Le plafond de crédit est un nombre entier de FCFA, positif ou nul "
                           "(0 : paiement comptant).")
    if raw > MAX_ORDER_TOTAL:
        raise OutOfRange(f"Plafond de crédit hors limites : {fr_number(MAX_ORDER_TOTAL)} FCFA "
                         "au plus.")
    return raw


def check_other_phones_differ(phone: str, others: list[str]) -> None:
    if phone in others:
        raise InvalidInput("Le téléphone principal ne se répète pas dans les autres téléphones.")
