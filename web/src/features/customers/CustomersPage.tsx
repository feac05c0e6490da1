"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import type { Customer } from "@/api/types";
import { SuccessNote } from "@/components/Alert";
import { Badge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { Dialog } from "@/components/Dialog";
import { Pagination } from "@/components/Pagination";
import { fr } from "@/i18n/fr";
import { formatMoney, formatPhone } from "@/lib/format";

import { type CustomerFilters, customerQuery, customersQuery } from "./api";
import { CustomerDetail } from "./CustomerDetail";
import { CustomerForm, KINDS } from "./CustomerForm";
import { OldestDebt, OverLimitTag } from "./parts";
import { isOverLimit } from "./rules";

const FIRST_PAGE: CustomerFilters = { page: 1, page_size: 50 };

/** Customers: search, filters, balances and limits; his card opens over the list (?id=). */
export function CustomersPage() {
  const [filters, setFilters] = useState<CustomerFilters>(FIRST_PAGE);
  const [creating, setCreating] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const query = useQuery(customersQuery(filters));
  const router = useRouter();
  const pathname = usePathname();
  const openId = useSearchParams().get("id");
  const open = (id: string | null) => router.push(id ? `${pathname}?id=${id}` : pathname, { scroll: false });
  const change = (patch: Partial<CustomerFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));

  const shown = query.data?.results ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{fr.customers.title}</h1>
        <button type="button" className="btn-primary" onClick={() => { setNote(null); setCreating(true); }}>{fr.customers.create}</button>
      </div>
      <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()} className="card flex flex-wrap items-end gap-3 p-3">
        <label className="field min-w-56 flex-1">{fr.common.search}
          <input type="search" className="input" placeholder={fr.customers.searchPlaceholder} value={filters.search ?? ""}
            onChange={(e) => change({ search: e.target.value || undefined })} />
        </label>
        <label className="field">{fr.customers.kind}
          <select className="input" value={filters.kind ?? ""} onChange={(e) => change({ kind: e.target.value || undefined })}>
            <option value="">{fr.common.all}</option>
            {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">{fr.customers.status}
          <select className="input" value={filters.is_active === false ? "false" : "true"}
            onChange={(e) => change({ is_active: e.target.value === "false" ? false : undefined })}>
            <option value="true">{fr.customers.active}</option>
            <option value="false">{fr.customers.inactive}</option>
          </select>
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm font-medium">
          <input type="checkbox" className="size-4" checked={filters.over_limit === true}
            onChange={(e) => change({ over_limit: e.target.checked || undefined })} />
          {fr.customers.overLimitOnly}
        </label>
      </form>
      <SuccessNote message={note} />
      <DataState isPending={query.isPending} error={query.error} isEmpty={shown.length === 0}>
        {query.data && (
          <>
            <CustomersTable customers={shown} onOpen={open} />
            <Pagination page={filters.page} pageSize={filters.page_size} count={query.data.count} noun={fr.customers.noun}
              onPage={(page) => change({ page })} />
          </>
        )}
      </DataState>
      <Dialog open={creating} title={fr.customers.create} onClose={() => setCreating(false)}>
        {creating && (
          <CustomerForm onDone={(saved) => { setCreating(false); if (saved) setNote(fr.customers.created(saved.name)); }} />
        )}
      </Dialog>
      <CustomerDialog id={openId} onClose={() => open(null)} />
    </div>
  );
}

function CustomersTable({ customers, onOpen }: { customers: Customer[]; onOpen: (id: string) => void }) {
  const c = fr.customers.col;
  return (
    <div className="card overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{fr.customers.title}</caption>
        <thead>
          <tr>
            <th scope="col">{c.name}</th>
            <th scope="col">{c.phone}</th>
            <th scope="col" className="max-md:hidden">{c.kind}</th>
            <th scope="col" className="text-right">{c.balance}</th>
            <th scope="col">{c.oldestDebt}</th>
            <th scope="col" className="text-right max-md:hidden">{c.creditLimit}</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id} className={customer.is_active ? "" : "text-slate-500"}>
              <td>
                <button type="button" className="text-left font-medium text-emerald-800 hover:underline"
                  aria-label={fr.customers.open(customer.name)} onClick={() => onOpen(customer.id)}>
                  {customer.name}
                </button>
                <div className="mt-0.5 flex flex-wrap gap-1">
                  <OverLimitTag customer={customer} />
                  {!customer.is_active && <Badge tone="gray">{fr.customers.inactiveTag}</Badge>}
                </div>
              </td>
              <td className="whitespace-nowrap">{formatPhone(customer.phone)}</td>
              <td className="max-md:hidden">{fr.customerKinds[customer.kind as keyof typeof fr.customerKinds] ?? customer.kind}</td>
              <td className={`whitespace-nowrap text-right ${isOverLimit(customer) ? "font-semibold text-red-800" : ""}`}>{formatMoney(customer.balance)}</td>
              <td><OldestDebt since={customer.oldest_debt_at} /></td>
              <td className="whitespace-nowrap text-right max-md:hidden">
                {customer.credit_limit > 0 ? formatMoney(customer.credit_limit) : fr.customers.cashOnly}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CustomerDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const customer = useQuery({ ...customerQuery(id ?? ""), enabled: Boolean(id) });
  const title = customer.data ? fr.customers.detailTitle(customer.data.name) : fr.app.loading;
  return (
    <Dialog open={Boolean(id)} title={title} onClose={onClose} variant="panel">
      {id && <CustomerDetail id={id} />}
    </Dialog>
  );
}
