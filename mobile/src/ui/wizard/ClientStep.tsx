/**
 * Step 1, « Client »: a customer known to the phone (searched by name or phone, offline), a new
 * one registered with the order (« Nouveau client »), or just a name typed as before.
 */
import { useState } from 'preact/hooks';
import { copy } from '../../copy';
import { formatFcfa } from '../../lib/money';
import { displayPhone } from '../../lib/phone';
import { listCustomers, searchCustomers } from '../../store/customers';
import type { LocalCustomer, OrderFields } from '../../store/types';
import { useLoad } from '../useAsync';
import { DateField } from './DateField';
import { FieldError } from './FieldError';
import { errorProps, type FieldErrors } from './validate';

interface Props {
  fields: OrderFields;
  change: (change: Partial<OrderFields>) => void;
  errors: FieldErrors;
}

const KINDS = Object.keys(copy.customers.kinds);

function owes(customer: LocalCustomer): string {
  return customer.balance > 0 ? copy.customers.owes(formatFcfa(customer.balance)) : copy.customers.owesNothing;
}

function Chosen({ customer, clear }: { customer: LocalCustomer | undefined; clear: () => void }) {
  return (
    <section class="customer-chosen" aria-label={copy.customers.chosen}>
      <p><strong>{customer?.name ?? '…'}</strong></p>
      {customer?.phone && <p>{displayPhone(customer.phone)}</p>}
      {customer && <p class={customer.balance > 0 ? 'customer-owes' : 'hint'}>{owes(customer)}</p>}
      <button type="button" class="btn-link" onClick={clear}>{copy.customers.change}</button>
    </section>
  );
}

function Search({ customers, pick }: { customers: LocalCustomer[]; pick: (customer: LocalCustomer) => void }) {
  const [query, setQuery] = useState('');
  const found = searchCustomers(customers, query);
  return (
    <div class="field customer-search">
      <label for="customer-search">{copy.customers.search}</label>
      <input id="customer-search" type="search" autoComplete="off" value={query} aria-describedby="customer-search-hint"
        onInput={(e) => setQuery(e.currentTarget.value)} />
      <small id="customer-search-hint" class="hint">{copy.customers.searchHint}</small>
      {query.trim() !== '' && found.length === 0 && <p class="hint">{copy.customers.none}</p>}
      <ul class="customer-results">
        {found.map((customer) => (
          <li key={customer.id}>
            <button type="button" class="customer-result" aria-label={copy.customers.pick(customer.name)} onClick={() => pick(customer)}>
              <span><strong>{customer.name}</strong> · {displayPhone(customer.phone)}</span>
              <span class={customer.balance > 0 ? 'customer-owes' : 'hint'}>{owes(customer)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ClientStep({ fields, change, errors }: Props) {
  const customers = useLoad(listCustomers, []) ?? [];
  const chosenId = fields.customer_id ?? fields.customer_local_id ?? null;
  const chosen = chosenId ? customers.find((c) => c.id === chosenId || c.local_id === chosenId) : undefined;
  const isNew = Boolean(fields.new_customer);

  function pick(customer: LocalCustomer) {
    const known = customer.state === 'synced';
    change({
      customer_id: known ? customer.id : null, customer_local_id: known ? null : customer.local_id, new_customer: null,
      client_name: customer.name, client_phone: customer.phone,
      ...(customer.address && !fields.delivery_address ? { delivery_address: customer.address } : {}),
    });
  }

  return (
    <div class="stack">
      {chosenId && (
        <Chosen customer={chosen}
          clear={() => change({ customer_id: null, customer_local_id: null, client_name: '', client_phone: '' })} />
      )}
      {!chosenId && !isNew && (
        <>
          <Search customers={customers} pick={pick} />
          <button type="button" class="btn btn-secondary" onClick={() => change({ new_customer: { kind: 'particulier' } })}>
            {copy.customers.newCustomer}
          </button>
        </>
      )}
      {isNew && (
        <div class="row new-customer-head">
          <h2>{copy.customers.newTitle}</h2>
          <button type="button" class="btn-link" onClick={() => change({ new_customer: null })}>{copy.customers.freeText}</button>
        </div>
      )}
      {!chosenId && (
        <>
          <label class="field">
            <span>{copy.client.name}</span>
            <input name="client_name" required autoComplete="off" value={fields.client_name}
              {...errorProps('client_name', errors)} onInput={(e) => change({ client_name: e.currentTarget.value })} />
            <FieldError name="client_name" errors={errors} />
          </label>
          <label class="field">
            <span>{copy.client.phone}</span>
            <input name="client_phone" type="tel" inputMode="tel" autoComplete="off" value={fields.client_phone}
              {...errorProps('client_phone', errors, 'phone-hint')} onInput={(e) => change({ client_phone: e.currentTarget.value })} />
            <small id="phone-hint" class="hint">{copy.client.phoneHint}</small>
            <FieldError name="client_phone" errors={errors} />
          </label>
        </>
      )}
      {isNew && (
        <label class="field">
          <span>{copy.customers.kind}</span>
          <select name="customer_kind" value={fields.new_customer?.kind ?? 'particulier'}
            onChange={(e) => change({ new_customer: { kind: e.currentTarget.value } })}>
            {KINDS.map((kind) => <option key={kind} value={kind}>{copy.customers.kinds[kind]}</option>)}
          </select>
        </label>
      )}
      <label class="field">
        <span>{copy.client.address}</span>
        <textarea name="delivery_address" rows={2} value={fields.delivery_address}
          onInput={(e) => change({ delivery_address: e.currentTarget.value })} />
      </label>
      <DateField value={fields.delivery_date} change={(delivery_date) => change({ delivery_date })} errors={errors} />
    </div>
  );
}
