import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession } from '../api/session';
import type { CustomerBrief } from '../api/types';
import { listCustomers } from '../store/customers';
import { signedIn } from '../test/fixtures';
import { refreshCustomers } from './customers';

function customer(id: string, change: Partial<CustomerBrief> = {}): CustomerBrief {
  return {
    id, name: `Client ${id}`, phone: '+22670000000', kind: 'boutique', balance: 0, is_active: true,
    updated_at: '2026-11-20T08:00:00Z', ...change,
  };
}

function page(results: CustomerBrief[], etag: string): Response {
  return new Response(JSON.stringify({ count: results.length, next: null, previous: null, results }),
    { status: 200, headers: { 'Content-Type': 'application/json', ETag: etag } });
}

describe('refreshCustomers', () => {
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

  it('asks only for what changed since, takes new balances, drops deactivated customers', async () => {
    answers.push(page([customer('a'), customer('b', { updated_at: '2026-11-21T09:00:00.5Z' })], '"v1"'));
    await refreshCustomers();
    expect(new URL(seen[0]!.url).searchParams.has('updated_since')).toBe(false);

    answers.push(page([
      customer('a', { balance: 1500, updated_at: '2026-11-23T10:00:00Z' }),
      customer('b', { is_active: false, updated_at: '2026-11-23T10:00:00Z' }),
    ], '"v2"'));
    await refreshCustomers();
    expect(new URL(seen[1]!.url).searchParams.get('updated_since')).toBe('2026-11-21T09:00:00.5Z');
    expect((await listCustomers()).map((c) => [c.id, c.balance])).toEqual([['a', 1500]]);
  });

  it('costs nothing when nothing changed: If-None-Match, 304, customers kept', async () => {
    answers.push(page([customer('a')], '"v1"'));
    await refreshCustomers();
    answers.push(page([], '"v2"'));
    await refreshCustomers(); // the first look with updated_since
    answers.push(new Response(null, { status: 304 }));
    await refreshCustomers();
    expect(seen[2]!.headers.get('If-None-Match')).toBe('"v2"');
    expect(await listCustomers()).toHaveLength(1);
  });
});
