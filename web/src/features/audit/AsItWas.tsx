"use client";

import { useQuery } from "@tanstack/react-query";

import type { AuditEvent } from "@/api/types";
import { PaymentBadge, PriorityBadge, StatusBadge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { describeEvent, eventLabel } from "@/i18n/labels";
import { formatDateTime, formatMoney, formatQuantity } from "@/lib/format";

import { orderAtQuery, productEventsQuery } from "./api";

/** An order as it was right after this event (GET /api/orders/{id}/?at=). */
export function OrderAsItWas({ event }: { event: AuditEvent }) {
  const query = useQuery(orderAtQuery(event.aggregate_id, event.occurred_at));
  const order = query.data;
  return (
    <DataState isPending={query.isPending} error={query.error}>
      {order && (
        <div className="space-y-3 text-sm">
          <p className="text-slate-600">{fr.audit.asItWasTitle(formatDateTime(event.occurred_at))} · v{order.version}</p>
          <p className="text-lg font-semibold">{order.order_number} · {order.client_name}</p>
          <div className="flex flex-wrap gap-2">
            <StatusBadge status={order.delivery_status} />
            <PaymentBadge status={order.payment_status} />
            <PriorityBadge priority={order.priority} />
          </div>
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {order.items.map((item) => (
              <li key={item.product_id} className="flex justify-between gap-3 px-3 py-2">
                <span>{item.product_name} × {formatQuantity(item.quantity, item.unit)}</span>
                <span>{formatMoney(item.subtotal)}</span>
              </li>
            ))}
          </ul>
          <p className="text-right font-bold">{fr.order.total} : {formatMoney(order.total_price)}</p>
        </div>
      )}
    </DataState>
  );
}

/** A product's history up to this event, the event itself highlighted. */
export function ProductAsItWas({ event }: { event: AuditEvent }) {
  const query = useQuery(productEventsQuery(event.aggregate_id));
  const events = (query.data ?? []).filter((item) => item.aggregate_version <= event.aggregate_version).reverse();
  return (
    <DataState isPending={query.isPending} error={query.error} isEmpty={events.length === 0}>
      <ol className="space-y-2 text-sm">
        {events.map((item) => (
          <li key={item.aggregate_version}
            className={`rounded-md border p-3 ${item.aggregate_version === event.aggregate_version ? "border-emerald-500 bg-emerald-50" : "border-slate-200"}`}>
            <p className="font-medium">{eventLabel(item.event_type)} · v{item.aggregate_version}</p>
            <p className="text-slate-700">{describeEvent(item.event_type, item.data)}</p>
            <p className="text-xs text-slate-500">{formatDateTime(item.occurred_at)} · {fr.common.by} {item.username}</p>
          </li>
        ))}
      </ol>
    </DataState>
  );
}
