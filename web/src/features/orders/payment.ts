/** The pure rules of the payment form: amount in whole FCFA, a reference where the money leaves one. */
import type { PaymentMethod } from "@/api/types";
import { fr } from "@/i18n/fr";
import { formatMoney } from "@/lib/format";
import { type NumberRule, parseNumber } from "@/lib/numbers";

export const METHODS = Object.keys(fr.paymentMethodNames) as PaymentMethod[];

/** Mobile money and transfers are traced by their transaction number: the server requires it. */
export function needsReference(method: PaymentMethod): boolean {
  return method === "orange_money" || method === "moov_money" || method === "virement";
}

export type PaymentFields = { amount: string; method: PaymentMethod; reference: string };
export type PaymentValues = { amount: number; method: PaymentMethod; reference: string | null };
export type PaymentErrors = Partial<Record<keyof PaymentFields, string>>;

const AMOUNT: NumberRule = { decimals: 0, min: 0, minExcluded: true, max: 1_000_000_000_000 };

/** Checks the form against what the order still owes: the values to send, or French messages. */
export function checkPayment(fields: PaymentFields, amountDue: number):
  { ok: true; values: PaymentValues } | { ok: false; errors: PaymentErrors } {
  const errors: PaymentErrors = {};
  const amount = parseNumber(fields.amount, AMOUNT);
  if (!amount.ok) errors.amount = amount.error;
  else if (amount.value > amountDue) errors.amount = fr.order.amountTooHigh(formatMoney(amountDue));
  const reference = fields.reference.trim();
  if (needsReference(fields.method) && !reference) errors.reference = fr.order.referenceRequired(fr.paymentMethods[fields.method] ?? "");
  else if (reference.length > 100) errors.reference = "La référence a au plus 100 caractères.";
  if (!amount.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { amount: amount.value, method: fields.method, reference: reference || null } };
}

/** A fresh id for a payment, so that sending it twice records it once. `crypto.randomUUID` exists
 * only on secure origins (https, localhost); a dashboard reached over the shop's LAN in http still
 * has `getRandomValues`. */
export function newLocalId(source: Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">> = crypto): string {
  if (typeof source.randomUUID === "function") return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
