/** Applies a sync answer in one transaction: orders settled and their sent events removed together. */
import type { SyncResult } from '../api/types';
import { settleOrder } from '../sync/results';
import { database } from './db';
import type { OutboxEvent } from './types';

/** A crash before this commits leaves the events in the outbox: resent, they answer `duplicate`. */
export async function applyResults(sent: OutboxEvent[], results: SyncResult[]): Promise<void> {
  const byEventId = new Map(sent.map((event) => [event.event_id, event]));
  const tx = (await database()).transaction(['orders', 'outbox'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const orders = tx.objectStore('orders');
  const perOrder = new Map<string, SyncResult[]>();
  for (const result of results) {
    const event = byEventId.get(result.event_id);
    if (event?.seq === undefined) continue;
    await outbox.delete(event.seq);
    perOrder.set(event.local_id, [...(perOrder.get(event.local_id) ?? []), result]);
  }
  for (const [localId, orderResults] of perOrder) {
    const order = await orders.get(localId);
    if (!order) continue;
    const stillPending = (await outbox.index('by_local_id').count(localId)) > 0;
    await orders.put(settleOrder(order, orderResults, stillPending));
  }
  await tx.done;
}
