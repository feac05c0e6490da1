"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

import { Dialog } from "@/components/Dialog";
import { DataState } from "@/components/DataState";
import { Pagination } from "@/components/Pagination";
import { fr } from "@/i18n/fr";

import { type OrderFilters, orderQuery, ordersQuery } from "./api";
import { OrderDetail } from "./OrderDetail";
import { OrderFiltersBar } from "./OrderFiltersBar";
import { OrdersTable } from "./OrdersTable";

const FIRST_PAGE: OrderFilters = { page: 1, page_size: 25, ordering: "-created_at" };

/** The main screen: orders, filtered and sorted, live; the detail opens over it (?id=). */
export function OrdersPage() {
  const [filters, setFilters] = useState<OrderFilters>(FIRST_PAGE);
  const [resets, setResets] = useState(0);
  const query = useQuery(ordersQuery(filters));
  const router = useRouter();
  const pathname = usePathname();
  const openId = useSearchParams().get("id");

  const change = useCallback((patch: Partial<OrderFilters>) => {
    setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));
  }, []);
  const open = (id: string | null) => router.push(id ? `${pathname}?id=${id}` : pathname, { scroll: false });

  const page = query.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="page-title">{fr.orders.title}</h1>
        {page && <p className="text-sm text-slate-600">{fr.common.results(page.count, fr.orders.noun)}</p>}
      </div>
      <OrderFiltersBar key={resets} filters={filters} onChange={change}
        onReset={() => { setFilters(FIRST_PAGE); setResets((n) => n + 1); }} />
      <DataState isPending={query.isPending} error={query.error} isEmpty={page?.results.length === 0}>
        {page && (
          <>
            <OrdersTable orders={page.results} ordering={filters.ordering} onSort={(ordering) => change({ ordering })} onOpen={open} />
            <Pagination page={filters.page} pageSize={filters.page_size} count={page.count} noun={fr.orders.noun}
              onPage={(next) => change({ page: next })} />
          </>
        )}
      </DataState>
      <OrderDialog id={openId} onClose={() => open(null)} />
    </div>
  );
}

function OrderDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const order = useQuery({ ...orderQuery(id ?? ""), enabled: Boolean(id) });
  const title = order.data ? fr.order.title(order.data.order_number) : fr.app.loading;
  return (
    <Dialog open={Boolean(id)} title={title} onClose={onClose} variant="panel">
      {id && <OrderDetail id={id} />}
    </Dialog>
  );
}
