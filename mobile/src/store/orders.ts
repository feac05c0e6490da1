/** Orders and their outbox: an order and the event that records it are written in one transaction. */
import { total } from '../lib/money';
import { orderNumber } from '../lib/orderNumber';
import { uuid4 } from '../lib/uuid';
import { database } from './db';
import type { CustomerData, OrderData } from '../api/types';
import type { LocalCustomer, LocalOrder, LocalVoiceNote, OrderFields, OrderLine, OutboxEvent } from './types';

/** A voice note recorded in the order form, saved with the order. */
export interface Recording {
  blob: Blob;
  duration_seconds: number;
}

function noteOf(orderLocalId: string, recording: Recording, at: string): LocalVoiceNote {
  return {
    local_id: uuid4(), order_local_id: orderLocalId, blob: recording.blob,
    content_type: recording.blob.type.split(';')[0] || 'audio/webm',
    duration_seconds: Math.round(recording.duration_seconds * 10) / 10, created_at: at, uploaded: null, failure: null,
  };
}

const CLIENT_FIELDS = [
  'client_name', 'client_phone', 'delivery_address', 'delivery_date', 'priority', 'payment_status', 'notes',
] as const;
type ClientField = (typeof CLIENT_FIELDS)[number];
const NULL_WHEN_EMPTY = new Set<string>(['client_phone', 'delivery_date']);

function setField<K extends ClientField>(data: OrderData, name: K, value: OrderFields[K] | null): void {
  data[name] = value;
}

function itemsData(items: OrderLine[]): NonNullable<OrderData['items']> {
  return items.map(({ product_id, quantity, unit_price }) => ({ product_id, quantity, unit_price }));
}

/** The `order_created` data: empty optional fields are left out (every byte costs). */
export function createdData(fields: OrderFields): OrderData {
  const data: OrderData = { items: itemsData(fields.items) };
  for (const name of CLIENT_FIELDS) if (fields[name] !== '') setField(data, name, fields[name]);
  if (fields.customer_id) data.customer_id = fields.customer_id;
  else if (fields.customer_local_id) data.customer_local_id = fields.customer_local_id;
  return data;
}

/** The `order_updated` data: only the fields that changed, items as a full list. */
export function changedData(before: OrderFields, after: OrderFields): OrderData {
  const data: OrderData = {};
  for (const name of CLIENT_FIELDS) {
    if (before[name] === after[name]) continue;
    setField(data, name, after[name] === '' && NULL_WHEN_EMPTY.has(name) ? null : after[name]);
  }
  if (JSON.stringify(itemsData(before.items)) !== JSON.stringify(itemsData(after.items))) {
    data.items = itemsData(after.items);
  }
  return data;
}

export function pickFields(order: OrderFields): OrderFields {
  const { client_name, client_phone, delivery_address, delivery_date, priority, payment_status, notes, items } = order;
  return {
    client_name, client_phone, delivery_address, delivery_date, priority, payment_status, notes, items,
    customer_id: order.customer_id ?? null, customer_local_id: order.customer_local_id ?? null,
  };
}

/** The customer registered with an order (« Nouveau client »), and his `customer_created` event. */
export function newCustomer(fields: OrderFields, at: string): { customer: LocalCustomer; event: OutboxEvent } {
  const localId = uuid4();
  const customer: LocalCustomer = {
    id: localId, local_id: localId, name: fields.client_name, phone: fields.client_phone,
    kind: fields.new_customer?.kind ?? 'particulier', address: fields.delivery_address, balance: 0, is_active: true,
    updated_at: at, state: 'pending', rejection: null,
  };
  const data: CustomerData = { name: customer.name, phone: customer.phone, kind: customer.kind, address: customer.address, other_phones: [] };
  const event: OutboxEvent = {
    event_id: uuid4(), local_id: localId, type: 'customer_created', occurred_at: at, data, owner: localId,
  };
  return { customer, event };
}

