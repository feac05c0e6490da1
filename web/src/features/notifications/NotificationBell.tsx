"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Notification } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { fr } from "@/i18n/fr";
import { formatDateTime } from "@/lib/format";

import { notificationsQuery, unreadCountQuery, useMarkAllRead, useMarkRead } from "./api";

const TYPE_DOTS: Record<string, string> = {
  nouvelle_commande: "bg-sky-500",
  statut_commande: "bg-violet-500",
  stock_bas: "bg-amber-500",
  peremption: "bg-orange-500",
  stock_insuffisant: "bg-red-600",
  anomalie_vue: "bg-slate-700",
  credit_depasse: "bg-red-700",
  sceau_journal: "bg-emerald-800",
};

/** The bell: unread badge, and a panel listing the latest notifications. The badge sits beside
 * the button, hidden from assistive technology: the button's name stays « Notifications » (the
 * count is its description), so its visible text never contradicts its name. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const countId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = useQuery(unreadCountQuery()).data?.count ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus(); // the panel goes: focus must not fall to <body>
    };
    const onClick = (event: MouseEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={fr.notifications.button}
        aria-describedby={countId}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="relative rounded-full p-2 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-emerald-700"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
      </button>
      {unread > 0 && (
        <span data-testid="unread-badge" aria-hidden="true" className="pointer-events-none absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-bold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
      <span id={countId} className="sr-only">{fr.notifications.unread(unread)}</span>
      {open && <NotificationPanel id={panelId} onNavigate={() => setOpen(false)} />}
    </div>
  );
}

function NotificationPanel({ id, onNavigate }: { id: string; onNavigate: () => void }) {
  const list = useQuery(notificationsQuery());
  const markAll = useMarkAllRead();
  const items = list.data?.results ?? [];
  return (
    <section id={id} aria-label={fr.notifications.title}
      className="absolute right-0 z-30 mt-2 w-[min(26rem,calc(100vw-1rem))] rounded-lg border border-slate-200 bg-white shadow-xl">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
        <h2 className="font-semibold">{fr.notifications.title}</h2>
        <button type="button" className="btn-ghost text-sm" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
          {fr.notifications.markAllRead}
        </button>
      </header>
      <ErrorAlert message={list.error ? errorMessage(list.error) : null} />
      {items.length === 0 && !list.isPending && <p className="px-4 py-6 text-sm text-slate-500">{fr.notifications.empty}</p>}
      <ul className="max-h-[60vh] divide-y divide-slate-100 overflow-y-auto">
        {items.map((item) => <NotificationItem key={item.id} item={item} onNavigate={onNavigate} />)}
      </ul>
    </section>
  );
}

function NotificationItem({ item, onNavigate }: { item: Notification; onNavigate: () => void }) {
  const markRead = useMarkRead();
  const orderId = item.data.order_id;
  return (
    <li className={`flex gap-3 px-4 py-3 ${item.is_read ? "" : "bg-emerald-50/60"}`}>
      <span aria-hidden="true" className={`mt-1.5 size-2.5 shrink-0 rounded-full ${item.is_read ? "bg-slate-300" : TYPE_DOTS[item.type] ?? "bg-slate-500"}`} />
      <div className="min-w-0 flex-1 text-sm">
        <p className={item.is_read ? "text-slate-700" : "font-semibold text-slate-900"}>{item.title}</p>
        <p className="text-slate-600">{item.message}</p>
        <p className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-500">
          <time dateTime={item.created_at}>{formatDateTime(item.created_at)}</time>
          {orderId && (
            <Link href={`/commandes/?id=${orderId}`} className="text-emerald-800 underline" onClick={onNavigate}>
              {fr.notifications.openOrder}
            </Link>
          )}
          {!item.is_read && (
            <button type="button" className="text-emerald-800 underline" onClick={() => markRead.mutate(item.id)}>
              {fr.notifications.markRead}
            </button>
          )}
        </p>
      </div>
    </li>
  );
}
