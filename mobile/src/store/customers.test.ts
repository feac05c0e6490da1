import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { fields, result, serverOrder } from '../test/fixtures';
import { applyResults } from './applyResults';
import { getCustomer, listCustomers, mergeCustomers, searchCustomers } from './customers';
import { database, DB_NAME } from './db';
import { createOrder, getOrder, listOrders, outboxBatch, updateOrder } from './orders';
import type { LocalCustomer } from './types';

const NOW = new Date('2026-11-24T08:15:00Z');

function customer(name: string, phone: string, change: Partial<LocalCustomer> = {}): LocalCustomer {
  return {
    id: `c-${name}`, name, phone, kind: 'boutique', balance: 0, is_active: true, updated_at: '2026-11-20T00:00:00Z',
    local_id: null, state: 'synced', ...change,
  };
}

const KNOWN = [
  customer('Françoise Ouédraogo', '+22676451289'),
  customer('Boutique Élan', '+22670123456', { balance: 2500 }),
  customer('Issa Kaboré', '+22665000011', { is_active: false }),
];

describe('searching customers on the phone', () => {
  it('finds by name without accents or case, every word counting', () => {
    expect(searchCustomers(KNOWN, 'francoise').map((c) => c.name)).toEqual(['Françoise Ouédraogo']);
    expect(searchCustomers(KNOWN, 'ELAN bout').map((c) => c.name)).toEqual(['Boutique Élan']);
    expect(searchCustomers(KNOWN, 'ouedraogo elan')).toEqual([]);
  });

  it('finds by phone written as people write it, and never a deactivated one', () => {
    expect(searchCustomers(KNOWN, '70 12').map((c) => c.name)).toEqual(['Boutique Élan']);
    expect(searchCustomers(KNOWN, '+226 76 45 12 89').map((c) => c.name)).toEqual(['Françoise Ouédraogo']);
    expect(searchCustomers(KNOWN, '65 00')).toEqual([]);
    expect(searchCustomers(KNOWN, 'issa')).toEqual([]);
    expect(searchCustomers(KNOWN, '  ')).toEqual([]);
  });
});

describe('customers downloaded', () => {
  it('keeps the active ones, drops the deactivated, and remembers where it stands', async () => {
    await mergeCustomers([KNOWN[0]!, KNOWN[1]!], { updated_since: '2026-11-20T00:00:00Z', etag: '"a"', etag_url: 'q' });
    expect((await listCustomers()).map((c) => c.name)).toEqual(['Boutique Élan', 'Françoise Ouédraogo']);
    await mergeCustomers([{ ...KNOWN[1]!, is_active: false }], { updated_since: '2026-11-21T00:00:00Z', etag: null, etag_url: null });
    expect((await listCustomers()).map((c) => c.name)).toEqual(['Françoise Ouédraogo']);
  });
});

describe('a new customer with an order', () => {
  it('queues customer_created before the order_created that names him by his local id', async () => {
    const order = await createOrder(fields({ new_customer: { kind: 'maquis' } }), [], NOW);
    const [created, placed] = await outboxBatch(10);
    expect(created).toMatchObject({
      type: 'customer_created',
      data: { name: 'Awa Ouédraogo', phone: '+22670123456', kind: 'maquis', address: 'Secteur 5', other_phones: [] },
    });
    expect(placed).toMatchObject({ type: 'order_created', local_id: order.local_id, data: { customer_local_id: created!.local_id } });
    expect(order.customer_local_id).toBe(created!.local_id);
    expect(await getCustomer(created!.local_id)).toMatchObject({ state: 'pending', name: 'Awa Ouédraogo' });
  });

  it('a picked customer is sent by his server id', async () => {
    await createOrder(fields({ customer_id: 'c-server' }), [], NOW);
    const [placed] = await outboxBatch(10);
    expect(placed?.data).toMatchObject({ customer_id: 'c-server' });
    expect(placed?.data).not.toHaveProperty('customer_local_id');
  });

  it('takes the server’s customer once synced, and says so when he was already known', async () => {
    const order = await createOrder(fields({ new_customer: { kind: 'maquis' } }), [], NOW);
    const sent = await outboxBatch(10);
    const kept = { ...KNOWN[1]!, id: 'c-known' };
    await applyResults(sent, [
      result(sent[0]!.event_id, sent[0]!.local_id, { status: 'merged', order: null, customer: kept }),
      result(sent[1]!.event_id, order.local_id, { order: serverOrder(order.local_id, { customer_id: 'c-known' }) }),
    ]);
    expect(await getCustomer(sent[0]!.local_id)).toBeUndefined();
    expect(await getCustomer('c-known')).toMatchObject({ name: 'Boutique Élan', state: 'synced', local_id: sent[0]!.local_id });
    expect(await getOrder(order.local_id)).toMatchObject({
      state: 'synced', customer_id: 'c-known', customer_known: 'Client déjà connu : Boutique Élan (+22670123456)',
    });
  });
});

describe('the database upgrade', () => {
  it('keeps the orders and the waiting events of version 1, owned by their order', async () => {
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('kv');
        db.createObjectStore('products', { keyPath: 'id' });
        db.createObjectStore('orders', { keyPath: 'local_id' });
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('by_local_id', 'local_id');
        db.createObjectStore('voice_notes', { keyPath: 'local_id' }).createIndex('by_order', 'order_local_id');
      },
    });
    await v1.put('orders', { local_id: 'o-1', order_number: '261124-AAAAAA', created_at: '2026-11-24T08:00:00Z' });
    await v1.add('outbox', { event_id: 'e-1', local_id: 'o-1', type: 'order_created', occurred_at: '2026-11-24T08:00:00Z', data: {} });
    v1.close();

    const db = await database();
    expect(db.version).toBe(2);
    expect((await listOrders()).map((o) => o.local_id)).toEqual(['o-1']);
    expect(await db.countFromIndex('outbox', 'by_owner', 'o-1')).toBe(1);
    expect(await listCustomers()).toEqual([]);
  });
});

describe('a new customer the server refuses', () => {
  it('is kept refused, never offered again, and his order is resent without him once fixed', async () => {
    const order = await createOrder(fields({ new_customer: { kind: 'maquis' } }), [], NOW);
    const sent = await outboxBatch(10);
    const refusal = { code: 'invalid_time', detail: 'Heure du téléphone invraisemblable.' };
    await applyResults(sent, [
      result(sent[0]!.event_id, sent[0]!.local_id, { status: 'rejected', order: null, error: refusal }),
      result(sent[1]!.event_id, order.local_id, {
        status: 'rejected', order: null, error: { code: 'unknown_customer', detail: 'Client inconnu.' },
      }),
    ]);
    const refused = await getCustomer(sent[0]!.local_id);
    expect(refused).toMatchObject({ state: 'rejected', rejection: 'Heure du téléphone invraisemblable.' });
    expect(searchCustomers(await listCustomers(), 'awa')).toEqual([]);
    expect(await getOrder(order.local_id)).toMatchObject({ state: 'rejected', customer_local_id: null });
    await updateOrder(order.local_id, fields({ notes: 'corrigée' }), [], NOW);
    const [resent] = await outboxBatch(10);
    expect(resent).toMatchObject({ type: 'order_created' });
    expect(resent!.data).not.toHaveProperty('customer_local_id');
  });
});
