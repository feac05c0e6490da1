/** Customers on the phone: downloaded by `updated_since`, searched offline, created with an order. */
import type { CustomerBrief } from '../api/types';
import { fold } from './catalogue';
import { database, getValue } from './db';
import type { CustomersMeta, LocalCustomer } from './types';

export async function listCustomers(): Promise<LocalCustomer[]> {
  const customers = await (await database()).getAll('customers');
  return customers.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function getCustomer(id: string): Promise<LocalCustomer | undefined> {
  return (await database()).get('customers', id);
}

export async function customersMeta(): Promise<CustomersMeta | undefined> {
  return getValue('customers_sync');
}

export function brief(customer: CustomerBrief): CustomerBrief {
  const { id, name, phone, kind, balance, is_active, updated_at } = customer;
  return { id, name, phone, kind, balance, is_active, updated_at };
}

/** Keeps the active ones, drops deactivated ones; a customer created here is replaced once the server has him. */
export async function mergeCustomers(customers: CustomerBrief[], meta: CustomersMeta): Promise<void> {
  const tx = (await database()).transaction(['customers', 'kv'], 'readwrite');
  const store = tx.objectStore('customers');
  for (const customer of customers) {
    if (!customer.is_active) {
      await store.delete(customer.id);
      continue;
    }
    const known = await store.get(customer.id);
    await store.put({ ...known, ...brief(customer), local_id: known?.local_id ?? null, state: 'synced' });
  }
  await tx.objectStore('kv').put(meta, 'customers_sync');
  await tx.done;
}

/** Name without accents or case, or the phone's digits as people write them ("70 12 34", "+226 70…"). */
export function searchCustomers(customers: LocalCustomer[], query: string, limit = 8): LocalCustomer[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const digits = query.replace(/\D/g, '');
  const byPhone = digits.length >= 2 && /^[\d\s+.-]+$/.test(query.trim());
  return customers.filter((c) => {
    if (!c.is_active || c.state === 'rejected') return false;
    if (byPhone) return c.phone.replace(/\D/g, '').includes(digits.replace(/^(00)?226(?=\d{8})/, ''));
    const name = fold(c.name);
    return words.every((word) => name.includes(word));
  }).slice(0, limit);
}
