/** Money is whole FCFA; quantities carry at most 3 decimals (2,5 litres of milk). */

const SPACE = '\u00a0'; // a non-breaking space: "1 250 FCFA" never wraps mid-amount

export function formatFcfa(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(amount)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, SPACE);
  return `${sign}${grouped}${SPACE}FCFA`;
}

/** `round(quantity * unit_price)` as the server computes it, without float drift. */
export function subtotal(quantity: number, unitPrice: number): number {
  const thousandths = Math.round(quantity * 1000);
  return Math.round((thousandths * unitPrice) / 1000);
}

export function total(lines: ReadonlyArray<{ quantity: number; unit_price: number }>): number {
  return lines.reduce((sum, line) => sum + subtotal(line.quantity, line.unit_price), 0);
}

/** Keeps 3 decimals at most; the server refuses more. */
export function roundQuantity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function formatQuantity(value: number): string {
  return String(roundQuantity(value)).replace('.', ',');
}

/** "2,5", "2.5", " 3 " → a quantity; anything else → null. */
export function parseQuantity(text: string): number | null {
  const cleaned = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return roundQuantity(Number(cleaned));
}
