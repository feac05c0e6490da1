/**
 * What a sync answer means for one order: the pure part of applying results, kept apart from
 * IndexedDB so that merge handling reads (and is tested) on its own.
 */
import type { Conflict, ServerOrder, SyncResult } from '../api/types';
import { copy } from '../copy';
import { brief } from '../store/customers';
import { amountPaid, netPrice } from '../store/payments';
import type { LocalCustomer, LocalOrder, OrderFields, OrderLine } from '../store/types';

/** The value of the goods given back, as the server counts it. */
export function returnedValueOf(server: ServerOrder): number {
  return server.returned_value;
}

/** Paid, its status and the goods given back, as the server counts them. */
function moneyOf(server: ServerOrder): Pick<LocalOrder, 'amount_paid' | 'payment_status' | 'returned_value'> {
  return { amount_paid: server.amount_paid, payment_status: server.payment_status, returned_value: returnedValueOf(server) };
}

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
    notes: order.notes, items: linesOf(order), customer_id: order.customer_id ?? null,
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
    next = {
      ...next, ...fieldsOf(server), customer_local_id: order.customer_local_id ?? null, order_number: server.order_number,
      total_price: server.total_price, amount_paid: server.amount_paid, returned_value: returnedValueOf(server),
    };
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
    rejection: null, conflicts: local?.conflicts ?? [], amount_paid: server.amount_paid, payments: local?.payments ?? [],
    customer_local_id: local?.customer_local_id ?? null, customer_known: local?.customer_known ?? null,
    returned_value: returnedValueOf(server), returns: local?.returns ?? [],
  };
}

/**
 * The payments' answers: each one synced or refused (« Paiement refusé : … »); the money the
 * server counts once nothing else is on its way, else the phone's own figure minus the refused.
 */
export function settlePayments(
  order: LocalOrder, settled: Array<{ payment: string; result: SyncResult }>, stillPending: boolean, orderSettled: boolean,
): LocalOrder {
  const byPayment = new Map(settled.map(({ payment, result }) => [payment, result]));
  let refused = 0;
  const payments = (order.payments ?? []).map((payment) => {
    const result = byPayment.get(payment.local_id);
    if (!result) return payment;
    if (result.status !== 'rejected') return { ...payment, state: 'synced' as const, rejection: null };
    if (payment.state !== 'rejected') refused += payment.amount;
    return { ...payment, state: 'rejected' as const, rejection: copy.pay.refused(result.error?.detail ?? copy.pay.refusedUnknown) };
  });
  let next: LocalOrder = { ...order, payments };
  const server = [...settled].reverse().find(({ result }) => result.order)?.result.order ?? null;
  if (server && (next.server_version ?? 0) <= server.version) {
    next = { ...next, server_id: server.id, server_version: server.version };
  }
  if (stillPending) {
    const paid = amountPaid(order) - refused;
    return { ...next, amount_paid: paid, payment_status: paid <= 0 ? 'non_payee' : next.payment_status, state: 'pending' };
  }
  if (server) {
    next = { ...next, ...moneyOf(server), delivery_status: server.delivery_status };
  } else {
    const paid = amountPaid(order) - refused;
    next = { ...next, amount_paid: paid, payment_status: paid <= 0 ? 'non_payee' : paid >= netPrice(next) ? 'payee' : 'partielle' };
  }
  if (!orderSettled && next.state === 'pending') next = { ...next, state: 'synced' };
  return next;
}

/**
 * The returns' answers: each one synced or refused (« Retour refusé : … », its value owed again);
 * the server's figures once nothing else is on its way, if its answer is the newest the phone has.
 */
export function settleReturns(
  order: LocalOrder, settled: Array<{ given: string; result: SyncResult }>, stillPending: boolean, othersSettled: boolean,
): LocalOrder {
  const byReturn = new Map(settled.map(({ given, result }) => [given, result]));
  let refused = 0;
  const returns = (order.returns ?? []).map((given) => {
    const result = byReturn.get(given.local_id);
    if (!result) return given;
    if (result.status !== 'rejected') return { ...given, state: 'synced' as const, rejection: null };
    if (given.state !== 'rejected') refused += given.value;
    return { ...given, state: 'rejected' as const, rejection: copy.returns.refused(result.error?.detail ?? copy.returns.refusedUnknown) };
  });
  let next: LocalOrder = { ...order, returns, returned_value: Math.max((order.returned_value ?? 0) - refused, 0) };
  const server = [...settled].reverse().find(({ result }) => result.order)?.result.order ?? null;
  const newest = server !== null && (next.server_version ?? 0) <= server.version;
  if (server && newest) next = { ...next, server_id: server.id, server_version: server.version };
  if (stillPending) return { ...next, state: 'pending' };
  if (server && newest) next = { ...next, ...moneyOf(server), delivery_status: server.delivery_status };
  if (!othersSettled && next.state === 'pending') next = { ...next, state: 'synced' };
  return next;
}

/** A `customer_created` answer: the customer the server kept (a known one when `merged`), or the refusal. */
export function settleCustomer(
  before: LocalCustomer | undefined, localId: string, result: SyncResult,
): { customer: LocalCustomer; known: string | null } {
  if (result.status === 'rejected' || !result.customer) {
    const base: LocalCustomer = before ?? {
      id: localId, local_id: localId, name: '', phone: '', kind: 'particulier', balance: 0, is_active: true,
      updated_at: new Date().toISOString(), state: 'pending',
    };
    return { customer: { ...base, state: 'rejected', rejection: result.error?.detail ?? null }, known: null };
  }
  const kept = brief(result.customer);
  const customer: LocalCustomer = { ...kept, local_id: localId, state: 'synced', address: before?.address ?? '', rejection: null };
  return { customer, known: result.status === 'merged' ? copy.customers.known(kept.name, kept.phone) : null };
}
