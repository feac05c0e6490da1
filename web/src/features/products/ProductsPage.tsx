"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Product } from "@/api/types";
import { mayEditCatalogue } from "@/auth/permissions";
import { useUser } from "@/auth/useSession";
import { ErrorAlert } from "@/components/Alert";
import { Badge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { Dialog } from "@/components/Dialog";
import { Pagination } from "@/components/Pagination";
import { SortHeader } from "@/components/SortHeader";
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney, formatQuantity } from "@/lib/format";
import { expirySignal } from "@/lib/stockSignals";

import { categoriesQuery, type ProductFilters, productsQuery, useArchiveProduct } from "./api";
import { KindPrices } from "./KindPrices";
import { describeKindPrices } from "./kindPrices";
import { ProductForm } from "./ProductForm";
import { ProductHistory } from "./ProductHistory";
import { ProductLots } from "./ProductLots";

const FIRST_PAGE: ProductFilters = { page: 1, page_size: 50, ordering: "name", is_active: true };
type Editing = { product: Product | null } | null;

export function ProductsPage() {
  const user = useUser();
  const editable = mayEditCatalogue(user.role);
  const [filters, setFilters] = useState<ProductFilters>(FIRST_PAGE);
  const [editing, setEditing] = useState<Editing>(null);
  const [history, setHistory] = useState<Product | null>(null);
  const [pricing, setPricing] = useState<Product | null>(null);
  const [lots, setLots] = useState<Product | null>(null);
  const query = useQuery(productsQuery(filters));
  const archive = useArchiveProduct();
  const change = (patch: Partial<ProductFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));

  const onArchive = (product: Product) => {
    if (window.confirm(fr.products.confirmArchive(product.name))) archive.mutate(product.id);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{fr.products.title}</h1>
        {editable && <button type="button" className="btn-primary" onClick={() => setEditing({ product: null })}>{fr.products.create}</button>}
      </div>
      {!editable && <p className="text-sm text-slate-600">{fr.products.readOnly}</p>}
      <ProductFiltersBar filters={filters} onChange={change} />
      <ErrorAlert message={archive.error ? errorMessage(archive.error) : null} />
      <DataState isPending={query.isPending} error={query.error} isEmpty={query.data?.results.length === 0}>
        {query.data && (
          <>
            <ProductsTable products={query.data.results} ordering={filters.ordering} onSort={(ordering) => change({ ordering })}
              editable={editable} onEdit={(product) => setEditing({ product })} onArchive={onArchive} onHistory={setHistory}
              onPrices={setPricing} onLots={setLots} />
            <Pagination page={filters.page} pageSize={filters.page_size} count={query.data.count} noun={fr.products.noun}
              onPage={(page) => change({ page })} />
          </>
        )}
      </DataState>
      <Dialog open={editing !== null} onClose={() => setEditing(null)}
        title={editing?.product ? fr.products.editTitle(editing.product.name) : fr.products.createTitle}>
        {editing && <ProductForm product={editing.product} onDone={() => setEditing(null)} />}
      </Dialog>
      <Dialog open={pricing !== null} onClose={() => setPricing(null)} variant="panel"
        title={pricing ? fr.kindPrices.title(pricing.name) : ""}>
        {pricing && <KindPrices product={query.data?.results.find((p) => p.id === pricing.id) ?? pricing} editable={editable} />}
      </Dialog>
      <Dialog open={lots !== null} onClose={() => setLots(null)} variant="panel"
        title={lots ? fr.lots.title(lots.name) : ""}>
        {lots && <ProductLots product={lots} />}
      </Dialog>
      <Dialog open={history !== null} onClose={() => setHistory(null)} variant="panel"
        title={history ? fr.products.historyTitle(history.name) : ""}>
        {history && <ProductHistory productId={history.id} />}
      </Dialog>
    </div>
  );
}

function ProductFiltersBar({ filters, onChange }: { filters: ProductFilters; onChange: (patch: Partial<ProductFilters>) => void }) {
  const categories = useQuery(categoriesQuery());
  return (
    <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()}
      className="card flex flex-wrap items-end gap-3 p-3">
      <label className="field min-w-56 flex-1">{fr.common.search}
        <input type="search" className="input" placeholder={fr.products.searchPlaceholder} value={filters.search ?? ""}
          onChange={(e) => onChange({ search: e.target.value || undefined })} />
      </label>
      <label className="field">{fr.products.category}
        <select className="input" value={filters.category_id ?? ""} onChange={(e) => onChange({ category_id: e.target.value || undefined })}>
          <option value="">{fr.common.allFeminine}</option>
          {categories.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      <label className="flex items-center gap-2 py-2 text-sm">
        <input type="checkbox" checked={filters.low_stock ?? false} onChange={(e) => onChange({ low_stock: e.target.checked || undefined })} />
        {fr.products.lowOnly}
      </label>
      <label className="flex items-center gap-2 py-2 text-sm">
        <input type="checkbox" checked={filters.is_active === undefined} onChange={(e) => onChange({ is_active: e.target.checked ? undefined : true })} />
        {fr.products.showArchived}
      </label>
    </form>
  );
}

