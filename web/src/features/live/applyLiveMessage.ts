/**
 * What a live message from /ws/notifications/ changes in the TanStack Query caches: the object
 * itself is patched where it is shown, and the lists whose filtering or order may change are
 * invalidated (refetched if on screen).
 */
import type { QueryClient } from "@tanstack/react-query";

import { keys } from "@/api/keys";
import type { Notification, Order, Page, Product } from "@/api/types";
import { markArrived } from "@/lib/arrivals";

export type LiveMessage =
  | { type: "order"; event: "created" | "updated"; order: Order }
  | { type: "product"; event: "created" | "updated"; product: Product }
  | { type: "notification"; notification: Notification };

export function parseLiveMessage(raw: string): LiveMessage | null {
  try {
    const message = JSON.parse(raw) as { type?: unknown };
    if (message.type === "order" || message.type === "product" || message.type === "notification") {
      return message as LiveMessage;
    }
  } catch {
    // Not JSON: ignored, the socket carries only our own messages.
  }
  return null;
}

function patchPages<T extends { id: string }>(client: QueryClient, prefix: readonly unknown[], item: T): void {
  client.setQueriesData<Page<T>>({ queryKey: prefix }, (page) => {
    if (!page?.results) return page;
    if (!page.results.some((row) => row.id === item.id)) return page;
    return { ...page, results: page.results.map((row) => (row.id === item.id ? item : row)) };
  });
}

function onOrder(client: QueryClient, order: Order): void {
  client.setQueryData(keys.orders.detail(order.id), order);
  patchPages(client, keys.orders.lists(), order);
  void client.invalidateQueries({ queryKey: keys.orders.lists() });
  void client.invalidateQueries({ queryKey: keys.orders.history(order.id) });
  // A payment recorded elsewhere (a vendor's phone) changes its list and the customer's balance.
  void client.invalidateQueries({ queryKey: keys.orders.payments(order.id) });
  void client.invalidateQueries({ queryKey: keys.customers.all });
  // ... and what the vendor's cash closing expects (the « Caisse » screen).
  void client.invalidateQueries({ queryKey: keys.cash.all });
  void client.invalidateQueries({ queryKey: keys.reports.all });
  // Reserved and available quantities follow the orders; a delivery also moves stock.
  void client.invalidateQueries({ queryKey: keys.products.all });
  if (order.delivery_status === "livree") {
    void client.invalidateQueries({ queryKey: keys.movements.all });
  }
}

function onProduct(client: QueryClient, product: Product): void {
  client.setQueryData(keys.products.detail(product.id), product);
  patchPages(client, keys.products.lists(), product);
  void client.invalidateQueries({ queryKey: keys.products.all });
  void client.invalidateQueries({ queryKey: keys.movements.all });
}

function onNotification(client: QueryClient, notification: Notification): void {
  if (!notification.is_read) {
    client.setQueryData<{ count: number }>(keys.notifications.unread(),
      (current) => (current ? { count: current.count + 1 } : current));
  }
  void client.invalidateQueries({ queryKey: keys.notifications.all });
}

export function applyLiveMessage(client: QueryClient, message: LiveMessage): void {
  switch (message.type) {
    case "order":
      if (message.event === "created") markArrived(message.order.id);
      onOrder(client, message.order);
      break;
    case "product":
      onProduct(client, message.product);
      break;
    case "notification":
      onNotification(client, message.notification);
      break;
  }
}

/** After a reconnection: what may have been missed is fetched again. */
export function refreshAfterGap(client: QueryClient): void {
  for (const key of [keys.orders.all, keys.products.all, keys.notifications.all, keys.movements.all]) {
    void client.invalidateQueries({ queryKey: key });
  }
}
