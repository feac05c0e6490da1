"use client";

import { useQuery } from "@tanstack/react-query";

import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { describeEvent, eventLabel } from "@/i18n/labels";
import { formatDateTime } from "@/lib/format";

import { productHistoryQuery } from "./api";

/** Every change of a product (price, stock moves, archive), newest first. */
export function ProductHistory({ productId }: { productId: string }) {
  const query = useQuery(productHistoryQuery(productId));
  const events = [...(query.data ?? [])].reverse();
  return (
    <DataState isPending={query.isPending} error={query.error} isEmpty={events.length === 0}>
      <ol className="space-y-3">
        {events.map((event) => (
          <li key={event.aggregate_version} className="card p-3 text-sm">
            <p className="font-medium">{eventLabel(event.event_type)} <span className="font-normal text-slate-500">· v{event.aggregate_version}</span></p>
            <p className="text-slate-700">{describeEvent(event.event_type, event.data)}</p>
            <p className="text-xs text-slate-500">{formatDateTime(event.occurred_at)} · {fr.common.by} {event.username}</p>
          </li>
        ))}
      </ol>
    </DataState>
  );
}
