import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { ApiError } from "@/api/errors";
import { keys } from "@/api/keys";
import type { DeliveryStatus, Order, PaymentCreate, PaymentStatus, Priority, ReturnCreate, VoiceNote } from "@/api/types";

export type OrderFilters = {
  search?: string;
  delivery_status?: string;
  payment_status?: PaymentStatus;
  priority?: Priority;
  date_from?: string;
  date_to?: string;
  unusual?: boolean;
  over_credit_limit?: boolean;
  ordering?: string;
  page: number;
  page_size: number;
};

/** Only the filters that are set, so that equal filters give equal query keys. */
export function cleanFilters(filters: OrderFilters): OrderFilters {
  const entries = Object.entries(filters).filter(([, value]) => value !== "" && value !== undefined);
  return Object.fromEntries(entries) as OrderFilters;
}

export const ordersQuery = (filters: OrderFilters) => {
  const query = cleanFilters(filters);
  return queryOptions({
    queryKey: keys.orders.list(query),
    queryFn: async () => ok(await api.GET("/api/orders/", { params: { query } })),
    placeholderData: keepPreviousData,
  });
};

export const orderQuery = (id: string) => queryOptions({
  queryKey: keys.orders.detail(id),
  queryFn: async () => ok(await api.GET("/api/orders/{order_id}/", { params: { path: { order_id: id } } })),
});

/** A product's stock now, as a delivery is about to take some out. */
export const productStockQuery = (id: string) => queryOptions({
  queryKey: keys.products.detail(id),
  queryFn: async () => ok(await api.GET("/api/products/{product_id}/", { params: { path: { product_id: id } } })),
});

export const orderHistoryQuery = (id: string) => queryOptions({
  queryKey: keys.orders.history(id),
  queryFn: async () => ok(await api.GET("/api/orders/{order_id}/history/", { params: { path: { order_id: id }, query: { page_size: 200 } } })).results,
});

/** The order's voice notes, or null when this server has no voice notes yet (404). */
export const voiceNotesQuery = (id: string) => queryOptions({
  queryKey: keys.orders.voiceNotes(id),
  queryFn: async (): Promise<VoiceNote[] | null> => {
    const result = await api.GET("/api/orders/{order_id}/voice-notes/", { params: { path: { order_id: id } } });
    if (result.response.status === 404 || result.response.status === 405) return null;
    return ok(result).results;
  },
  retry: false,
});

function useOrderWrite<Vars>(write: (order: Order, vars: Vars) => Promise<Order>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ order, vars }: { order: Order; vars: Vars }) => write(order, vars),
    onSuccess: (order) => {
      client.setQueryData(keys.orders.detail(order.id), order);
      void client.invalidateQueries({ queryKey: keys.orders.lists() });
      void client.invalidateQueries({ queryKey: keys.orders.history(order.id) });
      void client.invalidateQueries({ queryKey: keys.products.all });
      void client.invalidateQueries({ queryKey: keys.movements.all });
      void client.invalidateQueries({ queryKey: keys.customers.all });
      void client.invalidateQueries({ queryKey: keys.reports.all });
    },
    onError: (error, { order }) => {
      if (error instanceof ApiError && error.status === 409) {
        void client.invalidateQueries({ queryKey: keys.orders.detail(order.id) });
      }
    },
  });
}

export function useChangeStatus() {
  return useOrderWrite<DeliveryStatus>(async (order, status) => ok(await api.PATCH(
    "/api/orders/{order_id}/status/",
    { params: { path: { order_id: order.id } }, body: { delivery_status: status, version: order.version } },
  )));
}

export function useChangePayment() {
  return useOrderWrite<PaymentStatus>(async (order, status) => ok(await api.PATCH(
    "/api/orders/{order_id}/payment/",
    { params: { path: { order_id: order.id } }, body: { payment_status: status, version: order.version } },
  )));
}

/** The order's payments, oldest first. */
export const orderPaymentsQuery = (id: string) => queryOptions({
  queryKey: keys.orders.payments(id),
  queryFn: async () => ok(await api.GET("/api/orders/{order_id}/payments/", {
    params: { path: { order_id: id }, query: { page_size: 100 } },
  })).results,
});

/** Records money received; the same `local_id` again returns the payment already recorded. */
export function useRecordPayment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ order, body }: { order: Order; body: PaymentCreate }) => ok(await api.POST(
      "/api/orders/{order_id}/payments/", { params: { path: { order_id: order.id } }, body },
    )),
    onSettled: (_payment, _error, { order }) => Promise.all([
      client.invalidateQueries({ queryKey: keys.orders.detail(order.id) }),
      client.invalidateQueries({ queryKey: keys.orders.payments(order.id) }),
      client.invalidateQueries({ queryKey: keys.orders.lists() }),
      client.invalidateQueries({ queryKey: keys.orders.history(order.id) }),
      client.invalidateQueries({ queryKey: keys.customers.all }),
    ]),
  });
}

/** Goods brought back from a delivered order: back into their lot (or lost), the amount due falls. */
export function useRecordReturn() {
  return useOrderWrite<{ body: ReturnCreate; key: string }>(async (order, { body, key }) => ok(await api.POST(
    "/api/orders/{order_id}/returns/",
    { params: { path: { order_id: order.id }, header: { "Idempotency-Key": key } }, body },
  )));
}
