"""Request and response bodies of the public contract (`XxxCreate` in, `XxxPublic` out)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Generic, Literal, TypeVar
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from domain.clock import MAX_TRANSIT
from domain.errors import InvalidInput
from domain.lots import LossReason
from domain.user import normal_username
from domain.values import (
    EARLIEST_DATE,
    LATEST_DATE,
    DeliveryStatus,
    MovementType,
    PaymentMethod,
    PaymentStatus,
    Priority,
    Role,
    burkina_phone,
    check_plausible_date,
)

T = TypeVar("T")
NUL = "\x00"
NUL_REFUSED = "caractère nul (U+0000) interdit"


def _phone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return burkina_phone(value)
    except InvalidInput as error:
        raise ValueError(error.detail) from None


def _user_phone(value: str) -> str:
    """A user's phone, written like an order's (`+226XXXXXXXX`), or none."""
    return _phone(value) or ""


def _email(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("adresse e-mail invalide (exemple : awa@gapal.bf)") from None


def _three_decimals(value: Decimal) -> Decimal:
    try:
        exact = value == value.quantize(Decimal("0.001"))
    except InvalidOperation:  # too many digits to quantize (1e300): no real quantity
        raise ValueError("quantité hors limites") from None
    if not exact:
        raise ValueError("au plus 3 décimales")
    return value


def _plausible_date(value: date) -> date:
    try:
        check_plausible_date(value, "Date")
    except InvalidInput as error:
        raise ValueError(error.detail) from None
    return value


def _utc(value: datetime) -> datetime:
    """Without an offset a moment is Koudougou time, that is UTC. A moment the calendar cannot
    hold in UTC (year 1 at +23:59, year 9999 at -23:59) lies before every change, or after."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)


DATE_WINDOW = f"Entre {EARLIEST_DATE.isoformat()} et {LATEST_DATE.isoformat()}."
PlausibleDate = Annotated[date, AfterValidator(_plausible_date),
                          Field(description=DATE_WINDOW)]
