/** Catalogue refresh: only what changed since the last look, and nothing at all (304) when nothing did. */
import { api } from '../api/client';
import { ServerError } from '../api/errors';
import type { Product } from '../api/types';
import { catalogueMeta, markCatalogueChecked, mergeProducts, newestUpdate } from '../store/catalogue';
import type { CatalogueMeta } from '../store/types';

const PAGE_SIZE = 200;

export async function refreshCatalogue(now: Date = new Date()): Promise<void> {
  const meta = await catalogueMeta();
  const since = meta?.updated_since ?? null;
  const query = { page_size: PAGE_SIZE, page: 1, ...(since ? { updated_since: since } : {}) };
  const firstUrl = JSON.stringify(query);
  const headers: Record<string, string> = meta?.etag && meta.etag_url === firstUrl ? { 'If-None-Match': meta.etag } : {};
  const collected: Product[] = [];
  let etag: string | null = null;
  for (let page = 1; ; page += 1) {
    const { data, response } = await api.GET('/api/products/', {
      params: { query: { ...query, page } }, headers: page === 1 ? headers : {},
    });
    if (response.status === 304 && meta) {
      await markCatalogueChecked({ ...meta, checked_at: now.toISOString() });
      return;
    }
    if (!data) throw new ServerError(response.status, 'Catalogue indisponible');
    if (page === 1) etag = response.headers.get('ETag');
    collected.push(...data.results);
    if (!data.next) break;
  }
  const next: CatalogueMeta = {
    checked_at: now.toISOString(), updated_since: newestUpdate(collected, since), etag, etag_url: firstUrl,
  };
  await mergeProducts(collected, next);
}
