import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, fetchBlob, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { CashClosing } from "@/api/types";
import { saveBlob } from "@/lib/download";

/** Every vendor with payments or a closing that day (200 at most: one shop's vendors). */
export const cashClosingsQuery = (day: string) => queryOptions({
  queryKey: keys.cash.list(day),
  queryFn: async () => ok(await api.GET("/api/cash-closings/", { params: { query: { day, page_size: 200 } } })).results,
  placeholderData: keepPreviousData,
});

export type Counted = Record<string, number>;

export function useCloseCashDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { vendor_id: string; day: string; counted: Counted; note: string }) =>
      ok(await api.POST("/api/cash-closings/", { body })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.cash.all }),
  });
}

export function useCorrectCashClosing() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ closing, counted, reason }: { closing: CashClosing; counted: Counted; reason: string }) =>
      ok(await api.POST("/api/cash-closings/{vendor_id}/{day}/corrections/", {
        params: { path: { vendor_id: closing.vendor_id, day: closing.day } }, body: { counted, reason },
      })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.cash.all }),
  });
}

/** The closing signed by name and time, saved as `cloture_<vendeur>_<jour>.pdf`. */
export async function downloadClosingPdf(closing: CashClosing): Promise<void> {
  const blob = await fetchBlob(`/api/cash-closings/${closing.vendor_id}/${closing.day}/pdf/`);
  saveBlob(blob, `cloture_${closing.vendor_username || "vendeur"}_${closing.day}.pdf`);
}
