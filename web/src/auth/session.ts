/**
 * The signed-in session: the access token lives in memory only, the refresh token in
 * sessionStorage (a reload of the tab survives, closing it signs out). Refresh tokens rotate:
 * one renewal at a time, each answer replacing both tokens.
 */
import { ok, publicApi, setAuthHooks } from "@/api/client";
import type { User } from "@/api/types";

export type SessionState =
  | { status: "restoring" }
  | { status: "signed-out"; reason?: "expired" | "logout" }
  | { status: "signed-in"; user: User };

const REFRESH_KEY = "gapal.refresh";
const EARLY_RENEWAL_SECONDS = 60;

let state: SessionState = { status: "restoring" };
let access: string | null = null;
let renewing: Promise<string | null> | null = null;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  return typeof window === "undefined" ? null : window.sessionStorage;
}

function set(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getState(): SessionState {
  return state;
}

/** Seconds until a JWT expires (Infinity when it carries no `exp`). */
export function secondsLeft(token: string, now: number = Date.now()): number {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return typeof claims.exp === "number" ? claims.exp - now / 1000 : Infinity;
  } catch {
    return 0;
  }
}

function keep(tokens: { access: string; refresh: string }): void {
  access = tokens.access;
  storage()?.setItem(REFRESH_KEY, tokens.refresh);
}

function end(reason: "expired" | "logout"): void {
  access = null;
  storage()?.removeItem(REFRESH_KEY);
  set({ status: "signed-out", reason });
}

async function renewOnce(): Promise<string | null> {
  const refresh = storage()?.getItem(REFRESH_KEY);
  if (!refresh) return null;
  const result = await publicApi.POST("/api/auth/refresh/", { body: { refresh } });
  if (result.response.status === 401) {
    end("expired");
    return null;
  }
  keep(ok(result));
  return access;
}

/** Renews the access token; concurrent callers share the one request (rotation allows one). */
export function renew(): Promise<string | null> {
  renewing ??= renewOnce().finally(() => {
    renewing = null;
  });
  return renewing;
}

async function accessToken(): Promise<string | null> {
  if (renewing) return renewing;
  if (access && secondsLeft(access) < EARLY_RENEWAL_SECONDS) return renew();
  return access;
}

setAuthHooks({
  accessToken,
  renew: (rejected) => (rejected === access || !access ? renew() : Promise.resolve(access)),
});

export async function login(username: string, password: string): Promise<User> {
  const answer = ok(await publicApi.POST("/api/auth/login/", { body: { username, password } }));
  keep(answer);
  set({ status: "signed-in", user: answer.user });
  return answer.user;
}

export function logout(): void {
  end("logout");
}

/** After a reload: turns the stored refresh token back into a session, if it is still good. */
export async function restore(): Promise<void> {
  if (state.status !== "restoring") return;
  try {
    const token = await renew();
    if (!token) {
      if (getState().status === "restoring") set({ status: "signed-out" });
      return;
    }
    const { api } = await import("@/api/client");
    set({ status: "signed-in", user: ok(await api.GET("/api/auth/me/")) });
  } catch {
    end("expired");
  }
}

/** The current access token for the WebSocket (renewed first when close to expiry). */
export const currentAccessToken = accessToken;
