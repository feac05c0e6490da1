"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Order } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { CreditBadge, PaymentBadge, PriorityBadge, StatusBadge, UnusualBadge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { labelOf } from "@/i18n/labels";
import { formatDate, formatDateTime, formatMoney, formatPhone, formatQuantity } from "@/lib/format";

import { orderQuery, useChangePayment, useChangeStatus } from "./api";
import { DeliveryConfirm } from "./DeliveryConfirm";
import { OrderHistory } from "./OrderHistory";
import { OrderPayments } from "./Payments";
import { ReceiptActions } from "./ReceiptActions";
import { OrderReturn } from "./Returns";
import { forwardMoves, isFinal, mayCancel } from "./transitions";
import { VoiceNotes } from "./VoiceNotes";

export function OrderDetail({ id }: { id: string }) {
  const query = useQuery(orderQuery(id));
  return (
    <DataState isPending={query.isPending} error={query.error}>
      {query.data && <OrderContent order={query.data} />}
    </DataState>
  );
}

function OrderContent({ order }: { order: Order }) {
  return (
    <div className="space-y-6">
      <OrderFacts order={order} />
      <OrderActions order={order} />
      <OrderPayments order={order} />
      <OrderItems order={order} />
      {order.delivery_status === "livree" && <OrderReturn order={order} />}
      <ReceiptActions order={order} />
      <VoiceNotes orderId={order.id} />
      <OrderHistory orderId={order.id} />
    </div>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-full" : undefined}>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children || fr.common.none}</dd>
    </div>
  );
}

