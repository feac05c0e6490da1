/**
 * What a sync answer means for one order: the pure part of applying results, kept apart from
 * IndexedDB so that merge handling reads (and is tested) on its own.
 */
import type { Conflict, ServerOrder, SyncResult } from '../api/types';
import type { LocalOrder, OrderFields, OrderLine } from '../store/types';

function linesOf(order: ServerOrder): OrderLine[] {
  return order.items.map((item) => ({
    product_id: item.product_id, product_name: item.product_name, unit: item.unit,
    quantity: Number(item.quantity), unit_price: item.unit_price,
  }));
}

export function fieldsOf(order: ServerOrder): OrderFields {
  return {
    client_name: order.client_name, client_phone: order.client_phone, delivery_address: order.delivery_address,
    delivery_date: order.delivery_date ?? '', priority: order.priority, payment_status: order.payment_status,
    notes: order.notes, items: linesOf(order),
  };
}

function comparable(fields: OrderFields): string {
  const items = fields.items.map((line) => [line.product_id, Number(line.quantity), line.unit_price]);
  const { client_name, client_phone, delivery_address, delivery_date, priority, payment_status, notes } = fields;
  return JSON.stringify([client_name, client_phone, delivery_address, delivery_date, priority, payment_status, notes, items]);
}

/** True when the server's order is not what the vendor entered: the office changed something. */
export function differsFromPhone(local: OrderFields, server: ServerOrder): boolean {
  return comparable(local) !== comparable(fieldsOf(server));
}

/**
 * The order after the results of one batch that concern it (in send order). `stillPending` says
 * whether later events for it are still waiting: then the phone's own values stay on display.
 */
export function settleOrder(order: LocalOrder, results: SyncResult[], stillPending: boolean): LocalOrder {
  let next: LocalOrder = { ...order };
  let rejected: SyncResult | null = null;
  const conflicts: Conflict[] = [];
  let merged = false;
  for (const result of results) {
    if (result.status === 'rejected') rejected = result;
    else rejected = null;
    if (result.status === 'merged') merged = true;
    conflicts.push(...result.conflicts);
  }
  const server = [...results].reverse().find((r) => r.order)?.order ?? null;
  if (server) {
    next = { ...next, server_id: server.id, server_version: server.version, delivery_status: server.delivery_status };
  }
  if (stillPending) return { ...next, state: 'pending' };
  if (server) {
    merged ||= !rejected && differsFromPhone(order, server);
    next = { ...next, ...fieldsOf(server), order_number: server.order_number, total_price: server.total_price };
  }
  if (rejected) {
    const error = rejected.error ?? { code: 'rejected', detail: 'Refusée par le serveur.' };
    return { ...next, state: 'rejected', rejection: { code: error.code, detail: error.detail }, conflicts: [] };
  }
  return { ...next, state: merged ? 'merged' : 'synced', rejection: null, conflicts };
}

/**
 * A downloaded order as the phone keeps it, or null when the phone's copy wins: its own unsent
 * edits (`pending`), or a copy at least as recent. An order placed elsewhere, without a
 * `local_id`, is kept under its server id. An office edit of what the vendor entered is "merged".
 */
export function downloadedOrder(local: LocalOrder | undefined, server: ServerOrder, pending: boolean): LocalOrder | null {
  if (pending || (local?.server_version ?? 0) >= server.version) return null;
  const merged = local?.state === 'merged' || (local?.state === 'synced' && differsFromPhone(local, server));
  return {
    ...fieldsOf(server), local_id: server.local_id ?? server.id, order_number: server.order_number,
    created_at: local?.created_at ?? server.created_at, updated_at: server.updated_at,
    state: merged ? 'merged' : 'synced', server_id: server.id,
    server_version: server.version, delivery_status: server.delivery_status, total_price: server.total_price,
    rejection: null, conflicts: local?.conflicts ?? [],
  };
}
