/** Numbers as people type them in Koudougou: `2,5`, `1 500`, `2.5`; one parser for every form. */

export type NumberRule = {
  /** Digits allowed after the comma: 3 for quantities, 0 for FCFA. */
  decimals: number;
  min: number;
  /** `true` when the minimum itself is refused (a stock exit of 0). */
  minExcluded?: boolean;
  max: number;
};

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

export const QUANTITY: NumberRule = { decimals: 3, min: 0, minExcluded: true, max: 10_000_000 };
export const COUNT: NumberRule = { decimals: 3, min: 0, max: 10_000_000 };
export const MONEY: NumberRule = { decimals: 0, min: 0, max: 1_000_000_000 };

const SHAPE = /^(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?$/;

const messages = {
  missing: "Indiquez un nombre.",
  garbage: "Saisissez un nombre, par exemple 2,5 ou 1 500.",
  whole: "Saisissez un nombre entier, sans virgule.",
  decimals: (n: number) => `${n} chiffres après la virgule au plus.`,
  positive: "Saisissez un nombre supérieur à 0.",
  negative: "Le nombre ne peut pas être négatif.",
  max: (max: string) => `Le nombre ne peut pas dépasser ${max}.`,
};

/** `"2,5"` → 2.5; anything else than a plain number (letters, signs, `1,2,3`) is refused in French. */
export function parseNumber(text: string, rule: NumberRule): Parsed {
  const typed = text.replace(/[\u00a0\u202f]/g, " ").trim();
  if (!typed) return { ok: false, error: messages.missing };
  if (typed.startsWith("-") && SHAPE.test(typed.slice(1).trim())) return { ok: false, error: messages.negative };
  const match = SHAPE.exec(typed);
  if (!match) return { ok: false, error: messages.garbage };
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > rule.decimals) {
    return { ok: false, error: rule.decimals === 0 ? messages.whole : messages.decimals(rule.decimals) };
  }
  const value = Number(`${whole.replace(/ /g, "")}.${fraction || "0"}`);
  if (value < rule.min || (rule.minExcluded && value === rule.min)) {
    return { ok: false, error: rule.minExcluded ? messages.positive : messages.negative };
  }
  if (value > rule.max) return { ok: false, error: messages.max(new Intl.NumberFormat("fr-FR").format(rule.max).replace(/[\u202f\u00a0]/g, " ")) };
  return { ok: true, value };
}

/** A stored number as it goes back into a text field: `2.5` → `2,5` (no grouping, easy to edit). */
export function numberInput(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value).replace(".", ",");
}