/** Records a new order at once: its local_id, its order number and its `order_created` event. */
export async function createOrder(fields: OrderFields, recordings: Recording[] = [], now: Date = new Date()): Promise<LocalOrder> {
  const localId = uuid4();
  const at = now.toISOString();
  const registered = fields.new_customer ? newCustomer(fields, at) : null;
  if (registered) fields = { ...fields, customer_id: null, customer_local_id: registered.customer.local_id };
  const order: LocalOrder = {
    ...pickFields(fields), local_id: localId, order_number: orderNumber(localId, now), created_at: at,
    updated_at: at, state: 'pending', server_id: null, server_version: null, delivery_status: 'nouvelle',
    total_price: total(fields.items), rejection: null, conflicts: [], amount_paid: 0, payments: [], customer_known: null,
  };
  const event: OutboxEvent = {
    event_id: uuid4(), local_id: localId, type: 'order_created', occurred_at: at, data: createdData(fields), owner: localId,
  };
  const tx = (await database()).transaction(['orders', 'outbox', 'voice_notes', 'customers'], 'readwrite');
  // The customer's event first: the order names him by his local id.
  if (registered) {
    await tx.objectStore('customers').add(registered.customer);
    await tx.objectStore('outbox').add(registered.event);
  }
  await Promise.all([
    tx.objectStore('orders').add(order), tx.objectStore('outbox').add(event),
    ...recordings.map((r) => tx.objectStore('voice_notes').add(noteOf(localId, r, at))), tx.done,
  ]);
  return order;
}

/**
 * A vendor may edit an order while the office has not started on it (a refused one, to fix it),
 * if it has a phone's `local_id` to sync by: one placed elsewhere is kept under its server id.
 */
export function isEditable(order: LocalOrder): boolean {
  return order.delivery_status === 'nouvelle' && order.local_id !== order.server_id;
}

/**
 * The event for an edit: `order_updated` with the changed fields and the version the phone last
 * knew (1 while the creation is still on its way); a creation the server refused is sent anew.
 */
export function editEvent(before: LocalOrder, fields: OrderFields, at: string): OutboxEvent | null {
  if (before.state === 'rejected' && before.server_id === null) {
    return {
      event_id: uuid4(), local_id: before.local_id, type: 'order_created', occurred_at: at,
      data: createdData({ ...fields, customer_id: before.customer_id ?? null, customer_local_id: before.customer_local_id ?? null }),
      owner: before.local_id,
    };
  }
  const data = changedData(before, fields);
  if (Object.keys(data).length === 0) return null;
  return {
    event_id: uuid4(), local_id: before.local_id, type: 'order_updated', occurred_at: at,
    base_version: before.server_version ?? 1, data, owner: before.local_id,
  };
}

/** Records an edit (and any new voice notes) at once; null when nothing changed. */
export async function updateOrder(
  localId: string, fields: OrderFields, recordings: Recording[] = [], now: Date = new Date(),
): Promise<LocalOrder | null> {
  const tx = (await database()).transaction(['orders', 'outbox', 'voice_notes'], 'readwrite');
  const before = await tx.objectStore('orders').get(localId);
  if (!before) throw new Error(`Commande inconnue : ${localId}`);
  const at = now.toISOString();
  const event = editEvent(before, fields, at);
  const notes = recordings.map((r) => tx.objectStore('voice_notes').add(noteOf(localId, r, at)));
  if (!event) {
    await Promise.all([...notes, tx.done]);
    return null;
  }
  const renumbered = event.type === 'order_created' ? { order_number: orderNumber(localId, now), created_at: at } : {};
  const after: LocalOrder = {
    ...before, ...pickFields({ ...fields, customer_id: before.customer_id, customer_local_id: before.customer_local_id }), ...renumbered, updated_at: at, state: 'pending', total_price: total(fields.items),
    rejection: null, conflicts: [],
  };
  await Promise.all([tx.objectStore('orders').put(after), tx.objectStore('outbox').add(event), ...notes, tx.done]);
  return after;
}

export async function listOrders(): Promise<LocalOrder[]> {
  const orders = await (await database()).getAll('orders');
  return orders.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export async function getOrder(localId: string): Promise<LocalOrder | undefined> {
  return (await database()).get('orders', localId);
}

/** The oldest events first, as the server wants them. */
export async function outboxBatch(limit: number): Promise<OutboxEvent[]> {
  return (await database()).getAll('outbox', undefined, limit);
}

export async function outboxSize(): Promise<number> {
  return (await database()).count('outbox');
}
