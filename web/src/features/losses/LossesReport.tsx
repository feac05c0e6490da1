"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { LossFilters, LossReason, LossReport } from "@/api/types";
import { DataState } from "@/components/DataState";
import { DownloadButtons } from "@/components/DownloadButtons";
import { DateFilter } from "@/components/DateInput";
import { BarsCard } from "@/components/HorizontalBars";
import { fr } from "@/i18n/fr";
import { formatDateTime, formatMoney, formatQuantity, isoDay } from "@/lib/format";

import { downloadLosses, lossesQuery, productChoicesQuery } from "./api";
import { REASONS } from "./WriteOffForm";

const LAST_30_DAYS: LossFilters = { date_from: isoDay(-29), date_to: isoDay(0) };

/** The losses of a period by reason and by product, in quantity and in FCFA, with CSV and PDF. */
export function LossesReportSection() {
  const [filters, setFilters] = useState<LossFilters>(LAST_30_DAYS);
  const query = useQuery(lossesQuery(filters));
  const change = (patch: Partial<LossFilters>) => setFilters((current) => ({ ...current, ...patch }));
  return (
    <section aria-labelledby="losses-report" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="losses-report" className="text-lg font-semibold">{fr.losses.reportTitle}</h2>
        <Downloads filters={filters} />
      </div>
      <LossFiltersBar filters={filters} onChange={change} />
      <DataState isPending={query.isPending} error={query.error}>
        {query.data && <LossFigures report={query.data} />}
      </DataState>
    </section>
  );
}

function Downloads({ filters }: { filters: LossFilters }) {
  return <DownloadButtons download={(kind) => downloadLosses(kind, filters)} labels={{ csv: fr.losses.downloadCsv, pdf: fr.losses.downloadPdf }} />;
}

function LossFiltersBar({ filters, onChange }: { filters: LossFilters; onChange: (patch: Partial<LossFilters>) => void }) {
  const products = useQuery(productChoicesQuery());
  return (
    <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()} className="card flex flex-wrap items-end gap-3 p-3">
      <DateFilter label={fr.common.from} value={filters.date_from ?? undefined} onChange={(iso) => onChange({ date_from: iso })} />
      <DateFilter label={fr.common.to} value={filters.date_to ?? undefined} onChange={(iso) => onChange({ date_to: iso })} />
      <label className="field">{fr.losses.product}
        <select className="input" value={filters.product_id ?? ""} onChange={(e) => onChange({ product_id: e.target.value || undefined })}>
          <option value="">{fr.losses.allProducts}</option>
          {products.data?.map((product) => <option key={product.id} value={product.id}>{product.name}</option>)}
        </select>
      </label>
      <label className="field">{fr.losses.reason}
        <select className="input" value={filters.reason ?? ""} onChange={(e) => onChange({ reason: (e.target.value || undefined) as LossReason | undefined })}>
          <option value="">{fr.losses.allReasons}</option>
          {REASONS.map((reason) => <option key={reason} value={reason}>{fr.losses.reasons[reason]}</option>)}
        </select>
      </label>
    </form>
  );
}

function reasonLabel(key: string): string {
  return fr.losses.reasons[key as LossReason] ?? key;
}

function LossFigures({ report }: { report: LossReport }) {
  if (report.results.length === 0) return <p className="card p-4 text-slate-600">{fr.losses.none}</p>;
  const bars = report.by_reason.map((group) => ({
    key: group.key, label: reasonLabel(group.key), value: group.value,
    display: `${formatMoney(group.value)} · ${formatQuantity(group.quantity)}`, tone: "bg-red-600",
  }));
  const products = report.by_product.map((group) => ({
    key: group.key, label: group.label, value: group.value,
    display: `${formatMoney(group.value)} · ${formatQuantity(group.quantity)}`, tone: "bg-orange-500",
  }));
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3">
        <div className="card border-l-4 border-l-orange-500 p-4" data-testid="losses-quantity">
          <p className="text-sm text-slate-600">{fr.losses.totalQuantity}</p>
          <p className="text-2xl font-bold tabular-nums">{formatQuantity(report.total_quantity)}</p>
        </div>
        <div className="card border-l-4 border-l-red-600 p-4" data-testid="losses-value">
          <p className="text-sm text-slate-600">{fr.losses.totalValue}</p>
          <p className="text-2xl font-bold tabular-nums">{formatMoney(report.total_value)}</p>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <BarsCard id="losses-by-reason" level="h3" title={fr.losses.byReason} bars={bars} />
        <BarsCard id="losses-by-product" level="h3" title={fr.losses.byProduct} bars={products} />
      </div>
      <LossesTable report={report} />
    </div>
  );
}

function LossesTable({ report }: { report: LossReport }) {
  const c = fr.losses.col;
  return (
    <section aria-labelledby="losses-details" className="card overflow-x-auto p-4">
      <h3 id="losses-details" className="mb-2 font-semibold">{fr.losses.details}</h3>
      <table className="table-base">
        <caption className="sr-only">{fr.losses.detailsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.date}</th>
            <th scope="col">{c.product}</th>
            <th scope="col">{c.lot}</th>
            <th scope="col" className="text-right">{c.quantity}</th>
            <th scope="col" className="text-right">{c.value}</th>
            <th scope="col">{c.reason}</th>
            <th scope="col">{c.text}</th>
          </tr>
        </thead>
        <tbody>
          {report.results.map((loss) => (
            <tr key={loss.movement_id}>
              <td className="whitespace-nowrap text-slate-600">{formatDateTime(loss.created_at)}</td>
              <td>{loss.product_name}</td>
              <td>{loss.lot_code}</td>
              <td className="whitespace-nowrap text-right">{formatQuantity(loss.quantity)}</td>
              <td className="whitespace-nowrap text-right font-semibold">{formatMoney(loss.value)}</td>
              <td>{reasonLabel(loss.reason)}</td>
              <td className="text-slate-700">{loss.reason_text || fr.common.none}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
