/**
 * The delivery date as the vendors write it, jj/mm/aaaa, whatever language the phone's browser
 * speaks (Chromium shows `<input type="date">` as mm/dd/yyyy outside France). Kept as `yyyy-mm-dd`.
 */
import { copy } from '../copy';

export type ParsedDate = { ok: true; iso: string } | { ok: false; error: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/;
const DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
export const YEARS = { from: 2000, to: 2099 };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "25/11/2026", "5/1/2026", "25.11.2026", "25112026" (and "2026-11-25") → "2026-11-25"; '' → ''. */
export function parseFrenchDate(text: string): ParsedDate {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, iso: '' };
  const iso = ISO.exec(trimmed);
  const parts = iso ? [iso[3], iso[2], iso[1]] : (FRENCH.exec(trimmed) ?? DIGITS.exec(trimmed))?.slice(1);
  if (!parts) return { ok: false, error: copy.date.format };
  const [day, month, year] = parts.map(Number) as [number, number, number];
  if (year < YEARS.from || year > YEARS.to) return { ok: false, error: copy.date.year(year) };
  if (month < 1 || month > 12) return { ok: false, error: copy.date.month(month) };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || date.getUTCMonth() !== month - 1) return { ok: false, error: copy.date.noSuchDay(`${pad(day)}/${pad(month)}/${year}`) };
  return { ok: true, iso: `${year}-${pad(month)}-${pad(day)}` };
}

export function isIsoDay(value: string): boolean {
  return ISO.test(value) && parseFrenchDate(value).ok;
}

/** Digits with the slashes this field put in itself ("31/02", "31/022" a key later, "31/02/20"). */
const AUTO_SHAPED = /^\d*$|^\d{2}\/(\d{2}\/\d*|\d*)$/;

/**
 * What the field shows while the vendor types digits only (a phone's number pad has no "/"):
 * "2511" → "25/11", "25112026" → "25/11/2026". Text with the vendor's own separators
 * ("5/1/2026", "25.11.2026") is left as typed.
 */
export function maskFrenchDate(text: string): string {
  const trimmed = text.trim();
  if (!AUTO_SHAPED.test(trimmed)) return text.replace(/[^\d/.\- ]/g, '');
  const digits = trimmed.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/** "mardi 25 novembre 2026": the day read back in words, so that a slip shows at once. */
export function dayInWords(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('fr-FR', {
    timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  });
}