Moment = Annotated[datetime, AfterValidator(_utc)]
Quantity = Annotated[
    Decimal, AfterValidator(_three_decimals),
    PlainSerializer(float, return_type=float, when_used="json"),
]
PositiveQuantity = Annotated[Quantity, Field(gt=0, le=10_000_000)]
Money = Annotated[int, Field(ge=0, le=1_000_000_000)]
MAX_VERSION = 2**63 - 1  # the event store's bigint: beyond, SQLite cannot even compare
# max_length on the string alone: on `str | None` it met a JSON null and answered 500.
Phone = Annotated[Annotated[str, Field(max_length=32)] | None, AfterValidator(_phone)]
UserPhone = Annotated[str, Field(max_length=32), AfterValidator(_user_phone)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
# The rule itself (application/passwords.py) answers in French: 400 `invalid_input`.
NewPassword = Annotated[str, Field(max_length=500, description=(
    "10 caractères au moins, pas un seul caractère répété, pas un mot de passe courant."))]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=5000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("*")
    @classmethod
    def _no_nul_character(cls, value: Any) -> Any:
        """PostgreSQL text cannot hold U+0000: once in the log, it would stop the projections."""
        if isinstance(value, str) and NUL in value:
            raise ValueError(NUL_REFUSED)
        return value


class PageOf(BaseModel, Generic[T]):
    count: int
    next: str | None
    previous: str | None
    results: list[T]


class ErrorBody(BaseModel):
    detail: str
    code: str


# Authentication and users


class LoginIn(Strict):
    # Normalised as at creation, so that the lockout counts every spelling of one name.
    username: Annotated[str, Field(max_length=150), AfterValidator(normal_username)]
    password: Annotated[str, Field(max_length=500)]


class RefreshIn(Strict):
    refresh: Annotated[str, Field(max_length=4000)]


class UserPublic(BaseModel):
    id: UUID
    username: str
    email: str
    role: Role
    phone: str
    is_active: bool
    created_at: datetime
    version: int


class TokensOut(BaseModel):
    access: str
    refresh: str
    token_type: str = "bearer"  # noqa: S105 (the scheme's name, not a secret)


class LoginOut(TokensOut):
    user: UserPublic


class UserCreate(Strict):
    username: Annotated[str, Field(min_length=1, max_length=150)]
    email: Email = ""
    password: NewPassword
    role: Role
    phone: UserPhone = ""


class UserUpdate(Strict):
    email: Email | None = None
    role: Role | None = None
    phone: UserPhone | None = None
    is_active: bool | None = None
    password: NewPassword | None = None
    version: int | None = None


# Catalogue


class CategoryCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: LongText = ""


class CategoryUpdate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    description: LongText | None = None


class CategoryPublic(BaseModel):
    id: UUID
    name: str
    description: str
    product_count: int


class ProductCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    category_id: UUID
    unit: Annotated[str, Field(min_length=1, max_length=50)]
    unit_price: Money
    min_stock_level: Annotated[Quantity, Field(ge=0, le=10_000_000)] = Decimal(0)
    barcode: Annotated[str, Field(max_length=64)] | None = None
    expiration_date: PlausibleDate | None = None
    stock_quantity: Annotated[Quantity, Field(ge=0, le=10_000_000)] | None = None


class ProductUpdate(Strict):
    model_config = ConfigDict(extra="allow")

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    category_id: UUID | None = None
    unit: Annotated[str, Field(min_length=1, max_length=50)] | None = None
    unit_price: Money | None = None
    min_stock_level: Annotated[Quantity, Field(ge=0, le=10_000_000)] | None = None
    barcode: Annotated[str, Field(max_length=64)] | None = None
    expiration_date: PlausibleDate | None = None
    is_active: bool | None = None
    version: int | None = None


class KindPricesUpdate(Strict):
    """`{"revendeur": 450, "hotel": 520}`: the whole map of prices per customer kind; a kind
    absent or null pays the base price (`unit_price`)."""

    model_config = ConfigDict(extra="allow")  # an unknown kind reaches the domain's refusal

    boutique: Money | None = None
    maquis: Money | None = None
    hotel: Money | None = None
    cantine: Money | None = None
    particulier: Money | None = None
    revendeur: Money | None = None


class ProductPublic(BaseModel):
    id: UUID
    name: str
    category_id: UUID
    category_name: str
    unit: str
    unit_price: int
    prices_by_kind: dict[str, int] = Field(description=(
        "Prix par type de client (FCFA), pour les types qui en ont un : "
        "`{\"revendeur\": 450}` ; les autres paient `unit_price`"))
    barcode: str | None
    stock_quantity: Quantity
    reserved_quantity: Quantity
    available_quantity: Quantity
    min_stock_level: Quantity
    is_low_stock: bool
    expiration_date: date | None
    is_active: bool
    version: int
    created_at: datetime
    updated_at: datetime


# Orders


class OrderItemIn(Strict):
    product_id: UUID
    quantity: PositiveQuantity


class OrderItemPublic(BaseModel):
    product_id: UUID
    product_name: str
    unit: str
    quantity: float
    unit_price: int
    subtotal: int


class OrderCreate(Strict):
    client_name: Annotated[str, Field(max_length=200, description=(
        "Obligatoire sans `customer_id` ; avec, le nom du client par défaut."))] = ""
    client_phone: Annotated[Phone, Field(description=(
        "Avec `customer_id` : le téléphone du client par défaut."))] = None
    customer_id: UUID | None = None
    delivery_address: LongText = ""
    delivery_date: PlausibleDate | None = None
    priority: Priority = Priority.MOYENNE
    payment_status: PaymentStatus = PaymentStatus.NON_PAYEE
    notes: LongText = ""
    local_id: UUID | None = None
    items: Annotated[list[OrderItemIn], Field(min_length=1, max_length=200)]

    @model_validator(mode="after")
    def _client_named(self) -> OrderCreate:
        """Without a customer, `client_name` stays a required field (422 as in the contract)."""
        if self.customer_id is None and not self.client_name:
            raise ValueError("client_name : obligatoire sans customer_id.")
        return self


class OrderUpdate(Strict):
    client_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    client_phone: Phone = None
    delivery_address: LongText | None = None
    delivery_date: PlausibleDate | None = None
    priority: Priority | None = None
    notes: LongText | None = None
    items: Annotated[list[OrderItemIn], Field(min_length=1, max_length=200)] | None = None
    version: int | None = None


class StatusIn(Strict):
    delivery_status: DeliveryStatus
    version: int | None = None


class PaymentIn(Strict):
    payment_status: Annotated[PaymentStatus, Field(description=(
        "`payee` enregistre un paiement en espèces du reste dû ; `non_payee` annule les "
        "paiements enregistrés (`Order.PaymentsReversed` : `amount_paid` revient à 0, leurs "
        "références peuvent resservir) ; `partielle` découle des paiements (400)."))]
    version: int | None = None


PaymentAmount = Annotated[int, Field(gt=0, le=1_000_000_000_000, strict=True,
                                     description="FCFA entiers (un nombre JSON entier)")]
PaymentReference = Annotated[str, Field(max_length=100, description=(
    "Numéro de transaction : obligatoire pour `orange_money`, `moov_money`, `virement` ; une "
    "référence ne paie qu'une fois (409 `payment_reference_used`), espaces autour et casse "
    "ignorés."))]


class PaymentCreate(Strict):
    amount: PaymentAmount
    method: PaymentMethod
    reference: PaymentReference | None = None
    received_at: Annotated[datetime | None, Field(description=(
        "Quand l'argent a été reçu (défaut : maintenant) ; entre 2020 et maintenant, sinon "
        "400 `invalid_time`."))] = None
    local_id: Annotated[UUID, Field(description=(
        "Choisi par le téléphone : le même `local_id` renvoie le paiement existant (200)."))]


class PaymentPublic(BaseModel):
    id: UUID
    order_id: UUID
    order_number: str
    amount: int
    method: PaymentMethod
    reference: str
    received_at: datetime
    received_by: UUID
    received_by_username: str
    local_id: UUID
    created_at: datetime
    reversed_at: Annotated[datetime | None, Field(description=(
        "Quand le paiement a été annulé (commande remise à `non_payee`) ; null s'il tient. "
        "Un paiement annulé reste listé mais ne compte plus dans `amount_paid` ni dans "
        "l'encaissé."))] = None
    after_closing: Annotated[bool, Field(description=(
        "Enregistré (synchronisé) après la clôture de caisse de son jour pour le vendeur qui "
        "l'a reçu : compté comme écart tardif de cette clôture."))] = False


class OrderPublic(BaseModel):
    id: UUID
    order_number: str
    local_id: UUID | None
    client_name: str
    client_phone: str
    delivery_address: str
    delivery_date: date | None
    delivery_status: DeliveryStatus
    payment_status: PaymentStatus
    priority: Priority
    total_price: int
    amount_paid: Annotated[int, Field(description="Somme des paiements reçus (FCFA)")]
    amount_due: Annotated[int, Field(description="Reste à payer : total_price - amount_paid")]
    returned_value: Annotated[int, Field(description=(
        "Valeur des marchandises rendues (retours, extension ; FCFA, aux prix de la "
        "commande) : le reste à payer en est diminué."))] = 0
    notes: str
    items: list[OrderItemPublic]
    created_by: UUID
    created_by_username: str
    created_at: datetime
    updated_at: datetime
    version: int
    customer_id: Annotated[UUID | None, Field(description=(
        "Le client de la commande (extension) ; null sans client."))] = None
    unusual_reasons: list[str] = Field(
        description="Ce qui paraît inhabituel (total, quantité, date de livraison), en "
                    "français ; vide pour une commande ordinaire. Affiché « À vérifier ».")
    over_credit_limit: bool = Field(
        default=False, description=(
            "La commande a porté le solde de son client au-delà de sa limite de crédit (0 : "
            "comptant seulement, toute commande non payée la dépasse) et reste due. Acceptée, "
            "affichée « Crédit dépassé »."))


# Customers

CUSTOMER_KINDS = "boutique, maquis, hotel, cantine, particulier, revendeur"
CustomerKindText = Annotated[str, Field(max_length=40, description=CUSTOMER_KINDS,
                                        examples=["boutique"])]
CustomerPhoneText = Annotated[str, Field(max_length=32, description=(
    "Numéro du Burkina, écrit comme on veut : gardé en `+226XXXXXXXX`."))]
OtherPhones = Annotated[list[Annotated[str, Field(max_length=32)]], Field(max_length=10)]
CreditLimit = Annotated[int, Field(description="FCFA ; 0 : paiement comptant.")]


class CustomerCreate(Strict):
    """Rules (in French, 400): a name, a valid phone no active customer has (409
    `customer_phone_used`), a known kind, a credit limit ≥ 0 (managers only)."""

    name: Annotated[str, Field(max_length=200)] = ""
    phone: CustomerPhoneText = ""
    other_phones: OtherPhones = []
    kind: CustomerKindText = "particulier"
    address: LongText = ""
    credit_limit: CreditLimit = 0


class CustomerUpdate(Strict):
    name: Annotated[str, Field(max_length=200)] | None = None
    phone: CustomerPhoneText | None = None
    other_phones: OtherPhones | None = None
    kind: CustomerKindText | None = None
    address: LongText | None = None
    credit_limit: CreditLimit | None = None
    is_active: bool | None = None
    version: int | None = None


class CustomerBrief(BaseModel):
    """What a vendeur reads of a customer."""

    id: UUID
    name: str
    phone: str
    kind: str
    balance: int
    is_active: bool
    updated_at: datetime


class CustomerPublic(CustomerBrief):
    """A customer as managers read him: `balance` is what his orders still owe (not cancelled,
    not paid), `oldest_debt_at` when the oldest of them was placed."""

    other_phones: list[str]
    address: str
    credit_limit: int
    oldest_debt_at: datetime | None
    local_id: UUID | None
    created_at: datetime
    version: int


# Stock


class EntryIn(Strict):
    product_id: UUID
    quantity: PositiveQuantity
    reason: LongText = ""
    expiration_date: PlausibleDate | None = Field(default=None, description=(
        "Péremption du lot créé (jamais passée) ; sans date, le lot garde celle du produit."))
    lot_code: Annotated[str, Field(max_length=40)] | None = Field(default=None, description=(
        "Code du lot ; par défaut `AAMMJJ-n` (n-ième lot du jour pour ce produit)."))
    unit_cost: Money | None = Field(default=None, description="Coût unitaire du lot (FCFA).")


class ExitIn(Strict):
    product_id: UUID
    quantity: PositiveQuantity
    reason: Annotated[str, Field(min_length=1, max_length=5000)]


class AdjustmentIn(Strict):
    product_id: UUID
    quantity: Annotated[Quantity, Field(ge=0, le=10_000_000)]
    reason: Annotated[str, Field(min_length=1, max_length=5000)]
    lot_id: UUID | None = Field(default=None, description=(
        "Le lot compté (`quantity` est alors son stock compté) ; sans lot : tout le produit."))


class WriteOffIn(Strict):
    product_id: UUID
    lot_id: UUID
    quantity: PositiveQuantity
    reason: LossReason
    reason_text: LongText = Field(default="", description="Précisions (texte libre).")


class ReturnLineIn(Strict):
    product_id: UUID
    quantity: PositiveQuantity


class ReturnIn(Strict):
    lines: Annotated[list[ReturnLineIn], Field(min_length=1, max_length=100)]
    reason: LongText = ""
    restock: bool = Field(default=True, description=(
        "`true` : remis dans le lot d'origine s'il n'est pas périmé (sinon perte `perime`) ; "
        "`false` : perte (`autre`)."))


class LotMovePublic(BaseModel):
    lot_id: UUID
    lot_code: str
    quantity: Quantity


class LotPublic(BaseModel):
    id: UUID
    product_id: UUID
    lot_code: str
    received_at: date
    expiration_date: date | None
    unit_cost: int | None
    remaining_quantity: Quantity
    is_expired: bool
    days_left: int | None = Field(description="Jours avant péremption (négatif : périmé).")


class LossPublic(BaseModel):
    movement_id: UUID
    product_id: UUID
    product_name: str
    lot_id: UUID
    lot_code: str
    quantity: Quantity
    value: int
    reason: LossReason
    reason_text: str
    order_id: UUID | None
    created_at: datetime


class LossGroupPublic(BaseModel):
    key: str
    label: str
    quantity: Quantity
    value: int
    count: int


class LossReportPublic(BaseModel):
    date_from: date | None
    date_to: date | None
    total_quantity: Quantity
    total_value: int
    by_reason: list[LossGroupPublic]
    by_product: list[LossGroupPublic]
    results: list[LossPublic]


class MovementPublic(BaseModel):
    id: UUID
    product_id: UUID
    product_name: str
    movement_type: MovementType
    quantity: Quantity
    stock_after: Quantity
    order_id: UUID | None
    reason: str
    user_id: UUID
    username: str
    created_at: datetime
    lots: list[LotMovePublic] = Field(default_factory=list, description=(
        "Ce que le mouvement a pris ou mis dans chaque lot (vide avant les lots)."))
    loss_reason: LossReason | None = Field(default=None, description=(
        "Pour une perte (une `sortie`) : son motif."))
    warning: str | None = Field(default=None, description=(
        "Avertissement d'une entrée (lot qui se garde moins longtemps que d'habitude)."))


# Log


class EventPublic(BaseModel):
    position: int | None = None
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int
    event_type: str
    occurred_at: datetime
    user_id: UUID
    username: str
    data: dict[str, Any]


class VerificationPublic(BaseModel):
    """A verification of the log's seal, running (`finished_at` empty) or done."""

    id: UUID
    started_at: datetime
    finished_at: datetime | None = None
    total: int
    checked: int
    ok: bool | None = None
    position: int | None = None
    hash: str | None = None
    broken_position: int | None = None
    broken_kind: str | None = None
    message: str | None = None


class SealPublic(BaseModel):
    """The log's seal: the last event sealed and its hash, and the last verification done."""

    position: int
    hash: str
    sealed_at: datetime | None = None
    last_verification: VerificationPublic | None = None


class ProjectionHealth(BaseModel):
    position: int
    lag: int


class ProjectionFailureOut(BaseModel):
    """An event a view skipped: its figures may be off until `gapal projections rebuild`."""

    view: str
    position: int
    event_type: str
    aggregate_id: str
    error: str
    failed_at: datetime


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    event_store: str
    pubsub: str
    projections: dict[str, ProjectionHealth]
    failure_count: int = 0
    failures: list[ProjectionFailureOut] = []


# Notifications


class NotificationData(BaseModel):
    order_id: UUID | None = None
    product_id: UUID | None = None
    customer_id: UUID | None = None
    seal_position: int | None = None
    seal_hash: str | None = None
    lot_id: UUID | None = Field(default=None, description="`peremption` : le lot concerné.")


class NotificationPublic(BaseModel):
    id: UUID
    type: str
    title: str
    message: str
    data: NotificationData
    recipient_role: Role | None
    user_id: UUID | None
    is_read: bool
    created_at: datetime


class CountOut(BaseModel):
    count: int


# Offline sync

MAX_SYNC_EVENTS = 500


class SyncItemIn(Strict):
    product_id: UUID
    quantity: PositiveQuantity
    unit_price: Money | None = None


class SyncData(Strict):
    """The fields an offline event may carry (an update carries only those it changed)."""

    client_name: Annotated[str, Field(max_length=200)] | None = None
    client_phone: Annotated[str, Field(max_length=32)] | None = None
    delivery_address: LongText | None = None
    delivery_date: PlausibleDate | None = None
    priority: Priority | None = None
    payment_status: PaymentStatus | None = None
    delivery_status: DeliveryStatus | None = None
    notes: LongText | None = None
    items: Annotated[list[SyncItemIn], Field(min_length=1, max_length=200)] | None = None
    customer_id: UUID | None = None
    customer_local_id: Annotated[UUID | None, Field(description=(
        "Le `local_id` d'un client créé sur le téléphone (`customer_created`)."))] = None


class CustomerSyncData(Strict):
    """What a `customer_created` event carries (its `local_id` is the customer's)."""

    name: Annotated[str, Field(max_length=200)] | None = None
    phone: Annotated[str, Field(max_length=32)] | None = None
    other_phones: OtherPhones | None = None
    kind: Annotated[str, Field(max_length=40)] | None = None
    address: LongText | None = None
    credit_limit: int | None = None


class SyncPaymentData(Strict):
    """A `payment_received` event's data: the order (its phone `local_id`, or its id for an
    order placed elsewhere) and the payment; the event's `local_id` is the payment's."""

    order_local_id: UUID | None = None
    order_id: UUID | None = None
    amount: PaymentAmount
    method: PaymentMethod
    reference: PaymentReference | None = None
    received_at: datetime | None = None


class SyncReturnData(Strict):
    """An `order_returned` event's data: goods given back at delivery (the event's `local_id`
    is the return's, recorded once)."""

    order_local_id: UUID | None = None
    order_id: UUID | None = None
    lines: Annotated[list[ReturnLineIn], Field(min_length=1, max_length=100)]
    reason: LongText = ""
    restock: bool = True


class SyncEventBase(BaseModel):
    """What every phone event carries: wrong here, the whole batch is refused (422)."""

    event_id: UUID
    local_id: UUID
    occurred_at: datetime
    base_version: Annotated[int, Field(ge=1)] | None = None


class SyncOrderCreated(SyncEventBase):
    """An order taken on the phone; its `local_id` is the order's."""

    type: Literal["order_created"]
    data: SyncData = Field(default_factory=SyncData)


class SyncOrderUpdated(SyncEventBase):
    """The fields of an order changed on the phone since `base_version`."""

    type: Literal["order_updated"]
    data: SyncData = Field(default_factory=SyncData)


class SyncCustomerCreated(SyncEventBase):
    """A customer registered on the phone; its `local_id` is the customer's."""

    type: Literal["customer_created"]
    data: CustomerSyncData = Field(default_factory=CustomerSyncData)


class SyncPaymentReceived(SyncEventBase):
    """Money received for an order; its `local_id` is the payment's."""

    type: Literal["payment_received"]
    data: SyncPaymentData


class SyncOrderReturned(SyncEventBase):
    """Goods given back at delivery; its `local_id` is the return's."""

    type: Literal["order_returned"]
    data: SyncReturnData


SyncEvent = Annotated[
    SyncOrderCreated | SyncOrderUpdated | SyncCustomerCreated | SyncPaymentReceived
    | SyncOrderReturned,
    Field(discriminator="type")]


SYNC_EVENT: TypeAdapter[SyncEvent] = TypeAdapter(SyncEvent)


class SyncEventIn(SyncEventBase):
    """An event as the batch is read: its envelope checked, its `type` and `data` not yet.
    The route reads each as a `SyncEvent` on its own, so that a bad one is `rejected` alone."""

    type: Annotated[str, Field(max_length=40)]
    data: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def __get_pydantic_json_schema__(cls, _: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """On the wire it is one of the kinds: `SyncEvent`."""
        return {**handler(SYNC_EVENT.core_schema), "description": (
            "One of five kinds, told apart by `type`. An unknown `type` or wrong `data` is "
            "`rejected` alone; a wrong envelope (ids, `occurred_at`, `base_version`) is a 422.")}


MAX_OFFSET_SECONDS = 316_000_000_000  # some 10,000 years: more than any two clocks can differ
MAX_OFFSET_ERROR_SECONDS = 86_400
TRANSIT_SECONDS = int(MAX_TRANSIT.total_seconds())


class SyncIn(BaseModel):
    device_id: UUID
    client_time: datetime
    events: list[SyncEventIn]
    clock_offset_estimate_seconds: Annotated[float | None, Field(
        description="Extension : l'écart `serveur - téléphone` mesuré par le téléphone lors "
                    "d'une synchronisation précédente (`server_time` de la réponse contre ses "
                    "heures d'envoi et de réception : le milieu). Avec "
                    "`clock_offset_estimate_error_seconds`, ou ni l'un ni l'autre. Le serveur "
                    "le préfère à `server_time - client_time` (qui compte aussi le temps de "
                    "transit), sans jamais dépasser ce dernier ni descendre plus de "
                    f"{TRANSIT_SECONDS} s en dessous ; hors de ces bornes il est ignoré.")] = None
    clock_offset_estimate_error_seconds: Annotated[float | None, Field(
        description="Extension : la marge de cette mesure (la moitié de l'aller-retour), "
                    f"de 0 à {MAX_OFFSET_ERROR_SECONDS} ; au-delà de {TRANSIT_SECONDS} s "
                    "l'estimation est ignorée.")] = None


class ConflictOut(BaseModel):
    field: str
    client_value: Any
    server_value: Any
    kept: str


SYNC_REJECTION_CODES = (
    "invalid_input", "invalid_time", "out_of_range", "unknown_product", "product_archived",
    "order_locked", "not_found", "permission_denied", "duplicate_order_number",
    "insufficient_stock", "invalid_transition", "version_conflict", "unknown_customer",
    "overpayment", "payment_reference_used", "order_cancelled",
    "total_below_paid",
)


class SyncErrorOut(BaseModel):
    """Why an event was `rejected`. `invalid_time`: its `occurred_at`, corrected by the clock
    offset, falls before 2020-01-01T00:00:00Z or more than a day after the server's time."""

    code: Annotated[str, Field(
        description="Mot stable : " + ", ".join(f"`{c}`" for c in SYNC_REJECTION_CODES)
        + " (la liste peut s'allonger).",
        examples=list(SYNC_REJECTION_CODES))]
    detail: str


class SyncResultOut(BaseModel):
    """`customer` is set for `customer_created`: the customer kept (status `merged`: an
    active customer who already had that phone, not a new one)."""

    event_id: UUID
    local_id: UUID
    status: str
    order: OrderPublic | None
    conflicts: list[ConflictOut]
    error: SyncErrorOut | None
    customer: CustomerPublic | CustomerBrief | None = None


class SyncOut(BaseModel):
    server_time: datetime
    clock_offset_seconds: float
    results: list[SyncResultOut]


# Voice notes


class VoiceNotePublic(BaseModel):
    id: UUID
    order_id: UUID
    local_id: UUID
    content_type: str
    size_bytes: int
    duration_seconds: float | None
    created_by: UUID
    created_at: datetime
    url: str
