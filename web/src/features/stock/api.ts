import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { MovementType } from "@/api/types";

export type MovementFilters = {
  product_id?: string;
  movement_type?: MovementType;
  date_from?: string;
  date_to?: string;
  page: number;
  page_size: number;
};

export const movementsQuery = (filters: MovementFilters) => {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined)) as MovementFilters;
  return queryOptions({
    queryKey: keys.movements.list(query),
    queryFn: async () => ok(await api.GET("/api/stock/movements/", { params: { query } })),
    placeholderData: keepPreviousData,
  });
};

/** Active products for the movement forms, by name. */
export const productChoicesQuery = () => queryOptions({
  queryKey: keys.products.choices(),
  queryFn: async () => ok(await api.GET("/api/products/", {
    params: { query: { is_active: true, ordering: "name", page_size: 200 } },
  })).results,
});

export type MoveValues = {
  product_id: string;
  quantity: number;
  reason: string;
  expiration_date?: string | null;
  /** Entries: the new lot's code and cost; adjustments: the lot counted. */
  lot_code?: string;
  unit_cost?: number;
  lot_id?: string;
};

const PATHS = { entree: "/api/stock/entry/", sortie: "/api/stock/exit/", ajustement: "/api/stock/adjustment/" } as const;

export function useStockMove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, values, key }: { kind: MovementType; values: MoveValues; key: string }) => {
      const headers = { "Idempotency-Key": key };
      if (kind === "entree") return ok(await api.POST(PATHS.entree, { body: values, params: { header: headers } }));
      if (kind === "sortie") return ok(await api.POST(PATHS.sortie, { body: values, params: { header: headers } }));
      return ok(await api.POST(PATHS.ajustement, { body: values, params: { header: headers } }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.movements.all });
      void client.invalidateQueries({ queryKey: keys.products.all });
      void client.invalidateQueries({ queryKey: keys.reports.all });
    },
  });
}
