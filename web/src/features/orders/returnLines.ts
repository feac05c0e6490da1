/** The lines of a return as typed on the order: a quantity per item, never above what was delivered. */
import type { OrderItem } from "@/api/types";
import { fr } from "@/i18n/fr";
import { formatQuantity } from "@/lib/format";
import { COUNT, parseNumber } from "@/lib/numbers";

export type ReturnLine = { product_id: string; quantity: number };
export type ReturnLines = { lines: ReturnLine[]; errors: Record<string, string | undefined>; nothing: boolean };

/** `typed(product_id)` is the text of that item's field; empty or 0 leaves the item out. */
export function returnLinesOf(items: OrderItem[], typed: (productId: string) => string): ReturnLines {
  const lines: ReturnLine[] = [];
  const errors: Record<string, string | undefined> = {};
  for (const item of items) {
    const text = typed(item.product_id).trim();
    if (!text) continue;
    const parsed = parseNumber(text, COUNT);
    if (!parsed.ok) errors[`return-${item.product_id}`] = parsed.error;
    else if (parsed.value > item.quantity) errors[`return-${item.product_id}`] = fr.returns.tooMuch(formatQuantity(item.quantity, item.unit));
    else if (parsed.value > 0) lines.push({ product_id: item.product_id, quantity: parsed.value });
  }
  const failed = Object.keys(errors).length > 0;
  return { lines, errors, nothing: !failed && lines.length === 0 };
}
