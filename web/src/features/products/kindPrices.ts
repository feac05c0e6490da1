/** Prices per customer kind, the pure part: the form's texts to the PUT body, and the history. */
import type { AuditEvent, KindPricesUpdate } from "@/api/types";
import { fr } from "@/i18n/fr";
import { formatMoney } from "@/lib/format";
import { MONEY, type Parsed, parseNumber } from "@/lib/numbers";

export const KINDS = Object.keys(fr.customerKinds) as (keyof typeof fr.customerKinds)[];
type Event = Pick<AuditEvent, "event_type" | "occurred_at" | "username"> & { data: Record<string, unknown> };

/** Each kind's typed price: empty → null (the kind pays the base price); refused texts as French errors. */
export function kindPricesOf(text: (kind: string) => string): { body: KindPricesUpdate; errors: Record<string, string | undefined> } {
  const body: Record<string, number | null> = {};
  const errors: Record<string, string | undefined> = {};
  for (const kind of KINDS) {
    const typed = text(kind).trim();
    const parsed: Parsed = typed ? parseNumber(typed, MONEY) : { ok: true, value: -1 };
    if (!parsed.ok) errors[kind] = parsed.error;
    body[kind] = parsed.ok && parsed.value >= 0 ? parsed.value : null;
  }
  return { body: body as KindPricesUpdate, errors };
}

/** `Revendeur : 450 FCFA · Hôtel : 520 FCFA`, or the base price for everyone. */
export function describeKindPrices(prices: Record<string, unknown>): string {
  const parts = KINDS.filter((kind) => typeof prices[kind] === "number")
    .map((kind) => `${fr.customerKinds[kind]} : ${formatMoney(prices[kind] as number)}`);
  return parts.length ? parts.join(" · ") : fr.kindPrices.none;
}

/** The product's price changes, newest first: base price and prices per kind. */
export function priceHistory(events: Event[]): { at: string; by: string; text: string }[] {
  const changes = events.flatMap((event) => {
    const base = event.data.unit_price ?? (event.data.changes as Record<string, unknown> | undefined)?.unit_price;
    if (event.event_type.endsWith("KindPricesSet")) {
      return [{ at: event.occurred_at, by: event.username, text: describeKindPrices(event.data.prices as Record<string, unknown>) }];
    }
    if (typeof base === "number") return [{ at: event.occurred_at, by: event.username, text: fr.kindPrices.base(formatMoney(base)) }];
    return [];
  });
  return changes.reverse();
}
