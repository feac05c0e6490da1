import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession } from '../api/session';
import type { DownloadedPayment } from '../lib/cashbook';
import { cashOfDay } from '../lib/cashbook';
import { applyResults } from '../store/applyResults';
import { knownPayments, myPaymentsMeta } from '../store/myPayments';
import { createOrder, outboxBatch } from '../store/orders';
import { recordPayment } from '../store/payments';
import { fields, result, signedIn, VENDEUR } from '../test/fixtures';
import { refreshMyPayments } from './myPayments';

const NOW = new Date('2026-11-29T12:00:00Z');

function listed(localId: string, receivedAt: string, change: Partial<DownloadedPayment> = {}) {
  return {
    id: `id-${localId}`, local_id: localId, order_id: '9a000000-0000-5000-8000-000000000001', order_number: '261124-ABCDEF',
    amount: 1000, method: 'especes', reference: '', received_at: receivedAt, received_by: VENDEUR.id,
    received_by_username: VENDEUR.username, created_at: receivedAt, reversed_at: null, ...change,
  };
}

function page(results: unknown[], next: string | null = null): Response {
  return new Response(JSON.stringify({ count: results.length, next, previous: null, results }),
    { status: 200, headers: { 'Content-Type': 'application/json' } });
}

describe('the vendor\'s payments from the server', () => {
  const seen: URL[] = [];
  const answers: Response[] = [];
  beforeEach(async () => {
    seen.length = 0;
    answers.length = 0;
    await signedIn();
    await loadSession();
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      seen.push(new URL(request.url));
      return answers.shift() ?? page([]);
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks for his own, newest first, and keeps today\'s and yesterday\'s, stopping at older ones', async () => {
    answers.push(page([listed('t', '2026-11-29T08:00:00Z'), listed('y', '2026-11-28T00:00:00Z')], 'page-2'),
      page([listed('old', '2026-11-27T23:59:59Z'), listed('older', '2026-11-20T10:00:00Z')], 'page-3'));
    await refreshMyPayments(NOW);
    expect(seen).toHaveLength(2); // the third page is never asked for
    expect(seen[0]!.pathname).toBe('/api/payments/');
    expect(Object.fromEntries(seen[0]!.searchParams)).toMatchObject({ created_by: VENDEUR.id, ordering: '-received_at' });
    const meta = await myPaymentsMeta();
    expect(meta?.payments.map((p) => p.local_id)).toEqual(['t', 'y']);
    expect(meta?.payments[0]).not.toHaveProperty('received_by_username'); // only what the screen needs
  });

  it('asks again only after a while, unless the screen forces it', async () => {
    await refreshMyPayments(NOW);
    await refreshMyPayments(new Date(NOW.getTime() + 60_000));
    expect(seen).toHaveLength(1);
    await refreshMyPayments(new Date(NOW.getTime() + 60_000), true);
    await refreshMyPayments(new Date(NOW.getTime() + 11 * 60_000));
    expect(seen).toHaveLength(3);
  });

  it('counts a payment taken offline, then sent and downloaded, once', async () => {
    const order = await createOrder(fields(), [], NOW); // 800 FCFA
    await recordPayment(order.local_id, { amount: 300, method: 'moov_money', reference: 'MM-9' }, NOW);
    let cash = cashOfDay('2026-11-29', (await knownPayments(VENDEUR.id)).entries);
    expect(cash).toMatchObject({ total: 300, count: 1 });
    expect(cash.entries[0]).toMatchObject({ method: 'moov_money', sent: false, client_name: 'Awa Ouédraogo' });

    const sent = await outboxBatch(10);
    await applyResults(sent, sent.map((event) => result(event.event_id, event.local_id)));
    const paymentId = sent.find((event) => event.type === 'payment_received')!.local_id;
    answers.push(page([listed(paymentId, NOW.toISOString(), { amount: 300, method: 'moov_money', reference: 'MM-9' })]));
    await refreshMyPayments(NOW, true);
    cash = cashOfDay('2026-11-29', (await knownPayments(VENDEUR.id)).entries);
    expect(cash).toMatchObject({ total: 300, count: 1 });
    expect(cash.entries[0]).toMatchObject({ sent: true, client_name: 'Awa Ouédraogo' });
  });
});
