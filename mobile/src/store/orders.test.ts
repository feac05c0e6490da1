import { describe, expect, it } from 'vitest';
import { orderNumber } from '../lib/orderNumber';
import { fields, LAIT, YAOURT } from '../test/fixtures';
import { closeDatabase } from './db';
import { createOrder, getOrder, listOrders, outboxBatch, outboxSize, updateOrder } from './orders';
import { unsyncedWork } from './pending';
import { notesOf } from './voiceNotes';

const NOW = new Date('2026-11-24T08:15:00Z');

describe('the outbox', () => {
  it('records a new order, its number and its order_created event at once', async () => {
    const order = await createOrder(fields(), [], NOW);
    expect(order.order_number).toBe(orderNumber(order.local_id, NOW));
    expect(order.state).toBe('pending');
    expect(order.total_price).toBe(800);
    const [event] = await outboxBatch(10);
    expect(event).toMatchObject({
      local_id: order.local_id, type: 'order_created', occurred_at: '2026-11-24T08:15:00.000Z',
      data: {
        client_name: 'Awa Ouédraogo', client_phone: '+22670123456', priority: 'moyenne', payment_status: 'non_payee',
        items: [{ product_id: YAOURT, quantity: 2, unit_price: 400 }],
      },
    });
    expect(event?.data).not.toHaveProperty('notes'); // empty fields cost bytes for nothing
  });

  it('survives a restart of the app (a new connection to the database)', async () => {
    const order = await createOrder(fields(), [], NOW);
    await closeDatabase();
    expect(await getOrder(order.local_id)).toMatchObject({ order_number: order.order_number });
    expect(await outboxSize()).toBe(1);
  });

  it('keeps the voice notes recorded with the order, in the same write', async () => {
    const blob = new Blob([new Uint8Array(64)], { type: 'audio/webm;codecs=opus' });
    const order = await createOrder(fields(), [{ blob, duration_seconds: 3.04 }], NOW);
    const [note] = await notesOf(order.local_id);
    expect(note).toMatchObject({ content_type: 'audio/webm', duration_seconds: 3, uploaded: null });
    expect(await unsyncedWork()).toBe(2);
  });

  it('records an edit as order_updated with only the changed fields and the known version', async () => {
    const order = await createOrder(fields(), [], NOW);
    const items = [...fields().items, { product_id: LAIT, product_name: 'Lait', unit: 'litre', quantity: 2.5, unit_price: 600 }];
    await updateOrder(order.local_id, fields({ priority: 'haute', items }), [], new Date('2026-11-24T09:00:00Z'));
    const [, update] = await outboxBatch(10);
    expect(update).toMatchObject({
      type: 'order_updated', base_version: 1,
      data: { priority: 'haute', items: [{ product_id: YAOURT, quantity: 2, unit_price: 400 }, { product_id: LAIT, quantity: 2.5, unit_price: 600 }] },
    });
    expect(Object.keys(update!.data!).sort()).toEqual(['items', 'priority']);
    expect((await getOrder(order.local_id))?.total_price).toBe(2300);
  });

  it('records nothing when an edit changes nothing', async () => {
    const order = await createOrder(fields(), [], NOW);
    expect(await updateOrder(order.local_id, fields())).toBeNull();
    expect(await outboxSize()).toBe(1);
  });

  it('sends a cleared phone as null, so the server clears it too', async () => {
    const order = await createOrder(fields(), [], NOW);
    await updateOrder(order.local_id, fields({ client_phone: '' }));
    const [, update] = await outboxBatch(10);
    expect(update?.data).toEqual({ client_phone: null });
  });

  it('hands out events oldest first and lists orders newest first', async () => {
    const first = await createOrder(fields({ client_name: 'Premier' }), [], new Date('2026-11-24T08:00:00Z'));
    const second = await createOrder(fields({ client_name: 'Second' }), [], new Date('2026-11-24T09:00:00Z'));
    expect((await outboxBatch(10)).map((e) => e.local_id)).toEqual([first.local_id, second.local_id]);
    expect((await listOrders()).map((o) => o.client_name)).toEqual(['Second', 'Premier']);
    expect(await outboxBatch(1)).toHaveLength(1);
  });
});
