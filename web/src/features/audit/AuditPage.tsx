"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { AuditEvent } from "@/api/types";
import { DataState } from "@/components/DataState";
import { DateFilter } from "@/components/DateInput";
import { Dialog } from "@/components/Dialog";
import { Pagination } from "@/components/Pagination";
import { fr } from "@/i18n/fr";
import { describeEvent, eventLabel } from "@/i18n/labels";
import { formatDateTime } from "@/lib/format";

import { type AuditFilters, auditNamesQuery, auditOrderQuery, auditQuery, auditUsersQuery } from "./api";
import { OrderAsItWas, ProductAsItWas } from "./AsItWas";
import { SealLine } from "./SealLine";
import { auditSentence, isTechnical, type Subjects, subjectsOnPage } from "./sentence";

const FIRST: AuditFilters = { page: null, page_size: 50 };

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(FIRST);
  const [shown, setShown] = useState<AuditEvent | null>(null);
  const [technical, setTechnical] = useState(false);
  const query = useQuery(auditQuery(filters));
  const change = (patch: Partial<AuditFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? null }));
  const data = query.data;
  const events = [...(data?.results ?? [])].reverse().filter((event) => technical || !isTechnical(event));
  const subjects = useSubjects(events);
  return (
    <div className="space-y-4">
      <h1 className="page-title">{fr.audit.title}</h1>
      <SealLine />
      <AuditFiltersBar filters={filters} onChange={change} onReset={() => setFilters(FIRST)} />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" role="switch" checked={technical} onChange={(e) => setTechnical(e.target.checked)} />
        {fr.audit.technical}
      </label>
      <DataState isPending={query.isPending} error={query.error} isEmpty={data?.results.length === 0}>
        {data && (
          <>
            <AuditTable events={events} subjects={subjects} technical={technical} onShow={setShown}
              onAggregate={(event) => change({ aggregate_id: event.aggregate_id, aggregate_type: event.aggregate_type })} />
            <Pagination page={data.page} pageSize={filters.page_size} count={data.count} noun={fr.audit.noun} onPage={(page) => change({ page })} />
          </>
        )}
      </DataState>
      <Dialog open={shown !== null} onClose={() => setShown(null)} variant="panel"
        title={shown ? `${fr.audit.types[shown.aggregate_type] ?? shown.aggregate_type} — ${fr.audit.asItWasTitle(formatDateTime(shown.occurred_at))}` : ""}>
        {shown?.aggregate_type === "Order" && <OrderAsItWas event={shown} />}
        {shown?.aggregate_type === "Product" && <ProductAsItWas event={shown} />}
      </Dialog>
    </div>
  );
}

/** What the page's ids stand for: its own creations, the catalogue, the accounts, its orders. */
function useSubjects(events: AuditEvent[]): Subjects {
  const names = useQuery(auditNamesQuery());
  const users = useQuery(auditUsersQuery());
  const orderIds = [...new Set(events.filter((e) => e.aggregate_type === "Order").map((e) => e.aggregate_id))];
  const onPage = subjectsOnPage(events);
  const orders = useQueries({
    queries: orderIds.filter((id) => !onPage[id]).map((id) => ({ ...auditOrderQuery(id), retry: false })),
  });
  const subjects: Subjects = { ...onPage };
  names.data?.products.forEach((product) => { subjects[product.id] = { label: product.name, unit: product.unit }; });
  names.data?.categories.forEach((category) => { subjects[category.id] = { label: category.name }; });
  users.data?.forEach((user) => { subjects[user.id] = { label: user.username }; });
  orders.forEach(({ data: order }) => { if (order) subjects[order.id] = { label: order.order_number }; });
  return subjects;
}

type BarProps = { filters: AuditFilters; onChange: (patch: Partial<AuditFilters>) => void; onReset: () => void };

