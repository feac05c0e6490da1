import { keepPreviousData, queryOptions } from "@tanstack/react-query";

import { api, fetchBlob, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { Receivables, ReportFilters, ReportSummary } from "@/api/types";

import { receivablesFileName, receivablesQuery } from "./receivables";
import { saveBlob } from "@/lib/download";

function clean(filters: ReportFilters): ReportFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined)) as ReportFilters;
}

/** The summary, or null when this server has no reports yet (404). */
export const summaryQuery = (filters: ReportFilters) => {
  const query = clean(filters);
  return queryOptions({
    queryKey: keys.reports.summary(query),
    queryFn: async (): Promise<ReportSummary | null> => {
      const result = await api.GET("/api/reports/summary/", { params: { query } });
      if (result.response.status === 404 && !(result.error as { code?: string } | undefined)?.code) return null;
      return ok(result);
    },
    placeholderData: keepPreviousData,
  });
};

export function reportFileName(kind: "csv" | "pdf", filters: ReportFilters): string {
  const period = [filters.date_from, filters.date_to].filter(Boolean).join("_au_");
  return `commandes${period ? `_${period}` : ""}.${kind}`;
}

/** What customers owe, by age (today), optionally only those above their credit limit. */
export const receivablesListQuery = (overLimitOnly: boolean) =>
  queryOptions({
    queryKey: keys.reports.receivables({ over_limit: overLimitOnly }),
    // JSON by default (the schema also names the CSV and PDF this path gives with `format`)
    queryFn: async (): Promise<Receivables> => ok(await api.GET("/api/reports/receivables/", {
      params: { query: overLimitOnly ? { over_limit: true } : {} },
    })) as Receivables,
    placeholderData: keepPreviousData,
  });

/** Downloads the receivables as CSV or PDF, with the table's filter. */
export async function downloadReceivables(kind: "csv" | "pdf", overLimitOnly: boolean, asOf: string): Promise<void> {
  const blob = await fetchBlob(`/api/reports/receivables/${receivablesQuery(kind, overLimitOnly)}`);
  saveBlob(blob, receivablesFileName(kind, asOf));
}


/** Downloads the CSV or PDF report with the session's token, then saves it under a clear name. */
export async function downloadReport(kind: "csv" | "pdf", filters: ReportFilters): Promise<void> {
  const query = new URLSearchParams(clean(filters) as Record<string, string>).toString();
  const blob = await fetchBlob(`/api/reports/orders/${kind}/${query ? `?${query}` : ""}`);
  saveBlob(blob, reportFileName(kind, filters));
}
