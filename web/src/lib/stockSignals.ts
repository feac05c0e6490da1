/** Warning signs on a product: low stock, expiry close or past, orders beyond the stock. */
import { daysUntil } from "./format";

/** Same window as the server's default `GAPAL_EXPIRY_WARNING_DAYS`. */
export const EXPIRY_WARNING_DAYS = 3;

export type ExpirySignal = { kind: "expired" } | { kind: "soon"; days: number } | null;

export function expirySignal(expiration: string | null | undefined, stock: number, now: Date = new Date()): ExpirySignal {
  if (!expiration || stock <= 0) return null;
  const days = daysUntil(expiration, now);
  if (days < 0) return { kind: "expired" };
  if (days <= EXPIRY_WARNING_DAYS) return { kind: "soon", days };
  return null;
}
