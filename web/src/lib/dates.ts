/**
 * Dates as people type them in Koudougou: `25/12/2026` (also `25-12-2026`, `25.12.2026`,
 * `25/12/26`, `25122026`), whatever the browser's language; kept ISO (`2026-12-25`) for the API.
 * One parser for every date field of the dashboard (filters and forms alike).
 */

export type ParsedDate = { ok: true; value: string | null } | { ok: false; error: string };

export const DATE_PLACEHOLDER = "jj/mm/aaaa";

const FRENCH = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})$/;
const PACKED = /^(\d{2})(\d{2})(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const messages = {
  garbage: "Saisissez une date jj/mm/aaaa, par exemple 25/12/2026.",
  month: "Le mois va de 01 à 12.",
  day: (day: number, month: number, year: number) =>
    `Le ${pad(day)}/${pad(month)}/${year} n’existe pas (ce mois a ${daysIn(month, year)} jours).`,
  before: (limit: string) => `Choisissez une date à partir du ${limit}.`,
  after: (limit: string) => `Choisissez une date jusqu’au ${limit}.`,
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checked(day: number, month: number, year: number): ParsedDate {
  if (month < 1 || month > 12) return { ok: false, error: messages.month };
  if (day < 1 || day > daysIn(month, year)) return { ok: false, error: messages.day(day, month, year) };
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** `"25/12/2026"` → `"2026-12-25"`; empty → null (no date); anything else refused in French. */
export function parseDate(text: string): ParsedDate {
  const typed = text.replace(/[\u00a0\u202f]/g, " ").trim();
  if (!typed) return { ok: true, value: null };
  const iso = ISO.exec(typed);
  if (iso) return checked(Number(iso[3]), Number(iso[2]), Number(iso[1]));
  const match = FRENCH.exec(typed) ?? PACKED.exec(typed);
  if (!match) return { ok: false, error: messages.garbage };
  const [, day = "", month = "", year = ""] = match;
  return checked(Number(day), Number(month), year.length === 2 ? 2000 + Number(year) : Number(year));
}

/** The date parsed, then held within `min`/`max` (ISO, both optional). */
export function parseDateWithin(text: string, min?: string, max?: string): ParsedDate {
  const parsed = parseDate(text);
  if (!parsed.ok || parsed.value === null) return parsed;
  if (min && parsed.value < min) return { ok: false, error: messages.before(dateInput(min)) };
  if (max && parsed.value > max) return { ok: false, error: messages.after(dateInput(max)) };
  return parsed;
}

/** A stored ISO date as it goes back into a text field: `2026-12-25` → `25/12/2026`. */
export function dateInput(iso: string | null | undefined): string {
  const match = iso ? ISO.exec(iso.slice(0, 10)) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
}
