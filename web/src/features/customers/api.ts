import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, fetchBlob, ok } from "@/api/client";
import { ApiError } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Customer, CustomerBrief, CustomerCreate, CustomerUpdate, Statement } from "@/api/types";
import { fr } from "@/i18n/fr";
import { saveBlob } from "@/lib/download";

export type CustomerFilters = {
  search?: string;
  kind?: string;
  is_active?: boolean;
  over_limit?: boolean;
  page: number;
  page_size: number;
};

/** Managers read the full shape; the brief one (a vendeur's) never reaches this screen. */
function isFull(customer: Customer | CustomerBrief): customer is Customer {
  return "credit_limit" in customer;
}

export const customersQuery = (filters: CustomerFilters) => {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined)) as CustomerFilters;
  return queryOptions({
    queryKey: keys.customers.list(query),
    queryFn: async () => {
      const page = ok(await api.GET("/api/customers/", { params: { query: { ...query, ordering: "name" } } }));
      return { ...page, results: page.results.filter(isFull) };
    },
    placeholderData: keepPreviousData,
  });
};

export const customerQuery = (id: string) => queryOptions({
  queryKey: keys.customers.detail(id),
  queryFn: async () => {
    const customer = ok(await api.GET("/api/customers/{customer_id}/", { params: { path: { customer_id: id } } }));
    if (!isFull(customer)) throw new ApiError(403, { code: "permission_denied" });
    return customer;
  },
});

export const customerOrdersQuery = (id: string) => queryOptions({
  queryKey: keys.orders.list({ customer_id: id, page_size: 100, ordering: "-created_at" }),
  queryFn: async () => ok(await api.GET("/api/orders/", {
    params: { query: { customer_id: id, page_size: 100, ordering: "-created_at" } },
  })),
});

export type StatementPeriod = { date_from: string; date_to: string };

/** His account over a period: opening balance, orders and payments with the running balance. */
export const statementQuery = (id: string, period: StatementPeriod) => queryOptions({
  queryKey: keys.customers.statement(id, period),
  queryFn: async (): Promise<Statement> => ok(await api.GET("/api/customers/{customer_id}/statement/", {
    params: { path: { customer_id: id }, query: { ...period, format: "json" } },
  })) as Statement,
  placeholderData: keepPreviousData,
});

/** The same statement as a PDF, saved as `releve_<name>_<from>_<to>.pdf`. */
export async function downloadStatementPdf(customer: Pick<Customer, "id" | "name">, period: StatementPeriod): Promise<void> {
  const query = new URLSearchParams({ ...period, format: "pdf" }).toString();
  const blob = await fetchBlob(`/api/customers/${customer.id}/statement/?${query}`);
  saveBlob(blob, statementFileName(customer.name, period));
}

/** A file name without spaces or accents: `releve_maquis-le-baobab_2026-11-01_2026-11-29.pdf`. */
export function statementFileName(name: string, period: StatementPeriod): string {
  const slug = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "client";
  return `releve_${slug}_${period.date_from}_${period.date_to}.pdf`;
}

/** A 409 `customer_phone_used` says whose phone it is, by name (the answer gives his id). */
export async function phoneOwnerMessage(error: unknown): Promise<string | null> {
  if (!(error instanceof ApiError) || error.code !== "customer_phone_used") return null;
  const id = error.body.customer_id;
  if (typeof id !== "string") return fr.customers.phoneUsedUnknown;
  const owner = await api.GET("/api/customers/{customer_id}/", { params: { path: { customer_id: id } } }).catch(() => null);
  return owner?.data ? fr.customers.phoneUsed(owner.data.name) : fr.customers.phoneUsedUnknown;
}

/** The error of a save, with the phone's owner named when the phone was taken. */
export class CustomerSaveError extends Error {
  constructor(readonly original: unknown, readonly phoneOwner: string | null) {
    super(phoneOwner ?? "save failed");
  }
}

async function saving<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new CustomerSaveError(error, await phoneOwnerMessage(error));
  }
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => saving(async () => {
      const created = ok(await api.POST("/api/customers/", { body }));
      if (!isFull(created)) throw new ApiError(403, { code: "permission_denied" });
      return created;
    }),
    onSuccess: (customer) => client.setQueryData(keys.customers.detail(customer.id), customer),
    onSettled: () => client.invalidateQueries({ queryKey: keys.customers.lists() }),
  });
}

export function useUpdateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customer, patch }: { customer: Customer; patch: CustomerUpdate }) => saving(async () => {
      const updated = ok(await api.PATCH("/api/customers/{customer_id}/", {
        params: { path: { customer_id: customer.id } }, body: { ...patch, version: customer.version },
      }));
      if (!isFull(updated)) throw new ApiError(403, { code: "permission_denied" });
      return updated;
    }),
    onSuccess: (customer) => client.setQueryData(keys.customers.detail(customer.id), customer),
    onSettled: (_data, _error, { customer }) => {
      void client.invalidateQueries({ queryKey: keys.customers.lists() });
      void client.invalidateQueries({ queryKey: keys.customers.detail(customer.id) });
    },
  });
}

/** What to say when a save failed. */
export function saveErrorMessage(error: unknown, describe: (error: unknown) => string): string {
  if (error instanceof CustomerSaveError) return error.phoneOwner ?? describe(error.original);
  return describe(error);
}
