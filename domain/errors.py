"""The small tree of domain errors; the API maps each `code` to an HTTP status in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused a command. `code` is stable; `detail` is French, for people."""

    code = "domain_error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidInput(DomainError):
    """Business-invalid input that the schema could not catch (HTTP 400)."""

    code = "invalid_input"


class IdempotencyKeyReused(InvalidInput):
    """An `Idempotency-Key` sent again with another request (HTTP 422)."""

    code = "idempotency_key_reused"


class StockIsMovedNotSet(InvalidInput):
    code = "stock_is_moved_not_set"


class PermissionDenied(DomainError):
    code = "permission_denied"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """A rule about the current state refuses the change (HTTP 409)."""

    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class OrderLocked(Conflict):
    code = "order_locked"


class VersionConflict(Conflict):
    code = "version_conflict"


class DuplicateUsername(Conflict):
    code = "duplicate_username"


class DuplicateBarcode(Conflict):
    code = "duplicate_barcode"


class LastAdmin(Conflict):
    code = "last_admin"


class CategoryNotEmpty(Conflict):
    code = "category_not_empty"


class CategoryRemoved(Conflict):
    """An archived product cannot come back into a category that was deleted since."""

    code = "category_removed"


class ProductArchived(Conflict):
    code = "product_archived"


class DuplicateOrderNumber(Conflict):
    code = "duplicate_order_number"


class OutOfRange(InvalidInput):
    """A number or a date the read side could not hold or that no business would write."""

    code = "out_of_range"


class InvalidTime(InvalidInput):
    """A phone's event time that even its clock offset cannot make plausible."""

    code = "invalid_time"


class VoiceNoteConflict(Conflict):
    """A phone's `local_id` already names a voice note of another order."""

    code = "voice_note_conflict"


class UnknownProduct(InvalidInput):
    code = "unknown_product"


class UnknownCategory(InvalidInput):
    code = "unknown_category"


class AudioTooLarge(InvalidInput):
    code = "audio_too_large"


class NotAudio(InvalidInput):
    code = "unsupported_media_type"


class CustomerPhoneUsed(Conflict):
    """Another active customer already has this phone number."""

    code = "customer_phone_used"


class UnknownCustomer(InvalidInput):
    """An order names a customer that does not exist or is deactivated."""

    code = "unknown_customer"


class Overpayment(Conflict):
    """A payment above what the order still owes."""

    code = "overpayment"


class PaymentReferenceUsed(Conflict):
    """A mobile money or transfer reference that already paid (this or another order)."""

    code = "payment_reference_used"


class TotalBelowPaid(Conflict):
    """Items revised so that the total would fall below what was already paid."""

    code = "total_below_paid"


class OrderCancelled(Conflict):
    """A cancelled order takes no more payments."""

    code = "order_cancelled"
