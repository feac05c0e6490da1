/** The cash screen's small rules: which methods a day shows, signed differences, the count typed. */
import type { CashClosing, CashMethodLine } from "@/api/types";
import { formatMoney } from "@/lib/format";
import { MONEY, parseNumber } from "@/lib/numbers";

/** Cash and both mobile moneys always; a transfer or a cheque only when the day has some. */
const ALWAYS = new Set(["especes", "orange_money", "moov_money"]);

export function shownLines(closing: CashClosing): CashMethodLine[] {
  return closing.methods.filter((line) =>
    ALWAYS.has(line.method) || line.expected > 0 || (line.counted ?? 0) > 0 || line.late > 0);
}

/** `-500` → `−500 FCFA`, `250` → `+250 FCFA`, `0` → `0 FCFA`, null → a dash. */
export function signedMoney(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  if (amount === 0) return formatMoney(0);
  return `${amount < 0 ? "−" : "+"}${formatMoney(Math.abs(amount))}`;
}

export type CountedForm = { ok: true; counted: Record<string, number> } | { ok: false; errors: Record<string, string> };

/** The amounts typed per method (`1 500`, empty is 0), whole FCFA, or a French error per field. */
export function parseCounted(typed: Record<string, string>): CountedForm {
  const counted: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const [method, text] of Object.entries(typed)) {
    if (!text.trim()) { counted[method] = 0; continue; }
    const parsed = parseNumber(text, MONEY);
    if (parsed.ok) counted[method] = parsed.value;
    else errors[method] = parsed.error;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, counted };
}
