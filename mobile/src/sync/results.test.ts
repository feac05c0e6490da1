import { describe, expect, it } from 'vitest';
import { createOrder, getOrder, outboxBatch, outboxSize, updateOrder } from '../store/orders';
import { applyResults } from '../store/applyResults';
import type { LocalOrder } from '../store/types';
import { fields, result, serverOrder } from '../test/fixtures';
import { settleOrder } from './results';

const NOW = new Date('2026-11-24T08:15:00Z');

async function pendingOrder(): Promise<LocalOrder> {
  return createOrder(fields(), [], NOW);
}

describe('settleOrder', () => {
  it('marks an applied creation as synced, with the server id and version', async () => {
    const order = await pendingOrder();
    const settled = settleOrder(order, [result('e1', order.local_id)], false);
    expect(settled).toMatchObject({ state: 'synced', server_id: serverOrder(order.local_id).id, server_version: 1 });
  });

  it('treats a duplicate (a resent batch whose answer was lost) like an applied event', async () => {
    const order = await pendingOrder();
    expect(settleOrder(order, [result('e1', order.local_id, { status: 'duplicate' })], false).state).toBe('synced');
  });

  it('shows a merge as "changed at the office", with the server values and the conflicts', async () => {
    const order = await pendingOrder();
    const conflicts = [{ field: 'priority', client_value: 'basse', server_value: 'haute', kept: 'server' }];
    const settled = settleOrder(order, [result('e2', order.local_id, {
      status: 'merged', conflicts, order: serverOrder(order.local_id, { priority: 'haute', version: 3 }),
    })], false);
    expect(settled).toMatchObject({ state: 'merged', priority: 'haute', server_version: 3, conflicts });
  });

  it('notices an office edit even when the server reports no conflict', async () => {
    const order = await pendingOrder();
    const settled = settleOrder(order, [result('e2', order.local_id, {
      order: serverOrder(order.local_id, { notes: 'Appeler avant', version: 2 }),
    })], false);
    expect(settled).toMatchObject({ state: 'merged', notes: 'Appeler avant' });
  });

  it('keeps the refusal and its French reason', async () => {
    const order = await pendingOrder();
    const settled = settleOrder(order, [result('e1', order.local_id, {
      status: 'rejected', order: null, error: { code: 'not_found', detail: 'Produit archivé : Lait frais.' },
    })], false);
    expect(settled).toMatchObject({ state: 'rejected', rejection: { code: 'not_found', detail: 'Produit archivé : Lait frais.' } });
  });

  it('shows a locked order as the office has it (a refused edit)', async () => {
    const order = await pendingOrder();
    const settled = settleOrder(order, [result('e2', order.local_id, {
      status: 'rejected', error: { code: 'order_locked', detail: 'Commande en préparation.' },
      order: serverOrder(order.local_id, { delivery_status: 'en_preparation', version: 4 }),
    })], false);
    expect(settled).toMatchObject({ state: 'rejected', delivery_status: 'en_preparation', server_version: 4 });
  });

  it('keeps the phone values on display while later edits still wait', async () => {
    const order = await pendingOrder();
    const settled = settleOrder({ ...order, notes: 'Édité' }, [result('e1', order.local_id)], true);
    expect(settled).toMatchObject({ state: 'pending', notes: 'Édité', server_version: 1 });
  });
});

describe('applyResults', () => {
  it('removes the answered events and settles their orders in one go', async () => {
    const order = await pendingOrder();
    const sent = await outboxBatch(10);
    await applyResults(sent, [result(sent[0]!.event_id, order.local_id)]);
    expect(await outboxSize()).toBe(0);
    expect((await getOrder(order.local_id))?.state).toBe('synced');
  });

  it('leaves an event without an answer in the outbox, to be sent again', async () => {
    const first = await pendingOrder();
    await pendingOrder();
    const sent = await outboxBatch(10);
    await applyResults(sent, [result(sent[0]!.event_id, first.local_id)]);
    expect(await outboxSize()).toBe(1);
  });

  it('keeps an order pending while an edit made during the sync still waits', async () => {
    const order = await pendingOrder();
    const sent = await outboxBatch(10);
    await updateOrder(order.local_id, fields({ notes: 'Ajouté pendant l’envoi' }));
    await applyResults(sent, [result(sent[0]!.event_id, order.local_id)]);
    expect(await getOrder(order.local_id)).toMatchObject({ state: 'pending', notes: 'Ajouté pendant l’envoi', server_version: 1 });
  });
});
