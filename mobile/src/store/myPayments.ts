/** The vendor's own payments downloaded from the server (today and yesterday), kept for « Ma caisse du jour » offline. */
import { type CashEntry, type DownloadedPayment, myPayments } from '../lib/cashbook';
import { getValue, setValue } from './db';
import { listOrders } from './orders';
import type { MyPaymentsMeta } from './types';

export async function myPaymentsMeta(): Promise<MyPaymentsMeta | undefined> {
  return getValue('my_payments');
}

export async function keepMyPayments(payments: DownloadedPayment[], at: string): Promise<void> {
  await setValue('my_payments', { fetched_at: at, payments });
}

/** Every payment of this vendor the phone knows of, each once. */
export async function knownPayments(userId: string): Promise<{ entries: CashEntry[]; fetchedAt: string | null }> {
  const [orders, meta] = await Promise.all([listOrders(), myPaymentsMeta()]);
  return { entries: myPayments(orders, meta?.payments ?? [], userId), fetchedAt: meta?.fetched_at ?? null };
}
