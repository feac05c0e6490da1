import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession } from '../api/session';
import type { SyncIn } from '../api/types';
import { getValue } from '../store/db';
import { createOrder, getOrder, listOrders, outboxSize } from '../store/orders';
import { fields, serverOrder, signedIn } from '../test/fixtures';
import { forgetClockOffset } from './clockOffset';
import { sendOutbox, runSync } from './engine';

const EMPTY_PAGE = JSON.stringify({ count: 0, next: null, previous: null, results: [] });

/** A server that remembers event ids, as the real one: a resent event answers `duplicate`. */
function fakeServer(aheadMs = 0) {
  const seen = new Set<string>();
  const batches: number[] = [];
  const bodies: SyncIn[] = [];
  let loseNextAnswer = false;
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    if (['/api/products/', '/api/orders/', '/api/customers/', '/api/payments/'].includes(url.pathname)) return new Response(EMPTY_PAGE, { status: 200 });
    const body = (await request.json()) as SyncIn;
    batches.push(body.events.length);
    bodies.push(body);
    const results = body.events.map((event) => {
      const duplicate = seen.has(event.event_id);
      seen.add(event.event_id);
      return { event_id: event.event_id, local_id: event.local_id, status: duplicate ? 'duplicate' : 'applied',
        order: serverOrder(event.local_id, { client_name: (event.type === 'order_created' && event.data?.client_name) || '' }),
        conflicts: [], error: null };
    });
    if (loseNextAnswer) {
      loseNextAnswer = false;
      throw new TypeError('Failed to fetch'); // applied on the server, the answer lost on the way
    }
    const answer = JSON.stringify({ server_time: new Date(Date.now() + aheadMs).toISOString(), clock_offset_seconds: 0, results });
    return new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return { fetch, seen, batches, bodies, loseAnswer: () => { loseNextAnswer = true; } };
}

describe('sending the outbox', () => {
  let server: ReturnType<typeof fakeServer>;
  beforeEach(async () => {
    await signedIn();
    await loadSession();
    server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends in batches, oldest first, and settles every order', async () => {
    for (let i = 0; i < 5; i += 1) await createOrder(fields({ client_name: `Client ${i}` }));
    expect(await sendOutbox(2)).toBe(5);
    expect(server.batches).toEqual([2, 2, 1]);
    expect(await outboxSize()).toBe(0);
    expect((await listOrders()).every((o) => o.state === 'synced')).toBe(true);
  });

  it('keeps everything after a network failure and sends it again without a second order', async () => {
    const order = await createOrder(fields());
    server.loseAnswer();
    const failed = await runSync();
    expect(failed.outcome).toBe('retry');
    expect(failed.report).toMatchObject({ ok: false, error: 'réseau indisponible' });
    expect(await outboxSize()).toBe(1);
    expect((await getOrder(order.local_id))?.state).toBe('pending');

    const retried = await runSync();
    expect(retried.outcome).toBe('ok');
    expect(server.seen.size).toBe(1); // the same event_id both times
    expect((await getOrder(order.local_id))?.state).toBe('synced');
  });

  it('sends the clock offset it measured on the previous answer, none before the first', async () => {
    forgetClockOffset();
    server = fakeServer(7_200_000); // the server's clock two hours ahead
    vi.stubGlobal('fetch', server.fetch);
    await createOrder(fields());
    await sendOutbox();
    await createOrder(fields());
    await sendOutbox();
    const [first, second] = server.bodies;
    expect(first).not.toHaveProperty('clock_offset_estimate_seconds');
    expect(first).not.toHaveProperty('clock_offset_estimate_error_seconds');
    const error = second?.clock_offset_estimate_error_seconds as number;
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(5);
    expect(Math.abs((second?.clock_offset_estimate_seconds as number) - 7200)).toBeLessThanOrEqual(error);
  });

  it('reports the bytes a sync cost', async () => {
    await createOrder(fields());
    const { report } = await runSync();
    expect(report.bytes).toBeGreaterThan(300);
    expect((await getValue('last_sync'))?.bytes).toBe(report.bytes);
  });
});
