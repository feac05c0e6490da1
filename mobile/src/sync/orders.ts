/**
 * The vendor's orders from the server: at first the open ones and those changed in the last
 * 14 days (a new phone shows them), then only what changed since, and nothing (304) when nothing did.
 */
import { api } from '../api/client';
import { ServerError } from '../api/errors';
import type { ServerOrder } from '../api/types';
import { mergeServerOrders, ordersMeta } from '../store/serverOrders';
import type { OrdersMeta } from '../store/types';

const PAGE_SIZE = 200;
const RECENT_DAYS = 14;
const OPEN = 'nouvelle,en_preparation,en_cours';

type OrderQuery = { updated_since?: string; delivery_status?: string };

/** Every page of one query, or null when the first page is the one the ETag names (304). */
async function download(filters: OrderQuery, etag: string | null): Promise<{ orders: ServerOrder[]; etag: string | null } | null> {
  const orders: ServerOrder[] = [];
  let firstEtag: string | null = null;
  for (let page = 1; ; page += 1) {
    const { data, response } = await api.GET('/api/orders/', {
      params: { query: { ...filters, ordering: 'updated_at', page_size: PAGE_SIZE, page } },
      headers: page === 1 && etag ? { 'If-None-Match': etag } : {},
    });
    if (response.status === 304) return null;
    if (!data) throw new ServerError(response.status, 'Commandes indisponibles');
    if (page === 1) firstEtag = response.headers.get('ETag');
    orders.push(...data.results);
    if (!data.next) return { orders, etag: firstEtag };
  }
}

/** The newest change seen, compared as times (the server's `…00Z` and `…00.5Z` sort wrong as text). */
function newest(orders: ServerOrder[], since: string): string {
  return orders.reduce((latest, o) => (Date.parse(o.updated_at) > Date.parse(latest) ? o.updated_at : latest), since);
}

export async function refreshOrders(now: Date = new Date()): Promise<void> {
  const meta = await ordersMeta();
  const since = meta?.updated_since ?? new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const changed = await download({ updated_since: since }, meta?.etag_since === since ? meta.etag : null);
  if (changed === null) return;
  const open = meta ? [] : ((await download({ delivery_status: OPEN }, null))?.orders ?? []);
  const orders = [...open, ...changed.orders];
  const next: OrdersMeta = { updated_since: newest(orders, since), etag: changed.etag, etag_since: since };
  await mergeServerOrders(orders, next);
}