function OrderFacts({ order }: { order: Order }) {
  return (
    <section aria-label={fr.order.client} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={order.delivery_status} />
        <PaymentBadge status={order.payment_status} />
        <PriorityBadge priority={order.priority} />
        <UnusualBadge reasons={order.unusual_reasons} label={fr.orders.unusual} />
        <CreditBadge over={order.over_credit_limit} label={fr.orders.overCredit} hint={fr.orders.overCreditHint} />
        <span className="ml-auto text-xl font-bold">{formatMoney(order.total_price)}</span>
      </div>
      {order.unusual_reasons.length > 0 && (
        <div role="note" aria-label={fr.orders.unusual}
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-semibold">{fr.orders.unusualTitle}</p>
          <ul className="mt-1 list-disc pl-5">
            {order.unusual_reasons.map((reason) => <li key={reason}>{reason}</li>)}
          </ul>
        </div>
      )}
      {order.over_credit_limit && (
        <div role="note" aria-label={fr.orders.overCredit}
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950">
          <p className="font-semibold">{fr.orders.overCreditTitle}</p>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3">
        <Fact label={fr.order.client}>{order.client_name}</Fact>
        <Fact label={fr.order.phone}>{order.client_phone && formatPhone(order.client_phone)}</Fact>
        <Fact label={fr.order.deliveryDate}>{order.delivery_date && formatDate(order.delivery_date)}</Fact>
        <Fact label={fr.order.address}>{order.delivery_address}</Fact>
        <Fact label={fr.order.createdBy}>{order.created_by_username}</Fact>
        <Fact label={fr.order.createdAt}>{formatDateTime(order.created_at)}</Fact>
        {order.notes && <Fact label={fr.order.notes} wide><span className="whitespace-pre-line">{order.notes}</span></Fact>}
      </dl>
    </section>
  );
}

/** Where the focus goes once the render after an action is done. */
type FocusNext = "result" | "confirm" | "cancel" | null;

/** The pressed button is replaced or disabled by its own action: buttons are only
 * `aria-disabled` while busy, and the focus moves on purpose (to the result message, to
 * « Confirmer » when the confirmation appears, back to « Annuler la commande » when it goes), so
 * it never falls to <body>. Escape on the confirmation closes the confirmation, not the dialog. */
function OrderActions({ order }: { order: Order }) {
  const status = useChangeStatus();
  const payment = useChangePayment();
  const [confirming, setConfirming] = useState(false);
  const [delivering, setDelivering] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const busy = status.isPending || payment.isPending;
  const focusNext = useRef<FocusNext>(null);
  const result = useRef<HTMLDivElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const next = focusNext.current;
    if (!next) return;
    focusNext.current = null;
    if (next === "confirm") confirmButton.current?.focus();
    else if (next === "cancel") cancelButton.current?.focus();
    else ((result.current?.firstElementChild as HTMLElement | null) ?? result.current)?.focus();
  });

  const move = (to: Order["delivery_status"]) => {
    if (busy) return;
    setDone(null);
    payment.reset();
    status.mutate({ order, vars: to }, {
      onSuccess: () => setDone(fr.order.statusChanged(labelOf("delivery", to))),
      onSettled: () => { focusNext.current = "result"; setConfirming(false); setDelivering(false); },
    });
  };
  const pay = (to: Order["payment_status"]) => {
    if (busy) return;
    setDone(null);
    status.reset();
    payment.mutate({ order, vars: to }, {
      onSuccess: () => setDone(fr.order.paymentChanged(labelOf("payment", to))),
      onSettled: () => { focusNext.current = "result"; },
    });
  };
  const confirmCancel = (open: boolean) => {
    focusNext.current = open ? "confirm" : "cancel";
    setConfirming(open);
  };
  const off = busy || undefined;

  return (
    <section aria-labelledby="order-actions" className="card space-y-3 p-4">
      <h3 id="order-actions" className="font-semibold">{fr.order.status}</h3>
      <div ref={result} tabIndex={-1} className="space-y-3 focus:outline-none">
        <ErrorAlert focusable message={status.error ? errorMessage(status.error, "delivery") : payment.error ? errorMessage(payment.error) : null} />
        <SuccessNote focusable message={done} />
      </div>
      {isFinal(order.delivery_status) ? (
        <p className="text-sm text-slate-600">{fr.order.final}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {forwardMoves(order.delivery_status).map((to) => (
            <button key={to} type="button" className="btn-primary" aria-disabled={off} onClick={() => (to === "livree" ? !busy && setDelivering(true) : move(to))}>
              {fr.order.moveToStatus(labelOf("delivery", to))}
            </button>
          ))}
          {mayCancel(order.delivery_status) && !confirming && (
            <button ref={cancelButton} type="button" className="btn-danger" aria-disabled={off} onClick={() => !busy && confirmCancel(true)}>
              {fr.order.cancelOrder}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div role="group" aria-label={fr.order.confirmCancel}
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            event.preventDefault(); // the order dialog stays open: only the confirmation goes
            event.stopPropagation();
            confirmCancel(false);
          }}
          className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm text-red-900">
          <span>{fr.order.confirmCancel}</span>
          <button ref={confirmButton} type="button" className="btn-danger" aria-disabled={off} onClick={() => move("annulee")}>{fr.common.confirm}</button>
          <button type="button" className="btn-ghost" onClick={() => confirmCancel(false)}>{fr.common.cancel}</button>
        </div>
      )}
      <DeliveryConfirm order={order} open={delivering} busy={busy} onConfirm={() => move("livree")} onClose={() => setDelivering(false)} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
        <span className="text-sm font-semibold">{fr.order.payment}</span>
        <PaymentBadge status={order.payment_status} />
        {order.payment_status === "payee" ? (
          <button type="button" className="btn-secondary" aria-disabled={off} onClick={() => pay("non_payee")}>{fr.order.markUnpaid}</button>
        ) : (
          <button type="button" className="btn-secondary" aria-disabled={off} onClick={() => pay("payee")}>{fr.order.markPaid}</button>
        )}
      </div>
    </section>
  );
}

function OrderItems({ order }: { order: Order }) {
  return (
    <section aria-labelledby="order-items">
      <h3 id="order-items" className="mb-2 font-semibold">{fr.order.items}</h3>
      <div className="card overflow-x-auto">
        <table className="table-base">
          <thead>
            <tr>
              <th scope="col">{fr.order.product}</th>
              <th scope="col" className="text-right">{fr.order.quantity}</th>
              <th scope="col" className="text-right">{fr.order.unitPrice}</th>
              <th scope="col" className="text-right">{fr.order.subtotal}</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.product_id}>
                <td>{item.product_name}</td>
                <td className="text-right">{formatQuantity(item.quantity, item.unit)}</td>
                <td className="text-right">{formatMoney(item.unit_price)}</td>
                <td className="text-right">{formatMoney(item.subtotal)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3} className="text-right">{fr.order.total}</th>
              <td className="bg-slate-100 text-right font-bold">{formatMoney(order.total_price)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
