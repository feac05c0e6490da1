"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { CashClosing } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { DataState } from "@/components/DataState";
import { DateFilter } from "@/components/DateInput";
import { fr } from "@/i18n/fr";
import { formatDateTime, formatMoney, isoDay } from "@/lib/format";

import { cashClosingsQuery, downloadClosingPdf } from "./api";
import { CloseForm, CorrectForm } from "./CashForms";
import { shownLines, signedMoney } from "./rules";

const c = fr.cash;

/** « Caisse »: each vendor's day, expected against counted by method, differences in red. */
export function CashPage() {
  const today = isoDay();
  const [day, setDay] = useState(today);
  const [note, setNote] = useState<string | null>(null);
  const query = useQuery(cashClosingsQuery(day));
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="page-title">{c.title}</h1>
        <p className="text-sm text-slate-600">{c.intro}</p>
      </header>
      <div className="card flex flex-wrap items-end gap-3 p-3">
        <DateFilter label={c.day} value={day} max={today} onChange={(iso) => { setNote(null); setDay(iso ?? today); }} />
      </div>
      <SuccessNote message={note} />
      <DataState isPending={query.isPending} error={query.error}>
        {query.data?.length === 0 && <p className="py-6 text-slate-500">{c.none}</p>}
        <div className="grid gap-4 xl:grid-cols-2">
          {query.data?.map((closing) => (
            <VendorDay key={`${closing.vendor_id}-${closing.day}`} closing={closing} onDone={setNote} />
          ))}
        </div>
      </DataState>
    </div>
  );
}

type Mode = "view" | "close" | "correct";

function VendorDay({ closing, onDone }: { closing: CashClosing; onDone: (note: string) => void }) {
  const [mode, setMode] = useState<Mode>("view");
  const [pdfError, setPdfError] = useState<string | null>(null);
  const headingId = `caisse-${closing.vendor_id}`;
  const closed = closing.status === "cloturee";
  const name = closing.vendor_username || c.title;
  const done = (text: string) => { setMode("view"); onDone(text); };
  return (
    <section aria-labelledby={headingId} className="card space-y-3 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">{name}</h2>
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${closed ? "bg-emerald-100 text-emerald-900" : "bg-amber-100 text-amber-900"}`}>
          {c.status[closing.status]}
        </span>
      </div>
      <p className="text-sm text-slate-600">{c.payments(closing.payments_count)}</p>
      <Lines closing={closing} />
      {closed && closing.closed_by_username && closing.closed_at && (
        <p className="text-sm text-slate-700">{c.closedBy(closing.closed_by_username, formatDateTime(closing.closed_at))}</p>
      )}
      {closing.note && <p className="text-sm text-slate-700">{closing.note}</p>}
      <LateAndCorrections closing={closing} />
      {mode === "close" && <CloseForm closing={closing} onCancel={() => setMode("view")} onClosed={() => done(c.closed(name))} />}
      {mode === "correct" && <CorrectForm closing={closing} onCancel={() => setMode("view")} onCorrected={() => done(c.corrected(name))} />}
      <ErrorAlert message={pdfError} />
      {mode === "view" && (
        <div className="flex flex-wrap gap-2">
          {!closed && <button type="button" className="btn-primary" onClick={() => setMode("close")}>{c.close}</button>}
          {closed && <button type="button" className="btn-secondary" onClick={() => setMode("correct")}>{c.correct}</button>}
          {closed && (
            <button type="button" className="btn-ghost" onClick={() => {
              setPdfError(null);
              downloadClosingPdf(closing).catch((error: unknown) => setPdfError(errorMessage(error)));
            }}>{c.pdf}</button>
          )}
        </div>
      )}
    </section>
  );
}

function tone(amount: number | null | undefined): string {
  if (!amount) return "";
  return amount < 0 ? "font-semibold text-red-700" : "font-semibold text-emerald-700";
}

function Lines({ closing }: { closing: CashClosing }) {
  const { totals } = closing;
  return (
    <div className="overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{c.closeTitle(closing.vendor_username)}</caption>
        <thead>
          <tr>
            <th scope="col">{c.col.method}</th>
            <th scope="col" className="text-right">{c.col.expected}</th>
            <th scope="col" className="text-right">{c.col.counted}</th>
            <th scope="col" className="text-right">{c.col.difference}</th>
            <th scope="col" className="text-right">{c.col.late}</th>
          </tr>
        </thead>
        <tbody>
          {shownLines(closing).map((line) => (
            <tr key={line.method} data-method={line.method}>
              <th scope="row" className="bg-transparent text-sm font-medium normal-case tracking-normal text-slate-800">{fr.paymentMethodNames[line.method as keyof typeof fr.paymentMethodNames] ?? line.method}</th>
              <td className="whitespace-nowrap text-right">{formatMoney(line.expected)}</td>
              <td className="whitespace-nowrap text-right">{line.counted === null ? "—" : formatMoney(line.counted)}</td>
              <td className={`whitespace-nowrap text-right ${tone(line.difference)}`} data-testid="difference">{signedMoney(line.difference)}</td>
              <td className={`whitespace-nowrap text-right ${line.late ? "font-semibold text-red-700" : ""}`} data-testid="late">{line.late ? signedMoney(line.late) : "—"}</td>
            </tr>
          ))}
          <tr data-method="total" className="font-semibold">
            <th scope="row" className="bg-transparent text-sm normal-case tracking-normal text-slate-900">{c.total}</th>
            <td className="whitespace-nowrap text-right">{formatMoney(totals.expected)}</td>
            <td className="whitespace-nowrap text-right">{totals.counted === null ? "—" : formatMoney(totals.counted)}</td>
            <td className={`whitespace-nowrap text-right ${tone(totals.difference)}`}>{signedMoney(totals.difference)}</td>
            <td className={`whitespace-nowrap text-right ${totals.late ? "text-red-700" : ""}`}>{totals.late ? signedMoney(totals.late) : "—"}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function LateAndCorrections({ closing }: { closing: CashClosing }) {
  const method = (m: string) => fr.paymentMethodNames[m as keyof typeof fr.paymentMethodNames] ?? m;
  return (
    <>
      {closing.late_payments.length > 0 && (
        <div className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900">
          <h3 className="font-semibold">{c.latePayments}</h3>
          <ul>
            {closing.late_payments.map((p) => (
              <li key={`${p.order_number}-${p.recorded_at}-${p.amount}`}>
                {c.lateLine(p.order_number, method(p.method), formatMoney(p.amount), formatDateTime(p.recorded_at))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {closing.corrections.length > 0 && (
        <div className="text-sm text-slate-700">
          <h3 className="font-semibold">{c.corrections}</h3>
          <ul>
            {closing.corrections.map((k) => (
              <li key={k.corrected_at}>{c.correctionLine(formatDateTime(k.corrected_at), k.corrected_by_username, k.reason)}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
