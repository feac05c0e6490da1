import { keepPreviousData, queryOptions } from "@tanstack/react-query";

import { api, fetchBlob, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { ReportFilters, ReportSummary } from "@/api/types";

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

/** Downloads the CSV or PDF report with the session's token, then saves it under a clear name. */
export async function downloadReport(kind: "csv" | "pdf", filters: ReportFilters): Promise<void> {
  const query = new URLSearchParams(clean(filters) as Record<string, string>).toString();
  const blob = await fetchBlob(`/api/reports/orders/${kind}/${query ? `?${query}` : ""}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = reportFileName(kind, filters);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
