/**
 * Each audit event as one French sentence a shop owner reads at a glance: who did what to which
 * order, product or account, with the names the page knows (order numbers, product names).
 */
import type { AuditEvent } from "@/api/types";
import { fr } from "@/i18n/fr";
import { describeEvent, labelOf } from "@/i18n/labels";
import { formatMoney, formatQuantity } from "@/lib/format";

/** What an id stands for: an order's number, a product's name (and unit), a username. */
export type Subject = { label: string; unit?: string };
export type Subjects = Record<string, Subject>;

/** Bookkeeping aggregates that keep values unique and requests replayable: no shop meaning. */
const TECHNICAL = new Set(["Claim", "AdminRoster", "RequestReceipt"]);

export function isTechnical(event: AuditEvent): boolean {
  return TECHNICAL.has(event.aggregate_type);
}

type Data = Record<string, unknown>;
const s = fr.audit.sentence;

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number => Number(value ?? 0);

function quantity(data: Data, subject: Subject | undefined): string {
  return formatQuantity(Math.abs(num(data.quantity)), subject?.unit);
}

function changedFields(data: Data): string {
  const changes = (data.changes ?? {}) as Data;
  const labels: Record<string, string | undefined> = fr.audit.changeFields;
  return Object.keys(changes).map((key) => labels[key] ?? fr.audit.changeFields.other).join(", ");
}

/** The stock a delivery took out, from the page's StockIssued events of that order. */
function takenOut(order: AuditEvent, page: AuditEvent[], subjects: Subjects): string {
  const issued = page.filter((event) => event.event_type === "Product.StockIssued" && event.data.order_id === order.aggregate_id);
  const lines = issued.map((event) => {
    const product = subjects[event.aggregate_id];
    return `${quantity(event.data, product)} ${product?.label ?? fr.audit.sentence.aProduct}`;
  });
  return lines.length ? ` — ${s.takenOut(lines.join(", "))}` : "";
}

function orderSentence(event: AuditEvent, who: string, subjects: Subjects, page: AuditEvent[]): string {
  const { data } = event;
  const order = s.order(subjects[event.aggregate_id]?.label ?? str(data.order_number));
  switch (event.event_type) {
    case "Order.Placed": {
      const lines = Array.isArray(data.lines) ? (data.lines as Data[]) : [];
      const items = lines.map((line) => `${formatQuantity(num(line.quantity), str(line.unit))} ${str(line.product_name)}`);
      return s.placed(who, order, str(data.client_name), items.join(", "));
    }
    case "Order.StatusChanged": {
      const sentence = s.status(who, order, labelOf("delivery", str(data.to_status)));
      return data.to_status === "livree" ? sentence + takenOut(event, page, subjects) : sentence;
    }
    case "Order.PaymentChanged":
      return s.payment(who, order, labelOf("payment", str(data.to_status)));
    case "Order.PaymentReceived":
      return s.paymentReceived(who, formatMoney(num(data.amount)), fr.paymentMethods[str(data.method)] ?? "",
        str(data.reference), order);
    case "Order.PaymentsReversed":
      return s.paymentsReversed(who, formatMoney(num(data.amount)),
        Array.isArray(data.payments) ? data.payments.length : 0, order);
    case "Order.Revised":
      return s.revised(who, order, changedFields(data));
    case "Order.VoiceNoteAttached":
      return s.voiceNote(who, order);
    case "Order.ConflictSettled":
      return s.conflict(order);
    default:
      return s.other(who, order);
  }
}

function productSentence(event: AuditEvent, who: string, subjects: Subjects): string {
  const { data } = event;
  const subject = subjects[event.aggregate_id] ?? { label: str(data.name), unit: str(data.unit) };
  const product = s.product(subject.label);
  const stock = formatQuantity(num(data.stock_after), subject.unit);
  const reason = str(data.reason) ? ` (${str(data.reason)})` : "";
  switch (event.event_type) {
    case "Product.Registered":
      return s.productAdded(who, product, formatMoney(num(data.unit_price)));
    case "Product.Revised":
      return s.revised(who, product, changedFields(data));
    case "Product.KindPricesSet":
      return s.kindPrices(who, product, describeEvent(event.event_type, data));
    case "Product.Archived":
      return s.archived(who, product);
    case "Product.Restored":
      return s.restored(who, product);
    case "Product.StockReceived":
      return s.received(who, quantity(data, subject), product, stock) + reason;
    case "Product.StockIssued":
      return s.issued(who, quantity(data, subject), product, stock) + reason;
    case "Product.StockAdjusted":
      return s.adjusted(who, product, stock) + reason;
    default:
      return s.other(who, product);
  }
}

function userSentence(event: AuditEvent, who: string, subjects: Subjects): string {
  const { data } = event;
  const account = subjects[event.aggregate_id]?.label ?? str(data.username);
  const changes = (data.changes ?? {}) as Data;
  switch (event.event_type) {
    case "User.Registered":
      return s.userCreated(who, account, labelOf("role", str(data.role)));
    case "User.Revised":
      return typeof changes.role === "string"
        ? s.roleChanged(who, account, labelOf("role", changes.role))
        : s.revised(who, s.account(account), changedFields(data));
    case "User.PasswordChanged":
      return s.password(who, account);
    case "User.Deactivated":
      return s.deactivated(who, account);
    case "User.Reactivated":
      return s.reactivated(who, account);
    case "User.SignInUnlocked":
      return s.unlocked(who, account);
    default:
      return s.other(who, s.account(account));
  }
}

function categorySentence(event: AuditEvent, who: string, subjects: Subjects): string {
  const category = s.category(subjects[event.aggregate_id]?.label ?? str(event.data.name));
  switch (event.event_type) {
    case "Category.Created":
      return s.categoryCreated(who, category);
    case "Category.Revised":
      return s.revised(who, category, changedFields(event.data));
    case "Category.Removed":
      return s.categoryRemoved(who, category);
    default:
      return s.other(who, category);
  }
}

/** The sentence of one audit row; `page` gives the events around it (a delivery's stock). */
export function auditSentence(event: AuditEvent, subjects: Subjects, page: AuditEvent[] = []): string {
  const who = event.username || s.someone;
  switch (event.aggregate_type) {
    case "Order":
      return orderSentence(event, who, subjects, page);
    case "Product":
      return productSentence(event, who, subjects);
    case "User":
      return userSentence(event, who, subjects);
    case "Category":
      return categorySentence(event, who, subjects);
    default:
      return s.technical(who);
  }
}

/** The names an audit page can tell from its own events (orders placed, products registered…). */
export function subjectsOnPage(events: AuditEvent[]): Subjects {
  const subjects: Subjects = {};
  for (const { event_type: type, aggregate_id: id, data } of events) {
    if (type === "Order.Placed") subjects[id] = { label: str(data.order_number) };
    if (type === "Product.Registered") subjects[id] = { label: str(data.name), unit: str(data.unit) };
    if (type === "User.Registered") subjects[id] = { label: str(data.username) };
    if (type === "Category.Created") subjects[id] = { label: str(data.name) };
  }
  return subjects;
}
