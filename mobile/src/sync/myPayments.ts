/**
 * The vendor's own payments of today and yesterday from the server, newest first, so that
 * « Ma caisse du jour » also counts those recorded elsewhere and drops those the office reversed.
 * At most once every few minutes from the sync (vendors pay for every byte); at once from the screen.
 */
import { api } from '../api/client';
import { ServerError } from '../api/errors';
import { addDays, today } from '../lib/dates';
import { type DownloadedPayment, shopDay } from '../lib/cashbook';
import { getValue } from '../store/db';
import { keepMyPayments, myPaymentsMeta } from '../store/myPayments';

const PAGE_SIZE = 100;
export const REFRESH_EVERY_MS = 10 * 60_000;

function kept({ local_id, order_id, order_number, amount, method, reference, received_at, received_by, reversed_at }: DownloadedPayment): DownloadedPayment {
  return { local_id, order_id, order_number, amount, method, reference, received_at, received_by, reversed_at: reversed_at ?? null };
}

async function isFresh(now: Date): Promise<boolean> {
  const meta = await myPaymentsMeta();
  if (!meta) return false;
  return shopDay(meta.fetched_at) === today(now) && now.getTime() - Date.parse(meta.fetched_at) < REFRESH_EVERY_MS;
}

export async function refreshMyPayments(now: Date = new Date(), force = false): Promise<void> {
  const userId = (await getValue('session'))?.user.id;
  if (!userId || (!force && (await isFresh(now)))) return;
  const from = addDays(today(now), -1);
  const collected: DownloadedPayment[] = [];
  for (let page = 1; ; page += 1) {
    const { data, response } = await api.GET('/api/payments/', {
      params: { query: { created_by: userId, ordering: '-received_at', page_size: PAGE_SIZE, page } },
    });
    if (!data) throw new ServerError(response.status, 'Paiements indisponibles');
    const recent = data.results.filter((payment) => shopDay(payment.received_at) >= from);
    collected.push(...recent.map(kept));
    if (!data.next || recent.length < data.results.length) break;
  }
  await keepMyPayments(collected, now.toISOString());
}
