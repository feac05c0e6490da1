/** Money, quantities and dates as people in Koudougou read them (fr, FCFA, Africa/Ouagadougou). */

export const TIME_ZONE = "Africa/Ouagadougou";

const whole = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const exact = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 });
const dateTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric",
  hour: "2-digit", minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("fr-FR", {
  timeZone: TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric",
});

/** Plain spaces instead of the narrow no-break spaces Intl uses, so copy and tests agree. */
function spaced(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, " ");
}

/** `12500` → `12 500 FCFA` (money is a whole number of FCFA). */
export function formatMoney(amount: number): string {
  return `${spaced(whole.format(Math.round(amount)))} FCFA`;
}

/** `2.5, "L"` → `2,5 L` (at most 3 decimals, as stored). */
export function formatQuantity(quantity: number, unit?: string): string {
  const text = spaced(exact.format(quantity));
  return unit ? `${text} ${unit}` : text;
}

/** An ISO timestamp as `23/11/2026 08:15`, in Ouagadougou time. */
export function formatDateTime(iso: string): string {
  return spaced(dateTime.format(new Date(iso))).replace(",", "");
}

/** `2026-11-23` (or a timestamp) as `23/11/2026`. */
export function formatDate(iso: string): string {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso;
  return dateOnly.format(new Date(value));
}

/** Today's date in Ouagadougou as `YYYY-MM-DD`, `offsetDays` later or earlier. */
export function isoDay(offsetDays = 0, now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + offsetDays * 86_400_000);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
  }).format(shifted);
  return parts;
}

/** Whole days from today (Ouagadougou) to `day`; negative when past. */
export function daysUntil(day: string, now: Date = new Date()): number {
  const today = Date.parse(`${isoDay(0, now)}T00:00:00Z`);
  return Math.round((Date.parse(`${day}T00:00:00Z`) - today) / 86_400_000);
}

/** `+22676451289` → `+226 76 45 12 89`; anything else unchanged. */
export function formatPhone(phone: string): string {
  const match = /^(?:\+|00)?226\s*(\d{2})\s*(\d{2})\s*(\d{2})\s*(\d{2})$/.exec(phone.replace(/\s+/g, ""));
  if (match) return `+226 ${match.slice(1).join(" ")}`;
  return phone;
}
