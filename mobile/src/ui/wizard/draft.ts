/** The order being typed survives a reload (localStorage: small, synchronous, per device). */
import { today } from '../../lib/dates';
import type { OrderFields } from '../../store/types';

const KEY = 'gapal-brouillon';

export function emptyFields(): OrderFields {
  return {
    client_name: '', client_phone: '', delivery_address: '', delivery_date: today(), priority: 'moyenne',
    payment_status: 'non_payee', notes: '', items: [],
  };
}

export function loadDraft(): { fields: OrderFields; step: number } | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as { fields: OrderFields; step: number }) : null;
  } catch {
    return null;
  }
}

export function saveDraft(fields: OrderFields, step: number): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ fields, step }));
  } catch {
    // a full storage only loses the draft, never a saved order
  }
}

export function clearDraft(): void {
  localStorage.removeItem(KEY);
}
