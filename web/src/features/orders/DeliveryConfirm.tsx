"use client";

import { useQueries } from "@tanstack/react-query";

import type { Order } from "@/api/types";
import { Dialog } from "@/components/Dialog";
import { fr } from "@/i18n/fr";
import { formatQuantity } from "@/lib/format";

import { productStockQuery } from "./api";

type Props = { order: Order; open: boolean; busy: boolean; onConfirm: () => void; onClose: () => void };

/** Delivering is final and takes the items out of stock: show what leaves before it does. */
export function DeliveryConfirm({ order, open, busy, onConfirm, onClose }: Props) {
  const stocks = useQueries({ queries: open ? order.items.map((item) => productStockQuery(item.product_id)) : [] });
  const o = fr.order;
  return (
    <Dialog open={open} title={o.deliverTitle(order.order_number)} onClose={onClose}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">{o.deliverIntro}</p>
        <table className="table-base" aria-label={o.stockLeaving}>
          <thead>
            <tr>
              <th scope="col">{o.product}</th>
              <th scope="col" className="text-right">{o.quantity}</th>
              <th scope="col" className="text-right">{o.stockNowAfter}</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item, index) => {
              const stock = stocks[index]?.data?.stock_quantity;
              const after = stock === undefined ? undefined : Math.round((stock - item.quantity) * 1000) / 1000;
              return (
                <tr key={item.product_id}>
                  <td>{item.product_name}</td>
                  <td className="text-right">{formatQuantity(item.quantity, item.unit)}</td>
                  <td className={`text-right ${after !== undefined && after < 0 ? "font-semibold text-red-700" : ""}`}>
                    {stock === undefined || after === undefined
                      ? fr.app.loading
                      : `${formatQuantity(stock, item.unit)} → ${formatQuantity(after, item.unit)}${after < 0 ? ` (${o.short})` : ""}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>{fr.common.cancel}</button>
          <button type="button" className="btn-primary" aria-disabled={busy || undefined} onClick={() => !busy && onConfirm()}>{o.confirmDelivery}</button>
        </div>
      </div>
    </Dialog>
  );
}
