import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { KindPricesUpdate, Product, ProductCreate, ProductUpdate } from "@/api/types";

export type ProductFilters = {
  search?: string;
  category_id?: string;
  low_stock?: boolean;
  is_active?: boolean;
  ordering?: string;
  page: number;
  page_size: number;
};

export const productsQuery = (filters: ProductFilters) => {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined)) as ProductFilters;
  return queryOptions({
    queryKey: keys.products.list(query),
    queryFn: async () => ok(await api.GET("/api/products/", { params: { query } })),
    placeholderData: keepPreviousData,
  });
};

export const categoriesQuery = () => queryOptions({
  queryKey: keys.categories.all,
  queryFn: async () => ok(await api.GET("/api/categories/", { params: { query: { page_size: 200, ordering: "name" } } })).results,
  staleTime: 60_000,
});

export const productHistoryQuery = (id: string) => queryOptions({
  queryKey: keys.products.history(id),
  queryFn: async () => ok(await api.GET("/api/products/{product_id}/history/", { params: { path: { product_id: id }, query: { page_size: 200 } } })).results,
});

export function useSaveProduct() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ product, values }: { product: Product | null; values: ProductCreate }) => {
      if (!product) return ok(await api.POST("/api/products/", { body: values }));
      const { stock_quantity: _ignored, ...editable } = values;
      const body: ProductUpdate = { ...editable, version: product.version };
      return ok(await api.PATCH("/api/products/{product_id}/", { params: { path: { product_id: product.id } }, body }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.products.all }),
  });
}

export function useSetKindPrices() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: KindPricesUpdate }) =>
      ok(await api.PUT("/api/products/{product_id}/prices/", { params: { path: { product_id: id } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.products.all }),
  });
}

export function useArchiveProduct() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => ok(await api.DELETE("/api/products/{product_id}/", { params: { path: { product_id: id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.products.all }),
  });
}

export function useCreateCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => ok(await api.POST("/api/categories/", { body: { name, description: "" } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.categories.all }),
  });
}
