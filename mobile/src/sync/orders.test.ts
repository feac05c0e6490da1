import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession } from '../api/session';
import type { ServerOrder } from '../api/types';
import { createOrder, getOrder, isEditable, listOrders, updateOrder } from '../store/orders';
import { ordersMeta } from '../store/serverOrders';
import { fields, serverOrder, signedIn } from '../test/fixtures';
import { refreshOrders } from './orders';
import { downloadedOrder } from './results';

const NOW = new Date('2026-11-24T12:00:00Z');

function page(results: ServerOrder[], etag = '"v1"'): Response {
  return new Response(JSON.stringify({ count: results.length, next: null, previous: null, results }),
    { status: 200, headers: { 'Content-Type': 'application/json', ETag: etag } });
}

function office(localId: string | null, change: Partial<ServerOrder> = {}): ServerOrder {
  return serverOrder(localId ?? '', { local_id: localId, ...change });
}

describe('downloading the vendor\'s orders', () => {
  const seen: URL[] = [];
  const etags: Array<string | null> = [];
  const answers: Response[] = [];
  beforeEach(async () => {
    seen.length = 0;
    etags.length = 0;
    answers.length = 0;
    await signedIn();
    await loadSession();
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      seen.push(new URL(request.url));
      etags.push(request.headers.get('If-None-Match'));
      if (request.headers.get('If-None-Match') === '"v1"') return new Response(null, { status: 304 });
      return answers.shift() ?? page([], '"v1"');
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('fills a new phone with the recent and open orders, then asks only for what changed', async () => {
    const recent = office('11111111-1111-4111-8111-111111111111', { updated_at: '2026-11-23T08:00:00Z' });
    const old = office(null, { id: '22222222-2222-4222-8222-222222222222' }); // placed long ago, still open
    answers.push(page([recent], '"recent"'), page([old], '"open"'));
    await refreshOrders(NOW);
    expect(seen[0]!.searchParams.get('updated_since')).toBe('2026-11-10T12:00:00.000Z');
    expect(seen[1]!.searchParams.get('delivery_status')).toBe('nouvelle,en_preparation,en_cours');
    const orders = await listOrders();
    expect(orders.map((o) => [o.local_id, o.state, o.delivery_status])).toEqual([
      [recent.local_id, 'synced', 'nouvelle'], [old.id, 'synced', 'nouvelle'],
    ]);
    expect(orders.map(isEditable)).toEqual([true, false]); // one placed elsewhere has no local_id to sync by

    await refreshOrders(NOW);
    expect(seen[2]!.searchParams.get('updated_since')).toBe('2026-11-24T08:00:00Z');
    expect(seen).toHaveLength(3);
  });

  it('pays nothing when nothing changed: the ETag of the same question answers 304', async () => {
    await refreshOrders(NOW);
    await refreshOrders(NOW);
    expect(etags).toEqual([null, null, '"v1"']); // recent, open, then the same recent question
    expect((await ordersMeta())?.etag).toBe('"v1"');
  });

  it('brings the office\'s status change to an order the phone sent', async () => {
    const order = await createOrder(fields(), [], NOW);
    const synced = { ...order, state: 'synced' as const, server_id: 's', server_version: 1 };
    expect(downloadedOrder(synced, office(order.local_id, { id: 's', version: 2, delivery_status: 'en_preparation' }), false))
      .toMatchObject({ delivery_status: 'en_preparation', server_version: 2, state: 'synced', created_at: order.created_at });
    expect(downloadedOrder(synced, office(order.local_id, { id: 's', version: 1 }), false)).toBeNull();
    expect(downloadedOrder(synced, office(order.local_id, { id: 's', version: 2, client_name: 'Awa O.' }), false))
      .toMatchObject({ client_name: 'Awa O.', state: 'merged' });
  });

  it('never overwrites an edit the phone has not sent yet', async () => {
    const order = await createOrder(fields(), [], NOW);
    await updateOrder(order.local_id, fields({ client_name: 'Awa (modifiée)' }), [], NOW);
    answers.push(page([office(order.local_id, { version: 3, delivery_status: 'en_cours', client_name: 'Bureau' })]));
    await refreshOrders(NOW);
    expect(await getOrder(order.local_id)).toMatchObject({ client_name: 'Awa (modifiée)', state: 'pending', delivery_status: 'nouvelle' });
  });
});
