"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { Customer, StatementEntry } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { DataState } from "@/components/DataState";
import { DateFilter } from "@/components/DateInput";
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney, isoDay } from "@/lib/format";

import { downloadStatementPdf, statementQuery, type StatementPeriod } from "./api";

const t = fr.customers;

/** What a statement line is, in words: « Paiement Orange Money (réf. OM-1) — commande … ». */
export function entryLabel(entry: StatementEntry): string {
  const method = entry.method ? fr.paymentMethodNames[entry.method as keyof typeof fr.paymentMethodNames] ?? entry.method : "";
  switch (entry.kind) {
    case "payment": return t.statementKind.payment(entry.order_number, method, entry.reference);
    case "cancellation": return t.statementKind.cancellation(entry.order_number);
    case "marked_paid": return t.statementKind.marked_paid(entry.order_number);
    default: return t.statementKind.order(entry.order_number);
  }
}

/** His account over a period (the last 30 days at first), with its PDF. */
export function CustomerStatement({ customer }: { customer: Pick<Customer, "id" | "name"> }) {
  const [period, setPeriod] = useState<StatementPeriod>({ date_from: isoDay(-30), date_to: isoDay(0) });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const swapped = period.date_from > period.date_to;
  const query = useQuery({ ...statementQuery(customer.id, period), enabled: !swapped });
  const c = t.statementCol;
  const download = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await downloadStatementPdf(customer, period);
    } catch {
      setFailure(t.statementPdfFailed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="customer-statement" className="space-y-3">
      <h3 id="customer-statement" className="font-semibold">{t.statement}</h3>
      <p className="text-sm text-slate-500">{t.statementHint}</p>
      <div className="flex flex-wrap items-end gap-3">
        <DateFilter label={t.statementFrom} value={period.date_from}
          onChange={(day) => day && setPeriod((p) => ({ ...p, date_from: day }))} />
        <DateFilter label={t.statementTo} value={period.date_to}
          onChange={(day) => day && setPeriod((p) => ({ ...p, date_to: day }))} />
        <button type="button" className="btn-secondary" disabled={busy || swapped} onClick={download}>
          {busy ? fr.reports.downloading : t.statementPdf}
        </button>
      </div>
      {swapped && <ErrorAlert message={t.statementSwapped} />}
      <ErrorAlert message={failure} />
      {!swapped && (
        <DataState isPending={query.isPending} error={query.error}>
          {query.data && (
            <div className="card overflow-x-auto">
              <table className="table-base" data-testid="customer-statement">
                <caption className="sr-only">{t.statement}</caption>
                <thead>
                  <tr>
                    <th scope="col">{c.date}</th>
                    <th scope="col">{c.what}</th>
                    <th scope="col" className="text-right">{c.debit}</th>
                    <th scope="col" className="text-right">{c.credit}</th>
                    <th scope="col" className="text-right">{c.balance}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr className="bg-slate-50">
                    <td />
                    <td className="font-medium">{t.statementOpening}</td>
                    <td /><td />
                    <td className="whitespace-nowrap text-right font-medium">{formatMoney(query.data.opening_balance)}</td>
                  </tr>
                  {query.data.entries.length === 0 && (
                    <tr><td colSpan={5} className="text-sm text-slate-500">{t.statementEmpty}</td></tr>
                  )}
                  {query.data.entries.map((entry, i) => (
                    <tr key={`${entry.kind}-${entry.order_id}-${i}`}>
                      <td className="whitespace-nowrap">{formatDate(entry.at)}</td>
                      <td>{entryLabel(entry)}</td>
                      <td className="whitespace-nowrap text-right">{entry.debit ? formatMoney(entry.debit) : ""}</td>
                      <td className="whitespace-nowrap text-right">{entry.credit ? formatMoney(entry.credit) : ""}</td>
                      <td className="whitespace-nowrap text-right">{formatMoney(entry.balance)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td />
                    <th scope="row" className="text-left">{t.statementTotals}</th>
                    <td className="whitespace-nowrap text-right">{formatMoney(query.data.total_debit)}</td>
                    <td className="whitespace-nowrap text-right">{formatMoney(query.data.total_credit)}</td>
                    <td />
                  </tr>
                  <tr className="bg-slate-50">
                    <td />
                    <th scope="row" className="text-left">{t.statementClosing}</th>
                    <td /><td />
                    <td className="whitespace-nowrap text-right font-bold" data-testid="statement-closing">{formatMoney(query.data.closing_balance)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </DataState>
      )}
    </section>
  );
}
