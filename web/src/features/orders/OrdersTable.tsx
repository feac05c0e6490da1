"use client";

import { useSyncExternalStore } from "react";

import type { Order } from "@/api/types";
import { CreditBadge, PaymentBadge, PriorityBadge, StatusBadge, UnusualBadge } from "@/components/Badge";
import { SortHeader } from "@/components/SortHeader";
import { fr } from "@/i18n/fr";
import { arrivals, subscribeArrivals } from "@/lib/arrivals";
import { formatDate, formatDateTime, formatMoney, formatPhone } from "@/lib/format";

type Props = { orders: Order[]; ordering: string | undefined; onSort: (ordering: string) => void; onOpen: (id: string) => void };

const ROW_TONES: Record<string, string> = {
  haute: "border-l-4 border-l-red-500",
  moyenne: "border-l-4 border-l-amber-400",
  basse: "border-l-4 border-l-slate-300",
};

export function OrdersTable({ orders, ordering, onSort, onOpen }: Props) {
  const arrived = useSyncExternalStore(subscribeArrivals, arrivals, arrivals);
  const c = fr.orders.col;
  return (
    <div className="card overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{fr.orders.title}</caption>
        <thead>
          <tr>
            <SortHeader label={c.number} field="order_number" ordering={ordering} onSort={onSort} />
            <SortHeader label={c.date} field="created_at" ordering={ordering} onSort={onSort} className="max-lg:hidden" />
            <SortHeader label={c.client} field="client_name" ordering={ordering} onSort={onSort} />
            <SortHeader label={c.delivery} field="delivery_date" ordering={ordering} onSort={onSort} className="max-lg:hidden" />
            <th scope="col">{c.status}</th>
            <th scope="col">{c.payment}</th>
            <SortHeader label={c.priority} field="priority" ordering={ordering} onSort={onSort} />
            <SortHeader label={c.total} field="total_price" ordering={ordering} onSort={onSort} className="text-right" />
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-order-id={order.id}
              className={`${ROW_TONES[order.priority] ?? ""} cursor-pointer hover:bg-emerald-50/50 ${arrived.has(order.id) ? "bg-amber-50" : ""} ${order.delivery_status === "annulee" ? "text-slate-500" : ""}`}
              onClick={() => onOpen(order.id)}>
              <td className="whitespace-nowrap font-mono text-xs">
                <button type="button" className="font-semibold text-emerald-800 underline-offset-2 hover:underline"
                  aria-label={fr.orders.open(order.order_number)}
                  onClick={(event) => { event.stopPropagation(); onOpen(order.id); }}>
                  {order.order_number}
                </button>
                {arrived.has(order.id) && <span className="ml-2 rounded bg-amber-200 px-1 text-[0.65rem] font-sans font-semibold text-amber-900">{fr.orders.arrived}</span>}
                {order.unusual_reasons.length > 0 && (
                  <span className="mt-1 block font-sans">
                    <UnusualBadge reasons={order.unusual_reasons} label={fr.orders.unusual} />
                    <span className="sr-only"> {order.unusual_reasons.join(" ")}</span>
                  </span>
                )}
                {order.over_credit_limit && (
                  <span className="mt-1 block font-sans">
                    <CreditBadge over label={fr.orders.overCredit} hint={fr.orders.overCreditHint} />
                  </span>
                )}
              </td>
              <td className="whitespace-nowrap text-slate-600 max-lg:hidden">{formatDateTime(order.created_at)}</td>
              <td>
                <span className="block font-medium">{order.client_name}</span>
                {order.client_phone && <span className="block whitespace-nowrap text-xs text-slate-500">{formatPhone(order.client_phone)}</span>}
              </td>
              <td className="whitespace-nowrap max-lg:hidden">{order.delivery_date ? formatDate(order.delivery_date) : fr.common.none}</td>
              <td><StatusBadge status={order.delivery_status} /></td>
              <td><PaymentBadge status={order.payment_status} /></td>
              <td><PriorityBadge priority={order.priority} /></td>
              <td className="whitespace-nowrap text-right font-semibold">{formatMoney(order.total_price)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
