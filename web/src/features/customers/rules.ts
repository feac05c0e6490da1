/** The pure rules of the Clients screen: debts, credit limits, phones and the form's fields. */
import { isoDay } from "@/lib/format";
import { MONEY, type NumberRule, parseNumber } from "@/lib/numbers";

/** Over his limit: he owes more than allowed (with a limit of 0, cash only, any debt is over). */
export function isOverLimit(customer: { balance: number; credit_limit: number }): boolean {
  return customer.balance > 0 && customer.balance > customer.credit_limit;
}

/** Whole days between the day (Ouagadougou) of `since` and today; 0 for today or the future. */
export function daysSince(since: string, now: Date = new Date()): number {
  const then = isoDay(0, new Date(since));
  const today = isoDay(0, now);
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${then}T00:00:00Z`)) / 86_400_000));
}

const PHONE = /^(?:\+226|00226)?(\d{8})$/;

/** A Burkina number written any usual way (`70 12 34 56`, `+226 70-12-34-56`) as `+226XXXXXXXX`, or null. */
export function burkinaPhone(text: string): string | null {
  const match = PHONE.exec(text.replace(/[\s.\-]/g, ""));
  return match ? `+226${match[1]}` : null;
}

export const PHONE_INVALID = "Numéro invalide : 8 chiffres, avec ou sans +226, par exemple 70 12 34 56.";

/** The other phones typed in one field, separated by commas, semicolons or new lines. */
export function splitPhones(text: string): string[] {
  return text.split(/[,;\n]+/).map((part) => part.trim()).filter(Boolean);
}

export type CustomerFields = {
  name: string; phone: string; other_phones: string; kind: string; address: string; credit_limit: string; is_active: boolean;
};

export type CustomerValues = {
  name: string; phone: string; other_phones: string[]; kind: string; address: string; credit_limit: number; is_active: boolean;
};

const CREDIT: NumberRule = { ...MONEY, max: 1_000_000_000_000 };

/** Checks the form: the values to send, or French messages by field. */
export function checkCustomer(fields: CustomerFields):
  { ok: true; values: CustomerValues } | { ok: false; errors: Partial<Record<keyof CustomerFields, string>> } {
  const errors: Partial<Record<keyof CustomerFields, string>> = {};
  const name = fields.name.trim();
  if (!name) errors.name = "Indiquez le nom du client.";
  else if (name.length > 200) errors.name = "Le nom a au plus 200 caractères.";
  const phone = burkinaPhone(fields.phone);
  if (!fields.phone.trim()) errors.phone = "Indiquez le téléphone du client.";
  else if (!phone) errors.phone = PHONE_INVALID;
  const others: string[] = [];
  for (const typed of splitPhones(fields.other_phones)) {
    const other = burkinaPhone(typed);
    if (!other) { errors.other_phones = `« ${typed} » : ${PHONE_INVALID}`; break; }
    if (other === phone) { errors.other_phones = "Le téléphone principal ne se répète pas dans les autres téléphones."; break; }
    if (!others.includes(other)) others.push(other);
  }
  if (!errors.other_phones && others.length > 10) errors.other_phones = "Au plus 10 autres téléphones.";
  const credit = fields.credit_limit.trim() ? parseNumber(fields.credit_limit, CREDIT) : { ok: true as const, value: 0 };
  if (!credit.ok) errors.credit_limit = credit.error;
  if (fields.address.length > 5000) errors.address = "L’adresse a au plus 5 000 caractères.";
  if (Object.keys(errors).length > 0 || !phone || !credit.ok) return { ok: false, errors };
  return {
    ok: true,
    values: { name, phone, other_phones: others, kind: fields.kind, address: fields.address.trim(), credit_limit: credit.value, is_active: fields.is_active },
  };
}
