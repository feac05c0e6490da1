"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { MovementType } from "@/api/types";
import { Badge, type Tone } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { DateFilter } from "@/components/DateInput";
import { Pagination } from "@/components/Pagination";
import { fr } from "@/i18n/fr";
import { labelOf } from "@/i18n/labels";
import { formatDateTime, formatQuantity } from "@/lib/format";

import { type MovementFilters, movementsQuery, productChoicesQuery } from "./api";

const TONES: Record<MovementType, Tone> = { entree: "green", sortie: "orange", ajustement: "blue" };
const FIRST_PAGE: MovementFilters = { page: 1, page_size: 25 };

function signed(quantity: number, type: MovementType): string {
  const sign = type === "sortie" ? "−" : quantity > 0 ? "+" : "";
  return `${sign}${formatQuantity(type === "sortie" ? Math.abs(quantity) : quantity)}`;
}

/** The movement history, newest first, filtered by product, type and dates. */
export function MovementsTable() {
  const [filters, setFilters] = useState<MovementFilters>(FIRST_PAGE);
  const query = useQuery(movementsQuery(filters));
  const products = useQuery(productChoicesQuery());
  const change = (patch: Partial<MovementFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));
  const c = fr.stock.col;
  return (
    <section aria-labelledby="movements-title" className="min-w-0 space-y-3">
      <h2 id="movements-title" className="text-lg font-semibold">{fr.stock.movements}</h2>
      <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()} className="card grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
        <label className="field col-span-2 md:col-span-1">{fr.stock.product}
          <select className="input" value={filters.product_id ?? ""} onChange={(e) => change({ product_id: e.target.value || undefined })}>
            <option value="">{fr.common.all}</option>
            {products.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <label className="field">{fr.stock.type}
          <select className="input" value={filters.movement_type ?? ""} onChange={(e) => change({ movement_type: (e.target.value || undefined) as MovementType | undefined })}>
            <option value="">{fr.common.all}</option>
            {Object.entries(fr.movementTypes).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <DateFilter label={fr.common.from} value={filters.date_from} onChange={(iso) => change({ date_from: iso })} />
        <DateFilter label={fr.common.to} value={filters.date_to} onChange={(iso) => change({ date_to: iso })} />
      </form>
      <DataState isPending={query.isPending} error={query.error} isEmpty={query.data?.results.length === 0}>
        {query.data && (
          <>
            <div className="card overflow-x-auto">
              <table className="table-base">
                <caption className="sr-only">{fr.stock.movements}</caption>
                <thead>
                  <tr>
                    <th scope="col">{c.date}</th>
                    <th scope="col">{c.product}</th>
                    <th scope="col">{c.type}</th>
                    <th scope="col" className="text-right">{c.quantity}</th>
                    <th scope="col" className="text-right">{c.after}</th>
                    <th scope="col">{c.reason}</th>
                    <th scope="col">{c.user}</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.results.map((m) => (
                    <tr key={m.id}>
                      <td className="whitespace-nowrap text-slate-600">{formatDateTime(m.created_at)}</td>
                      <td>{m.product_name}</td>
                      <td><Badge tone={TONES[m.movement_type]}>{labelOf("movement", m.movement_type)}</Badge></td>
                      <td className="whitespace-nowrap text-right font-semibold">{signed(m.quantity, m.movement_type)}</td>
                      <td className="whitespace-nowrap text-right">{formatQuantity(m.stock_after)}</td>
                      <td className="text-slate-700">
                        {m.loss_reason ? fr.stock.loss(fr.losses.reasons[m.loss_reason], m.reason) : m.reason || (m.order_id ? fr.stock.fromOrder : fr.common.none)}
                        {m.lots && m.lots.length > 0 && (
                          <span className="block text-xs text-slate-500">
                            {m.lots.map((lot) => fr.stock.lotMove(lot.lot_code, formatQuantity(lot.quantity))).join(" · ")}
                          </span>
                        )}
                      </td>
                      <td className="text-slate-600">{m.username}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={filters.page} pageSize={filters.page_size} count={query.data.count} noun={fr.stock.movementNoun} onPage={(page) => change({ page })} />
          </>
        )}
      </DataState>
    </section>
  );
}
