/**
 * The typed API client (openapi-fetch over the generated schema). Requests carry the access token;
 * a 401 renews the session once through the refresh token and replays the request.
 */
import createClient, { type Middleware } from "openapi-fetch";

import { ApiError } from "./errors";
import { POSITION_HEADER, positions, positionsMiddleware } from "./positions";
import type { paths as Paths } from "./schema";

export const API_BASE = process.env.NEXT_PUBLIC_API_BASE ?? "";

export type AuthHooks = {
  /** A valid access token (renewed first if about to expire), or null when signed out. */
  accessToken: () => Promise<string | null>;
  /** Renews after a 401; resolves to the new access token or null (session over). */
  renew: (rejected: string) => Promise<string | null>;
};

let hooks: AuthHooks = { accessToken: async () => null, renew: async () => null };

export function setAuthHooks(next: AuthHooks): void {
  hooks = next;
}

const replayable = new WeakMap<Request, Request>();

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await hooks.accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    replayable.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const sent = request.headers.get("Authorization")?.replace(/^Bearer /, "");
    const copy = replayable.get(request);
    if (response.status !== 401 || !sent || !copy) return response;
    const token = await hooks.renew(sent);
    if (!token) return response;
    copy.headers.set("Authorization", `Bearer ${token}`);
    return fetch(copy);
  },
};

/** For login and refresh: no token, no renewal. */
export const publicApi = createClient<Paths>({ baseUrl: API_BASE });

/** The last log position this tab saw, sent back on every request (see ./positions). */
const seen = positions();

export const api = createClient<Paths>({ baseUrl: API_BASE });
api.use(positionsMiddleware(seen), bearer);

/** The data of an openapi-fetch answer, or an ApiError carrying the status and the body. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error);
  }
  return result.data as T;
}

/** Fetches a file with the session's token (CSV, PDF, audio, a receipt's text) and gives it back
 * as a Blob; `accept` picks one of the answer's forms (`text/plain` for a receipt). */
export async function fetchBlob(path: string, accept?: string): Promise<Blob> {
  const send = async (token: string | null) =>
    fetch(/^https?:/.test(path) ? path : `${API_BASE}${path}`, {
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(accept ? { Accept: accept } : {}),
        [POSITION_HEADER]: seen.seen(),
      },
    });
  const token = await hooks.accessToken();
  let response = await send(token);
  if (response.status === 401 && token) {
    const renewed = await hooks.renew(token);
    if (renewed) response = await send(renewed);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body);
  }
  return response.blob();
}

/** The WebSocket URL for live news with this access token. */
export function liveUrl(token: string): string {
  const base = API_BASE ? new URL(API_BASE) : window.location;
  const scheme = base.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${base.host}/ws/notifications/?token=${encodeURIComponent(token)}`;
}
