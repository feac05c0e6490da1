/** Labels for the API's enum values. */
import { fr } from "./fr";

const tables = {
  delivery: fr.statuses,
  payment: fr.payments,
  priority: fr.priorities,
  role: fr.roles,
  movement: fr.movementTypes,
} as const;

export type LabelKind = keyof typeof tables;

/** The French label of an enum value; the raw value when unknown, a dash when missing. */
export function labelOf(kind: LabelKind, value: string | undefined | null): string {
  if (!value) return fr.common.none;
  const table: Record<string, string> = tables[kind];
  return table[value] ?? value;
}

export function eventLabel(type: string): string {
  const short = type.split(".").pop() ?? type;
  return fr.events[short] ?? short.replace(/([a-z])([A-Z])/g, "$1 $2");
}

type EventData = Record<string, unknown>;

function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return fr.common.none;
  if (typeof value === "number") return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 }).format(value).replace(/[\u202f\u00a0]/g, " ");
  if (typeof value === "string" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `${value.length} élément${value.length > 1 ? "s" : ""}`;
  return JSON.stringify(value);
}

/** One readable line for an event's data (what changed), for the history and the audit log. */
export function describeEvent(type: string, data: EventData): string {
  const from = data.from_status ?? data.from;
  const to = data.to_status ?? data.to;
  if (type.endsWith("StatusChanged")) return `${labelOf("delivery", text(from))} → ${labelOf("delivery", text(to))}`;
  if (type.endsWith("PaymentChanged")) {
    const target = data.to_status ?? data.payment_status ?? data.to;
    return labelOf("payment", text(target));
  }
  if (type.endsWith("PaymentReceived")) {
    const reference = data.reference ? ` · réf. ${text(data.reference)}` : "";
    return `${text(data.amount)} FCFA ${fr.paymentMethods[text(data.method)] ?? text(data.method)}${reference}`;
  }
  if (type.endsWith("PaymentsReversed")) {
    return `${text(data.amount)} FCFA annulés · Non payée`;
  }
  if (type.startsWith("Order.Placed")) {
    const lines = Array.isArray(data.lines) ? data.lines.length : 0;
    return `${text(data.order_number)} · ${text(data.client_name)} · ${lines} article${lines > 1 ? "s" : ""}`;
  }
  if (type.endsWith("KindPricesSet")) {
    const prices = (data.prices ?? {}) as Record<string, unknown>;
    const parts = Object.entries(fr.customerKinds).filter(([kind]) => typeof prices[kind] === "number")
      .map(([kind, label]) => `${label} : ${text(prices[kind])} FCFA`);
    return parts.length ? parts.join(" · ") : fr.kindPrices.none;
  }
  if (/Stock(Received|Issued|Adjusted)$/.test(type)) {
    const parts = [`${text(data.quantity)} → ${text(data.stock_after)}`];
    if (data.reason) parts.push(text(data.reason));
    return parts.join(" · ");
  }
  const hidden = new Set(["lines", "movement_id", "password_hash", "owner_id"]);
  return Object.entries(data)
    .filter(([key]) => !hidden.has(key))
    .slice(0, 5)
    .map(([key, value]) => `${fr.fields[key as keyof typeof fr.fields] ?? key} : ${text(value)}`)
    .join(" · ");
}
