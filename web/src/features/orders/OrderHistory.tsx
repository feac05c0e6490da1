"use client";

import { useQuery } from "@tanstack/react-query";

import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { describeEvent, eventLabel } from "@/i18n/labels";
import { formatDateTime } from "@/lib/format";

import { orderHistoryQuery } from "./api";

export function OrderHistory({ orderId }: { orderId: string }) {
  const query = useQuery(orderHistoryQuery(orderId));
  const events = query.data ?? [];
  return (
    <section aria-labelledby="order-history">
      <h3 id="order-history" className="mb-2 font-semibold">{fr.order.history}</h3>
      <DataState isPending={query.isPending} error={query.error} isEmpty={events.length === 0}>
        <ol className="relative space-y-3 border-l-2 border-slate-200 pl-4">
          {[...events].reverse().map((event) => (
            <li key={`${event.aggregate_version}-${event.event_type}`} className="text-sm">
              <span aria-hidden="true" className="absolute -left-[0.4rem] mt-1.5 size-2.5 rounded-full bg-emerald-600" />
              <p className="font-medium">{eventLabel(event.event_type)}</p>
              <p className="text-slate-700">{describeEvent(event.event_type, event.data)}</p>
              <p className="text-xs text-slate-500">
                <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time> · {fr.common.by} {event.username}
              </p>
            </li>
          ))}
        </ol>
      </DataState>
    </section>
  );
}
