/**
 * "Livrer sur place": the vendor hands the goods over (and maybe takes the money) on the spot.
 * It is an `order_updated` like any edit (the server allows it to a vendeur while `nouvelle`),
 * queued in the outbox and shown pending until the server takes the stock out.
 */
import type { OrderData, PaymentStatus } from '../api/types';
import { uuid4 } from '../lib/uuid';
import { database } from './db';
import { isEditable } from './orders';
import { amountPaid, type PaymentInput, paymentEvent, withPayment } from './payments';
import type { LocalOrder, OutboxEvent } from './types';

/** What the vendor says about the money: not paid, or a payment (amount, method, reference) — maybe part of it. */
export interface SpotPayment {
  status: PaymentStatus;
  payment?: PaymentInput;
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
  const data: OrderData = { delivery_status: 'livree' };
  if (!payment.payment && payment.status !== order.payment_status) data.payment_status = payment.status;
  return {
    event_id: uuid4(), local_id: order.local_id, type: 'order_updated', occurred_at: at,
    base_version: order.server_version ?? 1, data, owner: order.local_id,
  };
}

/** Records the delivery on the phone and its event in the outbox, in one transaction. */
export async function deliverOnTheSpot(localId: string, payment: SpotPayment, now: Date = new Date()): Promise<LocalOrder> {
  const tx = (await database()).transaction(['orders', 'outbox'], 'readwrite');
  const before = await tx.objectStore('orders').get(localId);
  if (!before) throw new Error(`Commande inconnue : ${localId}`);
  if (!isDeliverable(before)) throw new Error(`Commande non livrable sur place : ${before.order_number}`);
  const at = now.toISOString();
  let after: LocalOrder = {
    ...before, delivery_status: 'livree', updated_at: at, state: 'pending', rejection: null, conflicts: [],
  };
  // The delivery first, then the money: the server takes the payment on the delivered order.
  const events = [deliveryEvent(before, payment, at)];
  if (payment.payment) {
    const paid = withPayment(after, payment.payment, at);
    after = paid.order;
    events.push(paymentEvent(before, paid.payment, at));
  } else {
    after = { ...after, payment_status: payment.status, amount_paid: payment.status === 'payee' ? before.total_price : amountPaid(before) };
  }
  const outbox = tx.objectStore('outbox');
  await tx.objectStore('orders').put(after);
  for (const event of events) await outbox.add(event);
  await tx.done;
  return after;
}
