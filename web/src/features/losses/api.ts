import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, fetchBlob, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { LossFilters, LossReport, WriteOff } from "@/api/types";
import { saveBlob } from "@/lib/download";

function clean(filters: LossFilters): LossFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined && v !== null)) as LossFilters;
}

/** The losses of a period (optionally one product, one reason): totals, groups and the latest. */
export const lossesQuery = (filters: LossFilters) => {
  const query = clean(filters);
  return queryOptions({
    queryKey: keys.reports.losses(query),
    // JSON by default (the schema also names the CSV and PDF this path gives with `format`)
    queryFn: async (): Promise<LossReport> => ok(await api.GET("/api/reports/losses/", { params: { query } })) as LossReport,
    placeholderData: keepPreviousData,
  });
};

/** Writes stock off one lot; one Idempotency-Key per attempt. */
export function useWriteOff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, key }: { body: WriteOff; key: string }) =>
      ok(await api.POST("/api/stock/write-off/", { body, params: { header: { "Idempotency-Key": key } } })),
    onSuccess: () => Promise.all([
      client.invalidateQueries({ queryKey: keys.reports.all }),
      client.invalidateQueries({ queryKey: keys.products.all }),
      client.invalidateQueries({ queryKey: keys.movements.all }),
    ]),
  });
}

export function lossesFileName(kind: "csv" | "pdf", filters: LossFilters): string {
  const period = [filters.date_from, filters.date_to].filter(Boolean).join("_au_");
  return `pertes${period ? `_${period}` : ""}.${kind}`;
}

/** Downloads the losses report as CSV or PDF with the screen's filters. */
export async function downloadLosses(kind: "csv" | "pdf", filters: LossFilters): Promise<void> {
  const query = new URLSearchParams({ ...clean(filters), format: kind } as Record<string, string>).toString();
  saveBlob(await fetchBlob(`/api/reports/losses/?${query}`), lossesFileName(kind, filters));
}

/** Active products by name, for the write-off form and the report's filter. */
export const productChoicesQuery = () => queryOptions({
  queryKey: keys.products.choices(),
  queryFn: async () => ok(await api.GET("/api/products/", {
    params: { query: { is_active: true, ordering: "name", page_size: 200 } },
  })).results,
});
