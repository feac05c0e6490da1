/** How urgent a lot is, in words and in colour (the words are what counts: never colour alone). */
import type { Lot } from "@/api/types";
import { fr } from "@/i18n/fr";

import { formatDate, formatQuantity } from "./format";

/** A lot expiring within this many days (today included) is shown amber. */
export const LOT_SOON_DAYS = 2;

export type LotUrgency = { level: "expired" | "soon" | "fine"; label: string };

export function lotUrgency(lot: Pick<Lot, "is_expired" | "days_left">): LotUrgency {
  if (lot.is_expired) return { level: "expired", label: fr.lots.expired };
  if (lot.days_left === null) return { level: "fine", label: fr.lots.noDate };
  if (lot.days_left <= LOT_SOON_DAYS) return { level: "soon", label: fr.lots.soon(lot.days_left) };
  return { level: "fine", label: fr.lots.fine };
}

/** `L-12 — 4 pot — 02/12/2026 (Périme demain)`: a lot as an option of a select. */
export function lotOption(lot: Lot, unit?: string): string {
  const urgency = lotUrgency(lot);
  const expiry = lot.expiration_date ? `${formatDate(lot.expiration_date)}` : fr.lots.noDate;
  const state = urgency.level === "fine" ? "" : ` (${urgency.label})`;
  return fr.lots.option(lot.lot_code, formatQuantity(lot.remaining_quantity, unit), `${expiry}${state}`);
}
