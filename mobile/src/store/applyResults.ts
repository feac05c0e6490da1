/** Applies a sync answer in one transaction: orders, payments, returns and customers settled and their sent events removed together. */
import type { SyncResult } from '../api/types';
import { settleCustomer, settleOrder, settlePayments, settleReturns } from '../sync/results';
import { database } from './db';
import type { OutboxEvent } from './types';

type Sent = { event: OutboxEvent; result: SyncResult };
const OF_AN_ORDER = new Set<OutboxEvent['type']>(['payment_received', 'order_returned']);

/** A crash before this commits leaves the events in the outbox: resent, they answer `duplicate`. */
export async function applyResults(sent: OutboxEvent[], results: SyncResult[]): Promise<void> {
  const byEventId = new Map(sent.map((event) => [event.event_id, event]));
  const tx = (await database()).transaction(['orders', 'outbox', 'customers'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const orders = tx.objectStore('orders');
  const customers = tx.objectStore('customers');
  const perOwner = new Map<string, Sent[]>();
  for (const result of results) {
    const event = byEventId.get(result.event_id);
    if (event?.seq === undefined) continue;
    await outbox.delete(event.seq);
    // An order's own events are its by local_id; a payment's or a return's belong to its order.
    const owner = OF_AN_ORDER.has(event.type) ? event.owner ?? event.local_id : event.local_id;
    perOwner.set(owner, [...(perOwner.get(owner) ?? []), { event, result }]);
  }
  for (const [owner, settled] of perOwner) {
    for (const { event, result } of settled) {
      if (event.type !== 'customer_created') continue;
      const before = await customers.get(event.local_id);
      const { customer, known } = settleCustomer(before, event.local_id, result);
      if (customer.id !== event.local_id) await customers.delete(event.local_id);
      await customers.put(customer);
      // His orders follow him: the server's id, and « Client déjà connu » when he was.
      for (const order of await orders.getAll()) {
        if (order.customer_local_id !== event.local_id) continue;
        // A refused customer leaves the order with the name typed: fixed and resent, it goes without him.
        const link = result.status === 'rejected'
          ? { customer_id: null, customer_local_id: null }
          : { customer_id: customer.id, customer_local_id: order.customer_local_id };
        await orders.put({ ...order, ...link, customer_known: known ?? order.customer_known ?? null });
      }
    }
    const order = await orders.get(owner);
    if (!order) continue;
    const stillPending = (await outbox.index('by_owner').count(owner)) > 0;
    const orderResults = settled.filter(({ event }) => event.type === 'order_created' || event.type === 'order_updated');
    const paymentResults = settled.filter(({ event }) => event.type === 'payment_received');
    const returnResults = settled.filter(({ event }) => event.type === 'order_returned');
    let next = order;
    if (orderResults.length > 0) next = settleOrder(next, orderResults.map(({ result }) => result), stillPending);
    if (paymentResults.length > 0) {
      next = settlePayments(next, paymentResults.map(({ event, result }) => ({ payment: event.local_id, result })),
        stillPending, orderResults.length > 0);
    }
    if (returnResults.length > 0) {
      next = settleReturns(next, returnResults.map(({ event, result }) => ({ given: event.local_id, result })),
        stillPending, orderResults.length > 0);
    }
    await orders.put(next);
  }
  await tx.done;
}
