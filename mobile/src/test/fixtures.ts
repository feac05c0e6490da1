/** Builders for the unit tests: an order form, a server order, a sync result, a stored session. */
import type { ServerOrder, SyncResult, User } from '../api/types';
import { setValue } from '../store/db';
import type { OrderFields } from '../store/types';

export const YAOURT = '6f0c1d2e-0000-4000-8000-000000000001';
export const LAIT = '6f0c1d2e-0000-4000-8000-000000000002';

export function fields(change: Partial<OrderFields> = {}): OrderFields {
  return {
    client_name: 'Awa Ouédraogo', client_phone: '+22670123456', delivery_address: 'Secteur 5', delivery_date: '2026-11-25',
    priority: 'moyenne', payment_status: 'non_payee', notes: '',
    items: [{ product_id: YAOURT, product_name: 'Yaourt nature', unit: 'pot', quantity: 2, unit_price: 400 }],
    ...change,
  };
}

export function serverOrder(localId: string, change: Partial<ServerOrder> = {}): ServerOrder {
  return {
    id: '9a000000-0000-5000-8000-000000000001', order_number: '261124-ABCDEF', local_id: localId,
    client_name: 'Awa Ouédraogo', client_phone: '+22670123456', delivery_address: 'Secteur 5', delivery_date: '2026-11-25',
    delivery_status: 'nouvelle', payment_status: 'non_payee', priority: 'moyenne', total_price: 800,
    amount_paid: 0, amount_due: 800, notes: '',
    items: [{ product_id: YAOURT, product_name: 'Yaourt nature', unit: 'pot', quantity: 2, unit_price: 400, subtotal: 800 }],
    created_by: 'u', created_by_username: 'salif.vendeur', created_at: '2026-11-24T08:00:00Z',
    updated_at: '2026-11-24T08:00:00Z', version: 1, unusual_reasons: [], over_credit_limit: false, returned_value: 0, ...change,
  };
}

export function result(eventId: string, localId: string, change: Partial<SyncResult> = {}): SyncResult {
  return { event_id: eventId, local_id: localId, status: 'applied', order: serverOrder(localId), conflicts: [], error: null, ...change };
}

function base64url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export const VENDEUR: User = {
  id: 'u', username: 'salif.vendeur', email: 'salif@gapal.bf', role: 'vendeur', phone: '', is_active: true,
  created_at: '2026-11-01T00:00:00Z', version: 1,
};

/** A stored session whose access token is valid for years: no refresh in the way. */
export async function signedIn(): Promise<void> {
  const access = `${base64url({ alg: 'HS256' })}.${base64url({ exp: 4_000_000_000 })}.sig`;
  await setValue('session', { access, refresh: 'refresh-1', user: VENDEUR });
}
