/** The order's lines as the products step changes them: pure, so the scanner and the steppers agree. */
import type { OrderLine, Product } from '../../store/types';
import { roundQuantity } from '../../lib/money';

/** What a customer of `kind` pays for the product: his kind's price if it has one, else the base price (as the server). */
export function priceFor(product: Product, kind: string | null): number {
  // `?? {}`: a product cached before prices per kind existed has no map until the catalogue refreshes
  const byKind: Record<string, number> = product.prices_by_kind ?? {};
  return (kind === null ? undefined : byKind[kind]) ?? product.unit_price;
}

export function hasKindPrice(product: Product, kind: string | null): boolean {
  return kind !== null && product.prices_by_kind?.[kind] !== undefined;
}

export function withQuantity(items: OrderLine[], product: Product, quantity: number, kind: string | null = null): OrderLine[] {
  const rest = items.filter((line) => line.product_id !== product.id);
  if (quantity <= 0) return rest;
  const existing = items.find((line) => line.product_id === product.id);
  const line: OrderLine = existing
    ? { ...existing, quantity }
    : { product_id: product.id, product_name: product.name, unit: product.unit, unit_price: priceFor(product, kind), quantity };
  return existing ? items.map((l) => (l.product_id === product.id ? line : l)) : [...rest, line];
}

/** One more of the product (one of its unit), as the + button and a scan do. */
export function addOne(items: OrderLine[], product: Product, kind: string | null = null): OrderLine[] {
  const current = items.find((line) => line.product_id === product.id)?.quantity ?? 0;
  return withQuantity(items, product, roundQuantity(Math.floor(current) + 1), kind);
}

/**
 * A new order's lines at the cached prices for the customer's kind (the customer may have changed
 * since they were added); the same array when nothing changes, so that no render loops.
 */
export function repriced(items: OrderLine[], products: Product[], kind: string | null): OrderLine[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  let changed = false;
  const next = items.map((line) => {
    const product = byId.get(line.product_id);
    const price = product ? priceFor(product, kind) : line.unit_price;
    if (price === line.unit_price) return line;
    changed = true;
    return { ...line, unit_price: price };
  });
  return changed ? next : items;
}
