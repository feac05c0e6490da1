"use client";

import { fr } from "@/i18n/fr";

import { useLiveUpdates } from "./useLiveUpdates";

/** Opens the live connection for the whole signed-in shell and shows its state. */
export function LiveIndicator() {
  const status = useLiveUpdates();
  const open = status === "open";
  return (
    <span role="status" className="hidden items-center gap-1.5 text-xs text-slate-600 sm:inline-flex">
      <span aria-hidden="true" className={`size-2 rounded-full ${open ? "bg-emerald-500" : "bg-amber-500 animate-pulse"}`} />
      {open ? fr.app.live : fr.app.reconnecting}
    </span>
  );
}
