"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { Customer } from "@/api/types";
import { SuccessNote } from "@/components/Alert";
import { Badge, PaymentBadge, StatusBadge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney, formatPhone } from "@/lib/format";

import { customerOrdersQuery, customerQuery } from "./api";
import { CustomerForm } from "./CustomerForm";
import { OldestDebt, OverLimitTag } from "./parts";
import { CustomerStatement } from "./Statement";

/** A customer's card: his fields, what he owes, his orders and his statement. */
export function CustomerDetail({ id }: { id: string }) {
  const query = useQuery(customerQuery(id));
  return (
    <DataState isPending={query.isPending} error={query.error}>
      {query.data && <CustomerContent customer={query.data} />}
    </DataState>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children || fr.common.none}</dd>
    </div>
  );
}

function CustomerContent({ customer }: { customer: Customer }) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const f = fr.customers.field;
  if (editing) {
    return (
      <CustomerForm customer={customer}
        onDone={(saved) => { setEditing(false); if (saved) setNote(fr.customers.updated(saved.name)); }} />
    );
  }
  return (
    <div className="space-y-6">
      <SuccessNote message={note} />
      <section aria-label={fr.customers.col.balance} className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="blue">{fr.customerKinds[customer.kind as keyof typeof fr.customerKinds] ?? customer.kind}</Badge>
          {!customer.is_active && <Badge tone="gray">{fr.customers.inactiveTag}</Badge>}
          <OverLimitTag customer={customer} />
          <span className="ml-auto text-right">
            <span className="block text-xs font-semibold uppercase tracking-wide text-slate-500">{fr.customers.col.balance}</span>
            <span className="text-xl font-bold" data-testid="customer-balance">{formatMoney(customer.balance)}</span>
          </span>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3">
          <Fact label={f.phone}>{formatPhone(customer.phone)}</Fact>
          <Fact label={f.otherPhones}>{customer.other_phones.map(formatPhone).join(", ")}</Fact>
          <Fact label={fr.customers.col.creditLimit}>{customer.credit_limit > 0 ? formatMoney(customer.credit_limit) : fr.customers.cashOnly}</Fact>
          <Fact label={fr.customers.col.oldestDebt}><OldestDebt since={customer.oldest_debt_at} /></Fact>
          <Fact label={fr.customers.since}>{formatDate(customer.created_at)}</Fact>
          <Fact label={f.address}><span className="whitespace-pre-line">{customer.address}</span></Fact>
        </dl>
        <button type="button" className="btn-secondary" onClick={() => { setNote(null); setEditing(true); }}>{fr.common.edit}</button>
      </section>
      <CustomerOrders customerId={customer.id} />
      <CustomerStatement customer={customer} />
    </div>
  );
}

function CustomerOrders({ customerId }: { customerId: string }) {
  const query = useQuery(customerOrdersQuery(customerId));
  const c = fr.customers.orderCol;
  return (
    <section aria-labelledby="customer-orders">
      <h3 id="customer-orders" className="mb-2 font-semibold">{fr.customers.orders}</h3>
      <DataState isPending={query.isPending} error={query.error}>
        {query.data && query.data.results.length === 0 && <p className="text-sm text-slate-500">{fr.customers.noOrders}</p>}
        {query.data && query.data.results.length > 0 && (
          <div className="card overflow-x-auto">
            <table className="table-base">
              <caption className="sr-only">{fr.customers.orders}</caption>
              <thead>
                <tr>
                  <th scope="col">{c.number}</th>
                  <th scope="col">{c.date}</th>
                  <th scope="col">{c.status}</th>
                  <th scope="col">{c.payment}</th>
                  <th scope="col" className="text-right">{c.total}</th>
                  <th scope="col" className="text-right">{c.paid}</th>
                  <th scope="col" className="text-right">{c.due}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.results.map((order) => (
                  <tr key={order.id}>
                    <td className="whitespace-nowrap">
                      <Link href={`/commandes/?id=${order.id}`} className="font-medium text-emerald-800 hover:underline"
                        aria-label={fr.customers.openOrder(order.order_number)}>{order.order_number}</Link>
                    </td>
                    <td className="whitespace-nowrap">{formatDate(order.created_at)}</td>
                    <td><StatusBadge status={order.delivery_status} /></td>
                    <td><PaymentBadge status={order.payment_status} /></td>
                    <td className="whitespace-nowrap text-right">{formatMoney(order.total_price)}</td>
                    <td className="whitespace-nowrap text-right">{formatMoney(order.amount_paid)}</td>
                    <td className={`whitespace-nowrap text-right ${order.amount_due > 0 && order.delivery_status !== "annulee" ? "font-semibold" : ""}`}>
                      {formatMoney(order.amount_due)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {query.data.count > query.data.results.length && (
              <p className="px-3 py-2 text-xs text-slate-500">{fr.common.results(query.data.count, fr.orders.noun)}</p>
            )}
          </div>
        )}
      </DataState>
    </section>
  );
}
