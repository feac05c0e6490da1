/** The order's lines as the products step changes them: pure, so the scanner and the steppers agree. */
import type { OrderLine, Product } from '../../store/types';
import { roundQuantity } from '../../lib/money';

export function withQuantity(items: OrderLine[], product: Product, quantity: number): OrderLine[] {
  const rest = items.filter((line) => line.product_id !== product.id);
  if (quantity <= 0) return rest;
  const existing = items.find((line) => line.product_id === product.id);
  const line: OrderLine = existing
    ? { ...existing, quantity }
    : { product_id: product.id, product_name: product.name, unit: product.unit, unit_price: product.unit_price, quantity };
  return existing ? items.map((l) => (l.product_id === product.id ? line : l)) : [...rest, line];
}

/** One more of the product (one of its unit), as the + button and a scan do. */
export function addOne(items: OrderLine[], product: Product): OrderLine[] {
  const current = items.find((line) => line.product_id === product.id)?.quantity ?? 0;
  return withQuantity(items, product, roundQuantity(Math.floor(current) + 1));
}
