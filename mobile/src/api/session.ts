/**
 * The vendor's session: tokens kept in IndexedDB so that it survives days offline and restarts.
 * Refresh tokens rotate, so one refresh at a time, and the new pair is stored before it is used.
 */
import { deleteValue, getValue, setValue } from '../store/db';
import type { Session } from '../store/types';
import { NetworkError, ServerError, SessionExpired } from './errors';
import { API_ORIGIN, meteredFetch } from './meter';
import type { User } from './types';

const EARLY_REFRESH_SECONDS = 60;
let current: Session | null = null;
let refreshing: Promise<string> | null = null;

export async function loadSession(): Promise<Session | null> {
  current = (await getValue('session')) ?? null;
  return current;
}

export function sessionUser(): User | null {
  return current?.user ?? null;
}

async function post(path: string, body: unknown): Promise<Response> {
  const request = new Request(`${API_ORIGIN}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  try {
    return await meteredFetch(request);
  } catch {
    throw new NetworkError();
  }
}

async function detailOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    return typeof body.detail === 'string' ? body.detail : `Erreur ${response.status}`;
  } catch {
    return `Erreur ${response.status}`;
  }
}

/** Signs in; a 401/429 answer's French detail is the error message shown to the vendor. */
export async function login(username: string, password: string): Promise<Session> {
  const response = await post('/api/auth/login/', { username, password });
  if (!response.ok) throw new ServerError(response.status, await detailOf(response));
  const body = (await response.json()) as { access: string; refresh: string; user: User };
  current = { access: body.access, refresh: body.refresh, user: body.user };
  await setValue('session', current);
  return current;
}

export async function forgetSession(): Promise<void> {
  current = null;
  await deleteValue('session');
}

function expiresSoon(token: string, now: number): boolean {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return payload.exp === undefined || payload.exp - EARLY_REFRESH_SECONDS < now / 1000;
  } catch {
    return true;
  }
}

async function rotate(session: Session): Promise<string> {
  const response = await post('/api/auth/refresh/', { refresh: session.refresh });
  if (response.status === 401) throw new SessionExpired();
  if (!response.ok) throw new ServerError(response.status, await detailOf(response));
  const tokens = (await response.json()) as { access: string; refresh: string };
  current = { ...session, access: tokens.access, refresh: tokens.refresh };
  await setValue('session', current);
  return tokens.access;
}

/** A new access token from the refresh token; concurrent callers share the one rotation. */
export function refreshAccess(): Promise<string> {
  if (!current) return Promise.reject(new SessionExpired());
  refreshing ??= rotate(current).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function accessToken(now: number = Date.now()): Promise<string> {
  if (!current) throw new SessionExpired();
  return expiresSoon(current.access, now) ? refreshAccess() : current.access;
}
