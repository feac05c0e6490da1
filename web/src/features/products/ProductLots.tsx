"use client";

import { useQuery } from "@tanstack/react-query";

import { lotsQuery } from "@/api/lots";
import type { Lot, Product } from "@/api/types";
import { Badge, type Tone } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney, formatQuantity } from "@/lib/format";
import { lotUrgency, type LotUrgency } from "@/lib/lots";

const ROWS: Record<LotUrgency["level"], string> = { expired: "bg-red-50", soon: "bg-amber-50", fine: "" };
const TONES: Record<LotUrgency["level"], Tone> = { expired: "red", soon: "amber", fine: "gray" };

/** The product's open lots, first to expire first: what is left, until when, at what cost. */
export function ProductLots({ product }: { product: Product }) {
  const query = useQuery(lotsQuery(product.id));
  const lots = query.data ?? [];
  const withCost = lots.some((lot) => lot.unit_cost !== null);
  const c = fr.lots.col;
  return (
    <DataState isPending={query.isPending} error={query.error}>
      {lots.length === 0 ? <p className="text-sm text-slate-600">{fr.lots.none}</p> : (
        <div className="card overflow-x-auto">
          <table className="table-base">
            <caption className="sr-only">{fr.lots.caption(product.name)}</caption>
            <thead>
              <tr>
                <th scope="col">{c.code}</th>
                <th scope="col" className="text-right">{c.remaining}</th>
                <th scope="col">{c.expiry}</th>
                <th scope="col">{c.state}</th>
                <th scope="col">{c.received}</th>
                {withCost && <th scope="col" className="text-right">{c.cost}</th>}
              </tr>
            </thead>
            <tbody>
              {lots.map((lot) => <LotRow key={lot.id} lot={lot} unit={product.unit} withCost={withCost} />)}
            </tbody>
          </table>
        </div>
      )}
    </DataState>
  );
}

function LotRow({ lot, unit, withCost }: { lot: Lot; unit: string; withCost: boolean }) {
  const urgency = lotUrgency(lot);
  return (
    <tr data-lot={lot.lot_code} data-urgency={urgency.level} className={ROWS[urgency.level]}>
      <th scope="row" className="border-slate-100 bg-transparent text-sm font-medium normal-case tracking-normal text-slate-900">{lot.lot_code}</th>
      <td className="whitespace-nowrap text-right font-semibold">{formatQuantity(lot.remaining_quantity, unit)}</td>
      <td className="whitespace-nowrap">{lot.expiration_date ? formatDate(lot.expiration_date) : fr.common.none}</td>
      <td><Badge tone={TONES[urgency.level]}>{urgency.label}</Badge></td>
      <td className="whitespace-nowrap text-slate-600">{formatDate(lot.received_at)}</td>
      {withCost && <td className="whitespace-nowrap text-right">{lot.unit_cost === null ? fr.common.none : formatMoney(lot.unit_cost)}</td>}
    </tr>
  );
}
