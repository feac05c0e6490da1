/** What the phone keeps in IndexedDB. Orders are identified by their local_id, on every device. */
import type { DownloadedPayment } from '../lib/cashbook';
import type {
  Conflict, CustomerBrief, DeliveryStatus, PaymentMethod, PaymentStatus, Priority, Product, ServerOrder, SyncEvent, User,
  VoiceNote,
} from '../api/types';

export interface Session {
  access: string;
  refresh: string;
  user: User;
}

export interface OrderLine {
  product_id: string;
  product_name: string;
  unit: string;
  quantity: number;
  unit_price: number;
}

/** The fields a vendor fills in, as in an `order_created` event (with names for display). */
export interface OrderFields {
  client_name: string;
  client_phone: string;
  delivery_address: string;
  delivery_date: string; // YYYY-MM-DD, or '' when not set (in the form: the text typed until it is a date)
  priority: Priority;
  payment_status: PaymentStatus;
  notes: string;
  items: OrderLine[];
  /** The customer picked among those on the phone (server id, or the local id of one created here). */
  customer_id?: string | null;
  customer_local_id?: string | null;
  /** Set in the form when the vendor registers a new customer with this order (name, phone, address from the fields). */
  new_customer?: { kind: string } | null;
}

/**
 * pending: events wait in the outbox · synced: the server has it as the phone does
 * · merged: the server settled a conflict ("Modifiée au bureau") · rejected: refused, with reason.
 */
export type SyncState = 'pending' | 'synced' | 'merged' | 'rejected';

export interface LocalOrder extends OrderFields {
  local_id: string;
  order_number: string;
  created_at: string;
  updated_at: string;
  state: SyncState;
  server_id: string | null;
  server_version: number | null;
  delivery_status: DeliveryStatus;
  total_price: number;
  rejection: { code: string; detail: string } | null;
  conflicts: Conflict[];
  /** Money: the server's figure plus the payments still on their way (absent on orders stored before payments). */
  amount_paid?: number;
  payments?: LocalPayment[];
  /** « Client déjà connu : … »: the server had this phone's new customer already. */
  customer_known?: string | null;
  /** The value of the goods given back (FCFA): the server's once it answered, plus the returns on their way. */
  returned_value?: number;
  returns?: LocalReturn[];
}

/** Goods given back at delivery, recorded on this phone: what is due falls at once, the sync settles it. */
export interface LocalReturn {
  local_id: string;
  lines: Array<{ product_id: string; quantity: number }>;
  reason: string;
  restock: boolean;
  value: number; // at the order's unit prices, as the server counts it
  recorded_at: string;
  state: 'pending' | 'synced' | 'rejected';
  rejection: string | null;
}

/** A payment recorded on this phone: shown (and on the receipt) at once, settled by the sync. */
export interface LocalPayment {
  local_id: string;
  amount: number;
  method: PaymentMethod;
  reference: string;
  received_at: string;
  state: 'pending' | 'synced' | 'rejected';
  rejection: string | null;
}

/** A customer as the phone keeps it: the brief shape, plus one created here and not yet known to the server. */
export interface LocalCustomer extends CustomerBrief {
  local_id: string | null; // set for one created on this phone
  state: 'pending' | 'synced' | 'rejected';
  address?: string;
  rejection?: string | null;
}

/** An event waiting to be sent: the generated `SyncEvent` of its kind, plus what stays on the phone. */
export type OutboxEvent = SyncEvent & {
  seq?: number; // IndexedDB's autoIncrement key: the send order
  /** Not sent: whose event it is (the order's local_id for a payment or a return) — the `by_owner` index. */
  owner?: string;
};

export interface LocalVoiceNote {
  local_id: string;
  order_local_id: string;
  blob: Blob;
  content_type: string;
  duration_seconds: number;
  created_at: string;
  uploaded: VoiceNote | null;
  failure: string | null; // a refusal that retrying will not fix (too large, not audio)
}

export interface SyncReport {
  at: string;
  bytes: number;
  sent_events: number;
  uploaded_notes: number;
  ok: boolean;
  error: string | null;
}

export interface CatalogueMeta {
  checked_at: string; // the last time the server confirmed the prices
  updated_since: string | null; // the newest updated_at seen: the next request's updated_since
  etag: string | null;
  etag_url: string | null;
}

/** Where the download of the vendor's orders stands: the next sync asks only for what changed since. */
export interface OrdersMeta {
  updated_since: string; // the newest updated_at seen (at first, the start of the recent window)
  etag: string | null; // the answer's to the query with `updated_since` = etag_since
  etag_since: string;
}

/** Where the download of customers stands (as the catalogue's). */
export interface CustomersMeta {
  updated_since: string | null;
  etag: string | null;
  etag_url: string | null;
}

export type { Product, ServerOrder };

/** The vendor's payments of today and yesterday as the server last listed them. */
export interface MyPaymentsMeta {
  fetched_at: string;
  payments: DownloadedPayment[];
}
