/**
 * « Ma caisse du jour »: the money this vendor received on one day, by payment method, worked out
 * on the phone from the payments it recorded (sent or not) and those of his it downloaded.
 */
import type { PaymentMethod } from '../api/types';
import type { LocalOrder } from '../store/types';

export const CASH_METHODS: PaymentMethod[] = ['especes', 'orange_money', 'moov_money', 'virement', 'cheque'];

/** One payment as the server lists it (`GET /api/payments/`): what the phone keeps of it. */
export interface DownloadedPayment {
  local_id: string;
  order_id: string;
  order_number: string;
  amount: number;
  method: PaymentMethod;
  reference: string;
  received_at: string;
  received_by: string;
  reversed_at?: string | null;
}

export interface CashEntry {
  local_id: string;
  received_at: string;
  order_number: string;
  client_name: string;
  amount: number;
  method: PaymentMethod;
  reference: string;
  sent: boolean; // the server has it
}

export interface MethodTotal {
  method: PaymentMethod;
  count: number;
  amount: number;
}

export interface CashDay {
  day: string;
  total: number;
  count: number;
  methods: MethodTotal[];
  entries: CashEntry[]; // oldest first
}

/** The shop's day of a moment: Koudougou (Africa/Ouagadougou) is on UTC all year, without summer time. */
export function shopDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function localEntries(orders: LocalOrder[]): CashEntry[] {
  return orders.flatMap((order) => (order.payments ?? [])
    .filter((payment) => payment.state !== 'rejected')
    .map((payment) => ({
      local_id: payment.local_id, received_at: payment.received_at, order_number: order.order_number,
      client_name: order.client_name, amount: payment.amount, method: payment.method, reference: payment.reference,
      sent: payment.state === 'synced',
    })));
}

function downloadedEntry(payment: DownloadedPayment, orders: LocalOrder[]): CashEntry {
  const order = orders.find((o) => o.server_id === payment.order_id || o.local_id === payment.order_id);
  return {
    local_id: payment.local_id, received_at: payment.received_at, order_number: payment.order_number,
    client_name: order?.client_name ?? '', amount: payment.amount, method: payment.method, reference: payment.reference,
    sent: true,
  };
}

/**
 * Every payment of the vendor once: one recorded here and also downloaded is the same `local_id`
 * (the server's word wins: it may know it reversed); a refused or reversed one counts for nothing.
 */
export function myPayments(orders: LocalOrder[], downloaded: DownloadedPayment[], userId: string): CashEntry[] {
  const byId = new Map(localEntries(orders).map((entry) => [entry.local_id, entry]));
  for (const payment of downloaded) {
    if (payment.received_by !== userId) continue;
    if (payment.reversed_at) byId.delete(payment.local_id);
    else byId.set(payment.local_id, { ...downloadedEntry(payment, orders), ...clientOf(byId.get(payment.local_id)) });
  }
  return [...byId.values()];
}

function clientOf(entry: CashEntry | undefined): Partial<CashEntry> {
  return entry?.client_name ? { client_name: entry.client_name } : {};
}

/** The day's cash: total, count and amount per method (all five, in the usual order), the list oldest first. */
export function cashOfDay(day: string, entries: CashEntry[]): CashDay {
  const ofDay = entries.filter((entry) => shopDay(entry.received_at) === day)
    .sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at));
  const methods = CASH_METHODS.map((method) => {
    const paid = ofDay.filter((entry) => entry.method === method);
    return { method, count: paid.length, amount: paid.reduce((sum, entry) => sum + entry.amount, 0) };
  });
  return {
    day, total: methods.reduce((sum, m) => sum + m.amount, 0), count: ofDay.length, methods, entries: ofDay,
  };
}
