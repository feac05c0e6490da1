"use client";

import { useSyncExternalStore } from "react";

import type { User } from "@/api/types";

import { getState, type SessionState, subscribe } from "./session";

const SERVER_STATE: SessionState = { status: "restoring" };

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getState, () => SERVER_STATE);
}

/** The signed-in user; only for components rendered inside the authenticated shell. */
export function useUser(): User {
  const state = useSession();
  if (state.status !== "signed-in") throw new Error("useUser outside the signed-in shell");
  return state.user;
}
