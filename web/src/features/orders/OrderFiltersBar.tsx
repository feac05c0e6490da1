"use client";

import { useEffect, useState } from "react";

import { DateFilter } from "@/components/DateInput";
import { fr } from "@/i18n/fr";

import type { OrderFilters } from "./api";
import { OPEN_STATUSES } from "./transitions";

type Props = { filters: OrderFilters; onChange: (patch: Partial<OrderFilters>) => void; onReset: () => void };

const SEARCH_DELAY_MS = 300;

export function OrderFiltersBar({ filters, onChange, onReset }: Props) {
  const [search, setSearch] = useState(filters.search ?? "");
  useEffect(() => {
    if (search === (filters.search ?? "")) return;
    const timer = setTimeout(() => onChange({ search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters.search, onChange]);

  return (
    <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(event) => event.preventDefault()}
      className="card grid grid-cols-2 gap-3 p-3 md:grid-cols-3 xl:grid-cols-[2fr_repeat(6,minmax(0,1fr))_auto] xl:items-end">
      <label className="field col-span-2 md:col-span-3 xl:col-span-1">
        {fr.common.search}
        <input type="search" className="input" value={search} placeholder={fr.orders.searchPlaceholder}
          onChange={(event) => setSearch(event.target.value)} />
      </label>
      <label className="field">
        {fr.orders.filter.status}
        <select className="input" value={filters.delivery_status ?? ""}
          onChange={(event) => onChange({ delivery_status: event.target.value || undefined })}>
          <option value="">{fr.common.all}</option>
          <option value={OPEN_STATUSES}>{fr.orders.filter.open}</option>
          {Object.entries(fr.statuses).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className="field">
        {fr.orders.filter.payment}
        <select className="input" value={filters.payment_status ?? ""}
          onChange={(event) => onChange({ payment_status: (event.target.value || undefined) as OrderFilters["payment_status"] })}>
          <option value="">{fr.common.all}</option>
          {Object.entries(fr.payments).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className="field">
        {fr.orders.filter.priority}
        <select className="input" value={filters.priority ?? ""}
          onChange={(event) => onChange({ priority: (event.target.value || undefined) as OrderFilters["priority"] })}>
          <option value="">{fr.common.allFeminine}</option>
          {Object.entries(fr.priorities).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <DateFilter label={fr.common.from} value={filters.date_from} max={filters.date_to}
        onChange={(iso) => onChange({ date_from: iso })} />
      <DateFilter label={fr.common.to} value={filters.date_to} min={filters.date_from}
        onChange={(iso) => onChange({ date_to: iso })} />
      <label className="field">
        {fr.orders.filter.unusual}
        <select className="input" value={filters.unusual === undefined ? "" : String(filters.unusual)}
          onChange={(event) => onChange({ unusual: event.target.value === "" ? undefined : event.target.value === "true" })}>
          <option value="">{fr.common.allFeminine}</option>
          <option value="true">{fr.orders.filter.unusualOnly}</option>
          <option value="false">{fr.orders.filter.usualOnly}</option>
        </select>
      </label>
      <label className="field">
        {fr.orders.filter.credit}
        <select className="input" value={filters.over_credit_limit === undefined ? "" : String(filters.over_credit_limit)}
          onChange={(event) => onChange({ over_credit_limit: event.target.value === "" ? undefined : event.target.value === "true" })}>
          <option value="">{fr.common.allFeminine}</option>
          <option value="true">{fr.orders.filter.overCreditOnly}</option>
          <option value="false">{fr.orders.filter.withinCreditOnly}</option>
        </select>
      </label>
      <button type="button" className="btn-ghost self-end py-2 text-sm" onClick={onReset}>{fr.common.reset}</button>
    </form>
  );
}
