/** Customers refresh, as the catalogue's: what changed since the last look, nothing (304) when nothing did. */
import { api } from '../api/client';
import { ServerError } from '../api/errors';
import type { CustomerBrief } from '../api/types';
import { brief, customersMeta, mergeCustomers } from '../store/customers';
import type { CustomersMeta } from '../store/types';

const PAGE_SIZE = 200;

function newest(customers: CustomerBrief[], since: string | null): string | null {
  return customers.reduce<string | null>(
    (latest, c) => (latest === null || Date.parse(c.updated_at) > Date.parse(latest) ? c.updated_at : latest), since,
  );
}

export async function refreshCustomers(): Promise<void> {
  const meta = await customersMeta();
  const since = meta?.updated_since ?? null;
  // The first download takes the active ones; then `updated_since` brings deactivations too.
  const query = { page_size: PAGE_SIZE, page: 1, ordering: 'updated_at', ...(since ? { updated_since: since } : {}) };
  const firstUrl = JSON.stringify(query);
  const headers: Record<string, string> = meta?.etag && meta.etag_url === firstUrl ? { 'If-None-Match': meta.etag } : {};
  const collected: CustomerBrief[] = [];
  let etag: string | null = null;
  for (let page = 1; ; page += 1) {
    const { data, response } = await api.GET('/api/customers/', {
      params: { query: { ...query, page } }, headers: page === 1 ? headers : {},
    });
    if (response.status === 304) return;
    if (!data) throw new ServerError(response.status, 'Clients indisponibles');
    if (page === 1) etag = response.headers.get('ETag');
    collected.push(...data.results.map(brief));
    if (!data.next) break;
  }
  const next: CustomersMeta = { updated_since: newest(collected, since), etag, etag_url: firstUrl };
  await mergeCustomers(collected, next);
}
