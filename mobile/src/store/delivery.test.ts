import { describe, expect, it } from 'vitest';
import { settleOrder } from '../sync/results';
import { fields, result, serverOrder } from '../test/fixtures';
import { deliverOnTheSpot, deliveryEvent, isDeliverable } from './delivery';
import { createOrder, getOrder, outboxBatch } from './orders';
import type { LocalOrder } from './types';

const NOW = new Date('2026-11-24T08:15:00Z');
const LATER = new Date('2026-11-24T10:00:00Z');

function synced(order: LocalOrder, change: Partial<LocalOrder> = {}): LocalOrder {
  return { ...order, state: 'synced', server_id: 'server-id', server_version: 3, ...change };
}

describe('delivering on the spot', () => {
  it('is an order_updated to livree on the version the phone knows, with the payment when it changes', async () => {
    const order = synced(await createOrder(fields(), [], NOW));
    const event = deliveryEvent(order, { status: 'payee' }, LATER.toISOString());
    expect(event).toMatchObject({
      local_id: order.local_id, type: 'order_updated', occurred_at: '2026-11-24T10:00:00.000Z', base_version: 3,
      data: { delivery_status: 'livree', payment_status: 'payee' },
    });
    expect(Object.keys(event.data!).sort()).toEqual(['delivery_status', 'payment_status']);
  });

  it('leaves the payment out when the vendor does not change it', async () => {
    const order = synced(await createOrder(fields({ payment_status: 'payee' }), [], NOW));
    expect(deliveryEvent(order, { status: 'payee' }, LATER.toISOString()).data).toEqual({ delivery_status: 'livree' });
    const unpaid = synced(await createOrder(fields(), [], NOW));
    expect(deliveryEvent(unpaid, { status: 'non_payee' }, LATER.toISOString()).data).toEqual({ delivery_status: 'livree' });
  });

  it('is queued after a creation still on its way, on version 1, and shows delivered and pending', async () => {
    const order = await createOrder(fields(), [], NOW);
    const after = await deliverOnTheSpot(order.local_id, { status: 'payee' }, LATER);
    expect(after).toMatchObject({ delivery_status: 'livree', payment_status: 'payee', state: 'pending' });
    expect(await getOrder(order.local_id)).toMatchObject({ delivery_status: 'livree', payment_status: 'payee' });
    const [created, delivered] = await outboxBatch(10);
    expect(created?.type).toBe('order_created');
    expect(delivered).toMatchObject({
      type: 'order_updated', base_version: 1, data: { delivery_status: 'livree', payment_status: 'payee' },
    });
  });

  it('is offered only while the office has not started and the server has the order', async () => {
    const order = await createOrder(fields(), [], NOW);
    expect(isDeliverable(order)).toBe(true);
    expect(isDeliverable(synced(order))).toBe(true);
    expect(isDeliverable(synced(order, { delivery_status: 'en_preparation' }))).toBe(false);
    expect(isDeliverable(synced(order, { delivery_status: 'livree' }))).toBe(false);
    expect(isDeliverable({ ...order, state: 'rejected', server_id: null })).toBe(false);
    expect(isDeliverable(synced(order, { state: 'rejected' }))).toBe(true); // a refused delivery may be retried
  });

  it('once refused by the server (stock short), shows the reason and the order as the office has it', async () => {
    const order = await createOrder(fields(), [], NOW);
    const delivered = await deliverOnTheSpot(order.local_id, { status: 'payee' }, LATER);
    const [event] = (await outboxBatch(10)).slice(1);
    const refusal = result(event!.event_id, order.local_id, {
      status: 'rejected', order: serverOrder(order.local_id, { version: 1 }),
      error: { code: 'insufficient_stock', detail: 'Stock insuffisant pour : Yaourt nature.' },
    });
    const settled = settleOrder(delivered, [refusal], false);
    expect(settled).toMatchObject({
      state: 'rejected', delivery_status: 'nouvelle', payment_status: 'non_payee',
      rejection: { code: 'insufficient_stock', detail: 'Stock insuffisant pour : Yaourt nature.' },
    });
    expect(isDeliverable(settled)).toBe(true); // the vendor may try again once the stock is there
  });

  it('refuses twice: a delivered order is no longer deliverable', async () => {
    const order = await createOrder(fields(), [], NOW);
    await deliverOnTheSpot(order.local_id, { status: 'non_payee' }, LATER);
    await expect(deliverOnTheSpot(order.local_id, { status: 'payee' }, LATER)).rejects.toThrow('non livrable');
    expect(await outboxBatch(10)).toHaveLength(2);
  });
});
