"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { DataState } from "@/components/DataState";
import { DownloadButtons } from "@/components/DownloadButtons";
import { fr } from "@/i18n/fr";
import { formatMoney, formatPhone } from "@/lib/format";

import { downloadReceivables, receivablesListQuery } from "./api";
import { BUCKETS, receivableLines } from "./receivables";

const amount = (value: number) => formatMoney(value).replace(/\s?FCFA$/, "");

/** « Créances »: what each customer owes by age, over-limit rows in red, CSV and PDF. */
export function ReceivablesSection() {
  const copy = fr.reports.receivables;
  const [overLimitOnly, setOverLimitOnly] = useState(false);
  const query = useQuery(receivablesListQuery(overLimitOnly));
  const lines = query.data ? receivableLines(query.data, copy.noCustomer, copy.total) : [];
  return (
    <section className="card space-y-3 p-4" aria-labelledby="receivables-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="receivables-title" className="font-semibold">{copy.title}</h2>
          <p className="text-sm text-slate-600">{copy.intro}</p>
        </div>
        <DownloadButtons disabled={!query.data} labels={{ csv: copy.downloadCsv, pdf: copy.downloadPdf }}
          download={(kind) => downloadReceivables(kind, overLimitOnly, query.data?.as_of ?? "")}>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={overLimitOnly} onChange={(e) => setOverLimitOnly(e.target.checked)} />
            {copy.overLimitOnly}
          </label>
        </DownloadButtons>
      </div>
      <DataState isPending={query.isPending} error={query.error}>
        {lines.length <= 1 ? <p className="text-slate-600">{copy.none}</p> : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{copy.caption}</caption>
              <thead>
                <tr className="border-b text-left text-slate-600">
                  <th scope="col" className="py-2 pr-3">{copy.client}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{copy.limit}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{copy.balance}</th>
                  {BUCKETS.map((bucket) => <th key={bucket} scope="col" className="py-2 pr-3 text-right">{copy.buckets[bucket]}</th>)}
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.key} data-over-limit={line.overLimit || undefined}
                    className={`border-b tabular-nums ${line.overLimit ? "bg-red-50 text-red-800" : ""} ${line.kind === "total" ? "font-bold" : ""}`}>
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      {line.name}
                      {line.overLimit && <span className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-800">{copy.overLimit}</span>}
                      {line.phone && <span className="block text-xs font-normal text-slate-600">{formatPhone(line.phone)}</span>}
                    </th>
                    <td className="py-2 pr-3 text-right">{line.creditLimit === null ? fr.common.none : amount(line.creditLimit)}</td>
                    <td className="py-2 pr-3 text-right">{amount(line.balance)}</td>
                    {BUCKETS.map((bucket) => <td key={bucket} className="py-2 pr-3 text-right">{amount(line.buckets[bucket])}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataState>
    </section>
  );
}
