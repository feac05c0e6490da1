"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { KindFigures, ReportFilters, ReportSummary } from "@/api/types";
import { DataState } from "@/components/DataState";
import { DownloadButtons } from "@/components/DownloadButtons";
import { DateFilter } from "@/components/DateInput";
import { BarsCard } from "@/components/HorizontalBars";
import { fr } from "@/i18n/fr";
import { labelOf } from "@/i18n/labels";
import { formatDate, formatMoney, formatQuantity, isoDay } from "@/lib/format";

import { downloadReport, summaryQuery } from "./api";
import { RevenueBars } from "./charts";
import { ReceivablesSection } from "./ReceivablesSection";

const STATUS_TONES: Record<string, string> = {
  nouvelle: "bg-sky-500", en_preparation: "bg-amber-500", en_cours: "bg-violet-500", livree: "bg-emerald-600", annulee: "bg-slate-400",
};

const lastDays = (days: number): ReportFilters => ({ date_from: isoDay(-(days - 1)), date_to: isoDay(0) });

export function ReportsPage() {
  const [filters, setFilters] = useState<ReportFilters>(() => lastDays(30));
  const query = useQuery(summaryQuery(filters));
  const change = (patch: Partial<ReportFilters>) => setFilters((current) => ({ ...current, ...patch }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{fr.reports.title}</h1>
        <Downloads filters={filters} />
      </div>
      <ReportFiltersBar filters={filters} onChange={change} onPeriod={(days) => setFilters((current) => ({ ...current, ...lastDays(days) }))} />
      <DataState isPending={query.isPending} error={query.error}>
        {query.data === null && <p role="status" className="card p-4 text-slate-700">{fr.reports.unavailable}</p>}
        {query.data && <Debts summary={query.data} />}
        {query.data && <Summary summary={query.data} />}
      </DataState>
      <ReceivablesSection />
    </div>
  );
}

function Downloads({ filters }: { filters: ReportFilters }) {
  return <DownloadButtons download={(kind) => downloadReport(kind, filters)} labels={{ csv: fr.reports.downloadCsv, pdf: fr.reports.downloadPdf }} />;
}

type BarProps = { filters: ReportFilters; onChange: (patch: Partial<ReportFilters>) => void; onPeriod: (days: number) => void };

function ReportFiltersBar({ filters, onChange, onPeriod }: BarProps) {
  return (
    <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()} className="card flex flex-wrap items-end gap-3 p-3">
      <fieldset className="flex items-end gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">{fr.reports.period}</legend>
        {([7, 30, 90] as const).map((days) => (
          <button key={days} type="button" className="btn-ghost border border-slate-200 text-sm" onClick={() => onPeriod(days)}>
            {days === 7 ? fr.reports.quick.week : days === 30 ? fr.reports.quick.month : fr.reports.quick.quarter}
          </button>
        ))}
      </fieldset>
      <DateFilter label={fr.common.from} value={filters.date_from ?? undefined} onChange={(iso) => onChange({ date_from: iso })} />
      <DateFilter label={fr.common.to} value={filters.date_to ?? undefined} onChange={(iso) => onChange({ date_to: iso })} />
      <label className="field">{fr.orders.filter.status}
        <select className="input" value={filters.delivery_status ?? ""} onChange={(e) => onChange({ delivery_status: e.target.value || undefined })}>
          <option value="">{fr.common.all}</option>
          {Object.entries(fr.statuses).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className="field">{fr.orders.filter.payment}
        <select className="input" value={filters.payment_status ?? ""} onChange={(e) => onChange({ payment_status: (e.target.value || undefined) as ReportFilters["payment_status"] })}>
          <option value="">{fr.common.all}</option>
          {Object.entries(fr.payments).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className="field">{fr.orders.filter.priority}
        <select className="input" value={filters.priority ?? ""} onChange={(e) => onChange({ priority: (e.target.value || undefined) as ReportFilters["priority"] })}>
          <option value="">{fr.common.allFeminine}</option>
          {Object.entries(fr.priorities).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
    </form>
  );
}

type StatProps = { label: string; value: string; tone: string; note?: string };

function Stat({ label, value, tone, note }: StatProps) {
  return (
    <div className={`card border-l-4 p-4 ${tone}`}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-2xl font-bold tabular-nums">{value}</p>
      {note && <p className="mt-1 text-xs text-slate-600">{note}</p>}
    </div>
  );
}

/** « Total dû » today and the customers who owe the most, whatever the period. */
function Debts({ summary }: { summary: ReportSummary }) {
  return (
    <div className="grid gap-3 lg:grid-cols-3">
      <Stat label={fr.reports.totalDue} value={formatMoney(summary.receivables_total)} tone="border-l-red-600" note={fr.reports.totalDueNote} />
      <section className="card p-4 lg:col-span-2" aria-labelledby="top-debtors">
        <h2 id="top-debtors" className="mb-2 font-semibold">{fr.reports.topDebtors}</h2>
        {summary.top_debtors.length === 0 ? <p className="text-sm text-slate-600">{fr.reports.noDebtors}</p> : (
          <ol className="divide-y text-sm">
            {summary.top_debtors.map((debtor) => (
              <li key={debtor.customer_id} className="flex justify-between gap-2 py-1.5">
                <span>{debtor.name}
                  {debtor.oldest_debt_at && <span className="ml-2 text-xs text-slate-500">{fr.reports.since(formatDate(debtor.oldest_debt_at))}</span>}
                </span>
                <span className="font-semibold tabular-nums">{formatMoney(debtor.balance)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function Summary({ summary }: { summary: ReportSummary }) {
  if (summary.orders_count === 0) return <p className="card p-4 text-slate-600">{fr.reports.noData}</p>;
  const statuses = Object.keys(fr.statuses).map((status) => ({
    key: status, label: labelOf("delivery", status), value: summary.by_status[status] ?? 0,
    display: String(summary.by_status[status] ?? 0), tone: STATUS_TONES[status],
  }));
  const products = summary.top_products.map((product) => ({
    key: product.product_id, label: product.name, value: product.revenue,
    display: `${formatMoney(product.revenue)} · ${formatQuantity(product.quantity)}`,
  }));
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        <Stat label={fr.reports.ordersCount} value={String(summary.orders_count)} tone="border-l-sky-500" />
        <Stat label={fr.reports.revenue} value={formatMoney(summary.revenue_total)} tone="border-l-emerald-600" />
        <Stat label={fr.reports.paid} value={formatMoney(summary.paid_total)} tone="border-l-emerald-400"
          note={fr.reports.paidNote(summary.paid_cancelled ? formatMoney(summary.paid_cancelled) : null)} />
        <Stat label={fr.reports.unpaid} value={formatMoney(summary.unpaid_total)} tone="border-l-orange-500" />
      </div>
      <section className="card p-4" aria-labelledby="chart-days">
        <h2 id="chart-days" className="mb-3 font-semibold">{fr.reports.revenuePerDay}</h2>
        <RevenueBars days={summary.by_day} />
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <BarsCard id="chart-status" title={fr.reports.ordersByStatus} bars={statuses} />
        <BarsCard id="chart-products" title={fr.reports.topProducts} bars={products} />
      </div>
      <ByCustomerKind rows={summary.by_customer_kind} />
    </div>
  );
}

function kindLabel(kind: string): string {
  if (kind === "sans_client") return fr.reports.noCustomer;
  return fr.customerKinds[kind as keyof typeof fr.customerKinds] ?? kind;
}

/** Revenue by kind of customer: every kind, then the orders without customer. */
function ByCustomerKind({ rows }: { rows: KindFigures[] }) {
  const r = fr.reports;
  return (
    <section className="card overflow-x-auto p-4" aria-labelledby="by-kind">
      <h2 id="by-kind" className="mb-3 font-semibold">{r.byKind}</h2>
      <table className="table-base">
        <caption className="sr-only">{r.byKindCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{r.kind}</th>
            <th scope="col" className="text-right">{r.kindOrders}</th>
            <th scope="col" className="text-right">{r.kindRevenue}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.kind} className={row.orders === 0 ? "text-slate-500" : ""}>
              <td className="font-medium">{kindLabel(row.kind)}</td>
              <td className="text-right tabular-nums">{row.orders}</td>
              <td className="text-right tabular-nums">{formatMoney(row.revenue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
