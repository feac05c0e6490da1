/** The vendor's orders downloaded from the server, merged in without touching unsent work. */
import { downloadedOrder } from '../sync/results';
import { database, getValue } from './db';
import type { OrdersMeta, ServerOrder } from './types';

export async function ordersMeta(): Promise<OrdersMeta | undefined> {
  return getValue('orders_sync');
}

/** One transaction: the orders the phone's copy does not win over, and the cursor past them. */
export async function mergeServerOrders(downloaded: ServerOrder[], meta: OrdersMeta): Promise<void> {
  const tx = (await database()).transaction(['orders', 'outbox', 'kv'], 'readwrite');
  const orders = tx.objectStore('orders');
  const pendingIds = tx.objectStore('outbox').index('by_owner');
  for (const server of downloaded) {
    const localId = server.local_id ?? server.id;
    const pending = (await pendingIds.count(localId)) > 0;
    const order = downloadedOrder(await orders.get(localId), server, pending);
    if (order) await orders.put(order);
  }
  await tx.objectStore('kv').put(meta, 'orders_sync');
  await tx.done;
}
