import { describe, expect, it } from 'vitest';
import type { LocalOrder, LocalPayment } from '../store/types';
import { type DownloadedPayment, cashOfDay, myPayments, shopDay } from './cashbook';

const ME = 'u-salif';

function payment(change: Partial<LocalPayment>): LocalPayment {
  return {
    local_id: 'p1', amount: 1000, method: 'especes', reference: '', received_at: '2026-11-29T09:00:00Z', state: 'pending',
    rejection: null, ...change,
  };
}

function order(localId: string, payments: LocalPayment[], change: Partial<LocalOrder> = {}): LocalOrder {
  return {
    local_id: localId, order_number: `261129-${localId.toUpperCase()}`, created_at: '2026-11-29T08:00:00Z',
    updated_at: '2026-11-29T08:00:00Z', state: 'pending', server_id: `srv-${localId}`, server_version: 1,
    delivery_status: 'nouvelle', total_price: 10_000, rejection: null, conflicts: [], client_name: `Client ${localId}`,
    client_phone: '', delivery_address: '', delivery_date: '', priority: 'moyenne', payment_status: 'partielle', notes: '',
    items: [], payments, ...change,
  };
}

function downloaded(change: Partial<DownloadedPayment>): DownloadedPayment {
  return {
    local_id: 'd1', order_id: 'srv-a', order_number: '261129-A', amount: 500, method: 'especes', reference: '',
    received_at: '2026-11-29T10:00:00Z', received_by: ME, reversed_at: null, ...change,
  };
}

describe('« Ma caisse du jour »', () => {
  it('adds the day by method with the count of payments, all five methods listed', () => {
    const orders = [
      order('a', [payment({ local_id: 'p1', amount: 1500 }), payment({ local_id: 'p2', amount: 2000, state: 'synced' })]),
      order('b', [payment({ local_id: 'p3', amount: 3000, method: 'moov_money', reference: 'MM-1' })]),
    ];
    const cash = cashOfDay('2026-11-29', myPayments(orders, [], ME));
    expect(cash.total).toBe(6500);
    expect(cash.count).toBe(3);
    expect(cash.methods).toEqual([
      { method: 'especes', count: 2, amount: 3500 }, { method: 'orange_money', count: 0, amount: 0 },
      { method: 'moov_money', count: 1, amount: 3000 }, { method: 'virement', count: 0, amount: 0 },
      { method: 'cheque', count: 0, amount: 0 },
    ]);
    expect(cash.entries.find((e) => e.method === 'moov_money')).toMatchObject({
      order_number: '261129-B', client_name: 'Client b', reference: 'MM-1', sent: false,
    });
  });

  it('counts a payment queued here and downloaded once synced only once, as sent', () => {
    const orders = [order('a', [payment({ local_id: 'p1', amount: 1500, state: 'synced' })])];
    const server = [downloaded({ local_id: 'p1', amount: 1500 }), downloaded({ local_id: 'd2', amount: 700, order_id: 'srv-a' })];
    const cash = cashOfDay('2026-11-29', myPayments(orders, server, ME));
    expect(cash.total).toBe(2200);
    expect(cash.count).toBe(2);
    expect(cash.entries.map((e) => [e.local_id, e.client_name, e.sent])).toEqual([['p1', 'Client a', true], ['d2', 'Client a', true]]);
  });

  it('leaves out refused payments, reversed ones and those another user received', () => {
    const orders = [order('a', [
      payment({ local_id: 'p1', amount: 1500, state: 'rejected', rejection: 'Paiement refusé' }),
      payment({ local_id: 'p2', amount: 2000, state: 'synced' }),
      payment({ local_id: 'p3', amount: 400 }),
    ])];
    const server = [
      downloaded({ local_id: 'p2', amount: 2000, reversed_at: '2026-11-29T11:00:00Z' }),
      downloaded({ local_id: 'd9', amount: 9000, received_by: 'someone-else' }),
    ];
    const cash = cashOfDay('2026-11-29', myPayments(orders, server, ME));
    expect(cash.total).toBe(400);
    expect(cash.entries.map((e) => e.local_id)).toEqual(['p3']);
  });

  it('cuts the days at midnight in Ouagadougou (UTC), whatever the phone\'s own zone', () => {
    expect(shopDay('2026-11-29T23:59:59.999Z')).toBe('2026-11-29');
    expect(shopDay('2026-11-30T00:00:00Z')).toBe('2026-11-30');
    expect(shopDay('2026-11-30T00:30:00+01:00')).toBe('2026-11-29');
    const orders = [order('a', [
      payment({ local_id: 'late', amount: 100, received_at: '2026-11-28T23:59:59Z' }),
      payment({ local_id: 'early', amount: 200, received_at: '2026-11-29T00:00:00Z' }),
      payment({ local_id: 'noon', amount: 300, received_at: '2026-11-29T12:00:00Z' }),
    ])];
    const entries = myPayments(orders, [], ME);
    expect(cashOfDay('2026-11-28', entries).total).toBe(100);
    const today = cashOfDay('2026-11-29', entries);
    expect(today.total).toBe(500);
    expect(today.entries.map((e) => e.local_id)).toEqual(['early', 'noon']); // oldest first
    expect(cashOfDay('2026-11-30', entries)).toMatchObject({ total: 0, count: 0, entries: [] });
  });
});
