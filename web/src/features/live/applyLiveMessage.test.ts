import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { keys } from "@/api/keys";
import { arrivals } from "@/lib/arrivals";
import type { Notification, Order, Page, Product } from "@/api/types";

import { applyLiveMessage, parseLiveMessage } from "./applyLiveMessage";

function order(patch: Partial<Order> = {}): Order {
  return {
    id: "o1", order_number: "261124-ABC123", local_id: null, client_name: "Awa", client_phone: "",
    delivery_address: "", delivery_date: null, delivery_status: "nouvelle", payment_status: "non_payee",
    priority: "moyenne", total_price: 1000, amount_paid: 0, amount_due: 1000, notes: "", items: [], created_by: "u1",
    created_by_username: "salif", created_at: "2026-11-24T08:00:00Z", updated_at: "2026-11-24T08:00:00Z",
    version: 1, unusual_reasons: [], over_credit_limit: false, returned_value: 0, ...patch,
  };
}

function page<T>(results: T[]): Page<T> {
  return { count: results.length, next: null, previous: null, results };
}

function setup() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const listKey = keys.orders.list({ page: 1 });
  client.setQueryData(listKey, page([order()]));
  client.setQueryData(keys.products.list({ page: 1 }), page<Product>([]));
  client.setQueryData(keys.movements.list({ page: 1 }), page([]));
  client.setQueryData(keys.notifications.unread(), { count: 2 });
  client.setQueryData(keys.users.list({ page: 1 }), page([]));
  return { client, listKey };
}

const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe("live messages and the query caches", () => {
  it("remembers created orders as just arrived, not updated ones", () => {
    const { client } = setup();
    applyLiveMessage(client, { type: "order", event: "created", order: order({ id: "pushed" }) });
    applyLiveMessage(client, { type: "order", event: "updated", order: order({ id: "changed" }) });
    expect(arrivals().has("pushed")).toBe(true);
    expect(arrivals().has("changed")).toBe(false);
  });

  it("patches an updated order in place and refreshes lists, stock and movements", () => {
    const { client, listKey } = setup();
    applyLiveMessage(client, { type: "order", event: "updated", order: order({ delivery_status: "livree", version: 2 }) });
    expect(client.getQueryData<Page<Order>>(listKey)?.results[0]?.delivery_status).toBe("livree");
    expect(client.getQueryData<Order>(keys.orders.detail("o1"))?.version).toBe(2);
    expect(stale(client, listKey)).toBe(true);
    expect(stale(client, keys.products.list({ page: 1 }))).toBe(true);
    expect(stale(client, keys.movements.list({ page: 1 }))).toBe(true);
    expect(stale(client, keys.users.list({ page: 1 }))).toBe(false);
  });

  it("refreshes the order's payments and the customers' balances when an order changes", () => {
    const { client } = setup();
    client.setQueryData(keys.orders.payments("o1"), []);
    client.setQueryData(keys.orders.payments("o2"), []);
    client.setQueryData(keys.customers.list({ page: 1 }), page([]));
    client.setQueryData(keys.cash.list("2026-11-29"), []);
    applyLiveMessage(client, { type: "order", event: "updated", order: order({ payment_status: "partielle", amount_paid: 400, amount_due: 600, version: 3 }) });
    expect(stale(client, keys.orders.payments("o1"))).toBe(true);
    expect(stale(client, keys.orders.payments("o2"))).toBe(false);
    expect(stale(client, keys.customers.list({ page: 1 }))).toBe(true);
    expect(stale(client, keys.cash.list("2026-11-29"))).toBe(true);
  });

  it("refetches order lists for a new order without touching other rows", () => {
    const { client, listKey } = setup();
    applyLiveMessage(client, { type: "order", event: "created", order: order({ id: "o2" }) });
    expect(client.getQueryData<Page<Order>>(listKey)?.results.map((o) => o.id)).toEqual(["o1"]);
    expect(stale(client, listKey)).toBe(true);
    expect(stale(client, keys.movements.list({ page: 1 }))).toBe(false);
  });

  it("counts an unread notification at once", () => {
    const { client } = setup();
    const notification = { id: "n1", is_read: false } as Notification;
    applyLiveMessage(client, { type: "notification", notification });
    expect(client.getQueryData(keys.notifications.unread())).toEqual({ count: 3 });
  });

  it("ignores what is not one of our messages", () => {
    expect(parseLiveMessage("not json")).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: "_position" }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: "order", event: "created", order: order() }))?.type).toBe("order");
  });
});
