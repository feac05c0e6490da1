import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getValue, setValue } from '../store/db';
import { VENDEUR } from '../test/fixtures';
import { SessionExpired } from './errors';
import { accessToken, loadSession } from './session';

const EXPIRED = `x.${btoa(JSON.stringify({ exp: 1 }))}.sig`;

describe('the session', () => {
  beforeEach(async () => {
    await setValue('session', { access: EXPIRED, refresh: 'refresh-1', user: VENDEUR });
    await loadSession();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('rotates the refresh token once for concurrent callers and stores the new pair', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ access: 'access-2', refresh: 'refresh-2' }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    expect(await Promise.all([accessToken(), accessToken()])).toEqual(['access-2', 'access-2']);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await getValue('session')).toMatchObject({ access: 'access-2', refresh: 'refresh-2', user: VENDEUR });
  });

  it('reports an expired session when the refresh token is refused', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"code":"token_invalid"}', { status: 401 })));
    await expect(accessToken()).rejects.toBeInstanceOf(SessionExpired);
  });
});
