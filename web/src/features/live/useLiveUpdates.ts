"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { liveUrl } from "@/api/client";
import { currentAccessToken, renew } from "@/auth/session";

import { applyLiveMessage, parseLiveMessage, refreshAfterGap } from "./applyLiveMessage";

const UNAUTHORIZED = 4401;
const MAX_DELAY_MS = 30_000;

export type LiveStatus = "connecting" | "open" | "closed";

/** Keeps one WebSocket open while signed in; reconnects with back-off, renewing the token. */
export function useLiveUpdates(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;

    const connect = async (forceRenew: boolean) => {
      const token = forceRenew ? await renew() : await currentAccessToken();
      if (stopped || !token) return;
      setStatus("connecting");
      socket = new WebSocket(liveUrl(token));
      socket.onopen = () => {
        if (attempts > 0) refreshAfterGap(client);
        attempts = 0;
        setStatus("open");
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = parseLiveMessage(event.data);
        if (message) applyLiveMessage(client, message);
      };
      socket.onclose = (event) => {
        if (stopped) return;
        setStatus("closed");
        attempts += 1;
        const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** Math.min(attempts, 6));
        timer = setTimeout(() => void connect(event.code === UNAUTHORIZED), delay);
      };
    };

    void connect(false);
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [client]);

  return status;
}
