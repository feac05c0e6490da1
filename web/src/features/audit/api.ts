import { keepPreviousData, queryOptions, useMutation } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { keys } from "@/api/keys";

export type AuditFilters = {
  aggregate_type?: string;
  aggregate_id?: string;
  user_id?: string;
  event_type?: string;
  date_from?: string;
  date_to?: string;
  /** null: the last page (the newest events); the log is served oldest first. */
  page: number | null;
  page_size: number;
};

export const auditQuery = (filters: AuditFilters) => {
  const query = Object.fromEntries(Object.entries({ ...filters, page: filters.page ?? "last" })
    .filter(([, v]) => v !== "" && v !== undefined));
  return queryOptions({
    queryKey: keys.audit.list(query),
    queryFn: async () => {
      const { page, ...rest } = filters;
      const base = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== "" && v !== undefined));
      let target = page;
      if (target === null) {
        const head = ok(await api.GET("/api/audit/", { params: { query: { ...base, page_size: 1 } } }));
        target = Math.max(1, Math.ceil(head.count / filters.page_size));
      }
      const result = ok(await api.GET("/api/audit/", { params: { query: { ...base, page: target } } }));
      return { ...result, page: target };
    },
    placeholderData: keepPreviousData,
  });
};

export const auditUsersQuery = () => queryOptions({
  queryKey: keys.users.list({ purpose: "audit" }),
  queryFn: async () => ok(await api.GET("/api/users/", { params: { query: { page_size: 200, ordering: "username" } } })).results,
  staleTime: 60_000,
});

export const orderAtQuery = (id: string, at: string) => queryOptions({
  queryKey: keys.orders.at(id, at),
  queryFn: async () => ok(await api.GET("/api/orders/{order_id}/", { params: { path: { order_id: id }, query: { at } } })),
  staleTime: Infinity,
});

export const productEventsQuery = (id: string) => queryOptions({
  queryKey: keys.products.history(id),
  queryFn: async () => ok(await api.GET("/api/products/{product_id}/history/", { params: { path: { product_id: id }, query: { page_size: 200 } } })).results,
});

/** Names of the products, accounts and categories an audit sentence may mention. */
export const auditNamesQuery = () => queryOptions({
  queryKey: ["audit", "names"] as const,
  queryFn: async () => {
    const [products, categories] = await Promise.all([
      api.GET("/api/products/", { params: { query: { page_size: 200 } } }),
      api.GET("/api/categories/", { params: { query: { page_size: 200 } } }),
    ]);
    return { products: ok(products).results, categories: ok(categories).results };
  },
  staleTime: 60_000,
});

export const auditOrderQuery = (id: string) => queryOptions({
  queryKey: keys.orders.detail(id),
  queryFn: async () => ok(await api.GET("/api/orders/{order_id}/", { params: { path: { order_id: id } } })),
  staleTime: Infinity,
});

/** The log's seal: the last event sealed, its hash, the last verification that finished. */
export const auditSealQuery = () => queryOptions({
  queryKey: keys.audit.seal(),
  queryFn: async () => ok(await api.GET("/api/audit/seal/")),
});

/** A background verification, asked again every half second until it has finished. */
export const verificationQuery = (id: string) => queryOptions({
  queryKey: keys.audit.verification(id),
  queryFn: async () => ok(await api.GET("/api/audit/verify/{verification_id}/", { params: { path: { verification_id: id } } })),
  refetchInterval: (query) => (query.state.data?.finished_at ? false : 500),
});

export function useStartVerification() {
  return useMutation({
    mutationFn: async () => ok(await api.POST("/api/audit/verify/")),
  });
}
