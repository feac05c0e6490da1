import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession } from '../api/session';
import type { Product } from '../api/types';
import { catalogueMeta, listProducts } from '../store/catalogue';
import { signedIn } from '../test/fixtures';
import { refreshCatalogue } from './catalogue';

function product(id: string, change: Partial<Product> = {}): Product {
  return {
    id, name: `Produit ${id}`, category_id: 'c', category_name: 'Yaourts', unit: 'pot', unit_price: 150, barcode: null,
    stock_quantity: 10, reserved_quantity: 0, available_quantity: 10, min_stock_level: 1, is_low_stock: false,
    expiration_date: null, is_active: true, version: 1, created_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z', ...change,
  } as Product;
}

function page(results: Product[], etag: string): Response {
  return new Response(JSON.stringify({ count: results.length, next: null, previous: null, results }),
    { status: 200, headers: { 'Content-Type': 'application/json', ETag: etag } });
}

describe('refreshCatalogue', () => {
  const seen: Request[] = [];
  const answers: Response[] = [];
  beforeEach(async () => {
    seen.length = 0;
    await signedIn();
    await loadSession();
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      seen.push(request);
      return answers.shift()!;
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks only for what changed since the newest product it has, and drops archived ones', async () => {
    answers.push(page([product('a'), product('b', { updated_at: '2026-11-21T09:00:00Z' })], '"v1"'));
    await refreshCatalogue(new Date('2026-11-22T08:00:00Z'));
    expect(new URL(seen[0]!.url).searchParams.has('updated_since')).toBe(false);

    answers.push(page([product('b', { is_active: false, updated_at: '2026-11-23T10:00:00Z' })], '"v2"'));
    await refreshCatalogue(new Date('2026-11-23T12:00:00Z'));
    expect(new URL(seen[1]!.url).searchParams.get('updated_since')).toBe('2026-11-21T09:00:00Z');
    expect((await listProducts()).map((p) => p.id)).toEqual(['a']);
  });

  it('pays nothing when nothing changed: If-None-Match, 304, prices kept, date refreshed', async () => {
    answers.push(page([product('a')], '"v1"'));
    await refreshCatalogue(new Date('2026-11-22T08:00:00Z'));
    answers.push(page([product('a')], '"v1"'));
    await refreshCatalogue(new Date('2026-11-22T09:00:00Z')); // the first look with updated_since
    answers.push(new Response(null, { status: 304 }));
    await refreshCatalogue(new Date('2026-11-22T10:00:00Z'));
    expect(seen[2]!.headers.get('If-None-Match')).toBe('"v1"');
    expect((await catalogueMeta())?.checked_at).toBe('2026-11-22T10:00:00.000Z');
    expect(await listProducts()).toHaveLength(1);
  });
});