function AuditFiltersBar({ filters, onChange, onReset }: BarProps) {
  const users = useQuery(auditUsersQuery());
  return (
    <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()}
      className="card grid grid-cols-2 gap-3 p-3 md:grid-cols-3 xl:grid-cols-[repeat(6,minmax(0,1fr))_auto] xl:items-end">
      <label className="field">{fr.audit.aggregateType}
        <select className="input" value={filters.aggregate_type ?? ""} onChange={(e) => onChange({ aggregate_type: e.target.value || undefined })}>
          <option value="">{fr.common.all}</option>
          {Object.entries(fr.audit.types).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className="field">{fr.audit.aggregateId}
        <input className="input" value={filters.aggregate_id ?? ""} onChange={(e) => onChange({ aggregate_id: e.target.value.trim() || undefined })} />
      </label>
      <label className="field">{fr.audit.user}
        <select className="input" value={filters.user_id ?? ""} onChange={(e) => onChange({ user_id: e.target.value || undefined })}>
          <option value="">{fr.common.all}</option>
          {users.data?.map((user) => <option key={user.id} value={user.id}>{user.username}</option>)}
        </select>
      </label>
      <label className="field">{fr.audit.eventType}
        <select className="input" value={filters.event_type ?? ""} onChange={(e) => onChange({ event_type: e.target.value || undefined })}>
          <option value="">{fr.common.all}</option>
          {Object.entries(fr.audit.eventChoices).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <DateFilter label={fr.common.from} value={filters.date_from} onChange={(iso) => onChange({ date_from: iso })} />
      <DateFilter label={fr.common.to} value={filters.date_to} onChange={(iso) => onChange({ date_to: iso })} />
      <button type="button" className="btn-ghost self-end py-2 text-sm" onClick={onReset}>{fr.common.reset}</button>
    </form>
  );
}

type TableProps = {
  events: AuditEvent[]; subjects: Subjects; technical: boolean;
  onShow: (event: AuditEvent) => void; onAggregate: (event: AuditEvent) => void;
};

function AuditTable({ events, subjects, technical, onShow, onAggregate }: TableProps) {
  const c = fr.audit.col;
  return (
    <div className="card overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{fr.audit.title}</caption>
        <thead>
          <tr>
            <th scope="col" className="max-lg:hidden">{c.position}</th>
            <th scope="col">{c.date}</th>
            <th scope="col">{c.type}</th>
            <th scope="col">{fr.audit.what}</th>
            <th scope="col">{c.user}</th>
            <th scope="col" className="max-xl:hidden"><span className="sr-only">{fr.common.actions}</span></th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={`${event.aggregate_id}-${event.aggregate_version}`}>
              <td className="text-slate-500 max-lg:hidden">{event.position ?? fr.common.none}</td>
              <td className="whitespace-nowrap">{formatDateTime(event.occurred_at)}</td>
              <td className="whitespace-nowrap">
                <button type="button" className="text-left text-emerald-800 hover:underline" onClick={() => onAggregate(event)}>
                  {fr.audit.types[event.aggregate_type] ?? event.aggregate_type}
                  <span className="block text-xs text-slate-500">{subjects[event.aggregate_id]?.label}</span>
                  {technical && <span className="block font-mono text-[0.7rem] text-slate-500">{event.aggregate_id.slice(0, 8)} · v{event.aggregate_version}</span>}
                </button>
              </td>
              <td className="max-w-xl">
                {auditSentence(event, subjects, events)}
                {technical && (
                  <span className="block text-xs text-slate-500 [overflow-wrap:anywhere]">
                    {eventLabel(event.event_type)} · {describeEvent(event.event_type, event.data)}
                  </span>
                )}
                <span className="-ml-2 block xl:hidden"><ShowButton event={event} onShow={onShow} /></span>
              </td>
              <td>{event.username}</td>
              <td className="whitespace-nowrap text-right max-xl:hidden"><ShowButton event={event} onShow={onShow} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ShowButton({ event, onShow }: { event: AuditEvent; onShow: (event: AuditEvent) => void }) {
  if (event.aggregate_type !== "Order" && event.aggregate_type !== "Product") return null;
  return (
    <button type="button" className="btn-ghost text-sm text-emerald-800" onClick={() => onShow(event)}>
      {event.aggregate_type === "Order" ? fr.audit.asItWas : fr.audit.showHistory}
    </button>
  );
}
