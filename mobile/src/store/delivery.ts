/**
 * "Livrer sur place": the vendor hands the goods over (and maybe takes the money) on the spot.
 * It is an `order_updated` like any edit (the server allows it to a vendeur while `nouvelle`),
 * queued in the outbox and shown pending until the server takes the stock out.
 */
import type { PaymentStatus } from '../api/types';
import { uuid4 } from '../lib/uuid';
import { database } from './db';
import { isEditable } from './orders';
import type { LocalOrder, OutboxEvent } from './types';

/** What the vendor says about the money. It will grow (amount, method, reference) with partial payments. */
export interface SpotPayment {
  status: PaymentStatus;
}

/**
 * An order the vendor may deliver on the spot: one the office has not started on, and that the
 * server has or will have (a refused creation must be fixed and sent again first).
 */
export function isDeliverable(order: LocalOrder): boolean {
  return isEditable(order) && !(order.state === 'rejected' && order.server_id === null) && order.items.length > 0;
}

/** The event: delivered, and the payment only when it changes. */
export function deliveryEvent(order: LocalOrder, payment: SpotPayment, at: string): OutboxEvent {
  const data: OutboxEvent['data'] = { delivery_status: 'livree' };
  if (payment.status !== order.payment_status) data.payment_status = payment.status;
  return {
    event_id: uuid4(), local_id: order.local_id, type: 'order_updated', occurred_at: at,
    base_version: order.server_version ?? 1, data,
  };
}

/** Records the delivery on the phone and its event in the outbox, in one transaction. */
export async function deliverOnTheSpot(localId: string, payment: SpotPayment, now: Date = new Date()): Promise<LocalOrder> {
  const tx = (await database()).transaction(['orders', 'outbox'], 'readwrite');
  const before = await tx.objectStore('orders').get(localId);
  if (!before) throw new Error(`Commande inconnue : ${localId}`);
  if (!isDeliverable(before)) throw new Error(`Commande non livrable sur place : ${before.order_number}`);
  const at = now.toISOString();
  const after: LocalOrder = {
    ...before, delivery_status: 'livree', payment_status: payment.status, updated_at: at, state: 'pending',
    rejection: null, conflicts: [],
  };
  await Promise.all([
    tx.objectStore('orders').put(after), tx.objectStore('outbox').add(deliveryEvent(before, payment, at)), tx.done,
  ]);
  return after;
}
