/**
 * Returns (« retours ») at delivery: what the customer gives back, by product, never more than
 * delivered; recorded on the phone with a fresh local_id and queued as `order_returned`. What is
 * due falls at once, by the value of the goods at the order's prices, as the server counts it.
 */
import type { ReturnData } from '../api/types';
import { copy } from '../copy';
import { formatQuantity, subtotal } from '../lib/money';
import { uuid4 } from '../lib/uuid';
import { database } from './db';
import { amountPaid, netPrice, paymentStatusOf } from './payments';
import type { LocalOrder, LocalReturn, OutboxEvent } from './types';

/** What the vendor says: a quantity by product (null: not a quantity), why, and whether it can be sold again. */
export interface ReturnInput {
  quantities: Record<string, number | null>;
  reason: string;
  restock: boolean;
}

/** French refusals: at each product's field, or « nothing given back » for the form. */
export interface ReturnErrors {
  byProduct: Record<string, string>;
  nothing?: string;
}

type ReturnLine = LocalReturn['lines'][number];

/** Quantities compared in thousandths, as the server keeps them: 0,1 + 0,2 is 0,3. */
function milli(quantity: number): number {
  return Math.round(quantity * 1000);
}

/** What may still come back, by product: delivered, less what this phone recorded (a refused return gives it back). */
export function returnable(order: LocalOrder): Map<string, number> {
  const left = new Map<string, number>();
  const add = (productId: string, thousandths: number) => left.set(productId, (left.get(productId) ?? 0) + thousandths);
  for (const line of order.items) add(line.product_id, milli(line.quantity));
  for (const given of order.returns ?? []) {
    if (given.state === 'rejected') continue;
    for (const line of given.lines) add(line.product_id, -milli(line.quantity));
  }
  return new Map([...left].map(([productId, thousandths]) => [productId, Math.max(thousandths, 0) / 1000]));
}

/** A return may be recorded on a delivered order the server has or will have, while something is left to give back. */
export function canReturn(order: LocalOrder): boolean {
  return order.delivery_status === 'livree' && !(order.state === 'rejected' && order.server_id === null)
    && [...returnable(order).values()].some((left) => left > 0);
}

export function returnErrors(order: LocalOrder, input: ReturnInput): ReturnErrors {
  const left = returnable(order);
  const errors: ReturnErrors = { byProduct: {} };
  let given = false;
  for (const [productId, quantity] of Object.entries(input.quantities)) {
    const max = left.get(productId) ?? 0;
    const unit = order.items.find((line) => line.product_id === productId)?.unit ?? '';
    if (quantity === null || quantity < 0) errors.byProduct[productId] = copy.returns.quantityInvalid;
    else if (milli(quantity) > milli(max)) errors.byProduct[productId] = copy.returns.tooMany(formatQuantity(max), unit);
    else if (quantity > 0) given = true;
  }
  if (!given && Object.keys(errors.byProduct).length === 0) errors.nothing = copy.returns.nothing;
  return errors;
}

export function hasErrors(errors: ReturnErrors): boolean {
  return Boolean(errors.nothing) || Object.keys(errors.byProduct).length > 0;
}

export function returnLines(input: ReturnInput): ReturnLine[] {
  return Object.entries(input.quantities)
    .filter((entry): entry is [string, number] => entry[1] !== null && entry[1] > 0)
    .map(([product_id, quantity]) => ({ product_id, quantity }));
}

/** The goods' value at the order's unit prices, never more than is left to owe (as `domain/returns.py`). */
export function returnValue(order: LocalOrder, lines: ReturnLine[]): number {
  const value = lines.reduce((sum, line) => {
    const price = order.items.find((item) => item.product_id === line.product_id)?.unit_price ?? 0;
    return sum + subtotal(line.quantity, price);
  }, 0);
  return Math.min(value, netPrice(order));
}

export function returnEvent(order: LocalOrder, given: LocalReturn, at: string): OutboxEvent {
  const placedHere = order.local_id !== order.server_id;
  const data: ReturnData = {
    ...(placedHere ? { order_local_id: order.local_id } : { order_id: order.server_id }),
    lines: given.lines, reason: given.reason, restock: given.restock,
  };
  return { event_id: uuid4(), local_id: given.local_id, type: 'order_returned', occurred_at: at, data, owner: order.local_id };
}

/** The order with one more return: its value comes off what is due at once. */
export function withReturn(order: LocalOrder, input: ReturnInput, at: string): { order: LocalOrder; given: LocalReturn } {
  const lines = returnLines(input);
  const given: LocalReturn = {
    local_id: uuid4(), lines, reason: input.reason.trim(), restock: input.restock, value: returnValue(order, lines),
    recorded_at: at, state: 'pending', rejection: null,
  };
  const next: LocalOrder = {
    ...order, returned_value: (order.returned_value ?? 0) + given.value, returns: [...(order.returns ?? []), given],
    updated_at: at, state: order.state === 'rejected' ? order.state : 'pending',
  };
  // As the server: an order marked paid stays paid; else paid against what is now owed.
  const status = order.payment_status === 'payee' ? 'payee' : paymentStatusOf(netPrice(next), amountPaid(order));
  return { given, order: { ...next, payment_status: status } };
}

/** « Enregistrer le retour »: the order and its `order_returned` event in one transaction. */
export async function recordReturn(localId: string, input: ReturnInput, now: Date = new Date()): Promise<LocalOrder> {
  const tx = (await database()).transaction(['orders', 'outbox'], 'readwrite');
  const before = await tx.objectStore('orders').get(localId);
  if (!before) throw new Error(`Commande inconnue : ${localId}`);
  if (!canReturn(before)) throw new Error(copy.returns.notReturnable);
  const errors = returnErrors(before, input);
  if (hasErrors(errors)) throw new Error(errors.nothing ?? Object.values(errors.byProduct)[0]);
  const at = now.toISOString();
  const { order, given } = withReturn(before, input, at);
  await Promise.all([
    tx.objectStore('orders').put(order), tx.objectStore('outbox').add(returnEvent(before, given, at)), tx.done,
  ]);
  return order;
}