type TableProps = {
  products: Product[];
  ordering: string | undefined;
  onSort: (ordering: string) => void;
  editable: boolean;
  onEdit: (product: Product) => void;
  onArchive: (product: Product) => void;
  onHistory: (product: Product) => void;
  onPrices: (product: Product) => void;
  onLots: (product: Product) => void;
};

function ProductsTable({ products, ordering, onSort, ...actions }: TableProps) {
  const c = fr.products.col;
  return (
    <div className="card overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{fr.products.title}</caption>
        <thead>
          <tr>
            <SortHeader label={c.name} field="name" ordering={ordering} onSort={onSort} />
            <SortHeader label={c.price} field="unit_price" ordering={ordering} onSort={onSort} className="text-right" />
            <SortHeader label={c.stock} field="stock_quantity" ordering={ordering} onSort={onSort} className="text-right" />
            <th scope="col" className="text-right">{c.reserved}</th>
            <th scope="col" className="text-right">{c.available}</th>
            <th scope="col" className="text-right max-lg:hidden">{c.threshold}</th>
            <SortHeader label={c.expiry} field="expiration_date" ordering={ordering} onSort={onSort} />
            <th scope="col" className="max-xl:hidden"><span className="sr-only">{fr.common.actions}</span></th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => <ProductRow key={product.id} product={product} {...actions} />)}
        </tbody>
      </table>
    </div>
  );
}

type Actions = Omit<TableProps, "products" | "ordering" | "onSort">;

function ProductRow({ product, ...actions }: { product: Product } & Actions) {
  const expiry = expirySignal(product.expiration_date, product.stock_quantity);
  const warn = product.is_low_stock || expiry !== null;
  return (
    <tr data-product-id={product.id} className={`${warn ? "bg-amber-50/70" : ""} ${product.is_active ? "" : "text-slate-500"}`}>
      <td>
        <span className="block font-medium">{product.name}</span>
        <span className="flex flex-wrap gap-1 text-xs text-slate-500">
          {product.category_name}
          {product.is_low_stock && <Badge tone="red">{fr.products.lowStock}</Badge>}
          {product.available_quantity < 0 && <Badge tone="red">{fr.products.overbooked}</Badge>}
          {!product.is_active && <Badge tone="gray">{fr.products.archived}</Badge>}
        </span>
        <span className="-ml-2 block xl:hidden">
          <ProductActions product={product} {...actions} />
        </span>
      </td>
      <td className="whitespace-nowrap text-right">
        {formatMoney(product.unit_price)}
        {Object.keys(product.prices_by_kind).length > 0 && (
          <span className="block text-xs text-slate-500">{describeKindPrices(product.prices_by_kind)}</span>
        )}
      </td>
      <td className={`whitespace-nowrap text-right font-semibold ${product.is_low_stock ? "text-red-700" : ""}`}>{formatQuantity(product.stock_quantity, product.unit)}</td>
      <td className="whitespace-nowrap text-right text-slate-600">{formatQuantity(product.reserved_quantity)}</td>
      <td className={`whitespace-nowrap text-right ${product.available_quantity < 0 ? "font-semibold text-red-700" : ""}`}>{formatQuantity(product.available_quantity)}</td>
      <td className="whitespace-nowrap text-right text-slate-600 max-lg:hidden">{formatQuantity(product.min_stock_level)}</td>
      <td className="whitespace-nowrap">
        <span className="flex flex-col items-start gap-1 2xl:flex-row 2xl:items-center">
          {product.expiration_date ? formatDate(product.expiration_date) : fr.common.none}
          {expiry?.kind === "expired" && <Badge tone="red">{fr.products.expired}</Badge>}
          {expiry?.kind === "soon" && <Badge tone="orange">{fr.products.expiresSoon(expiry.days)}</Badge>}
        </span>
      </td>
      <td className="whitespace-nowrap text-right max-xl:hidden">
        <ProductActions product={product} {...actions} />
      </td>
    </tr>
  );
}

function ProductActions({ product, editable, onEdit, onArchive, onHistory, onPrices, onLots }: { product: Product } & Actions) {
  return (
    <>
      <button type="button" className="btn-ghost text-sm" aria-label={`${fr.lots.action} : ${product.name}`}
        onClick={() => onLots(product)}>{fr.lots.action}</button>
      <button type="button" className="btn-ghost text-sm" onClick={() => onHistory(product)}>{fr.products.history}</button>
      <button type="button" className="btn-ghost text-sm" aria-label={`${fr.kindPrices.action} : ${product.name}`}
        onClick={() => onPrices(product)}>{fr.kindPrices.action}</button>
      {editable && product.is_active && (
        <>
          <button type="button" className="btn-ghost text-sm" onClick={() => onEdit(product)}>{fr.common.edit}</button>
          <button type="button" className="btn-ghost text-sm text-red-700" onClick={() => onArchive(product)}>{fr.products.archive}</button>
        </>
      )}
    </>
  );
}
