import { copy } from '../../copy';
import type { OrderFields } from '../../store/types';

interface Props {
  fields: OrderFields;
  change: (change: Partial<OrderFields>) => void;
}

export function ClientStep({ fields, change }: Props) {
  return (
    <div class="stack">
      <label class="field">
        <span>{copy.client.name}</span>
        <input name="client_name" required autoComplete="off" value={fields.client_name}
          onInput={(e) => change({ client_name: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{copy.client.phone}</span>
        <input name="client_phone" type="tel" inputMode="tel" autoComplete="off" value={fields.client_phone}
          aria-describedby="phone-hint" onInput={(e) => change({ client_phone: e.currentTarget.value })} />
        <small id="phone-hint" class="hint">{copy.client.phoneHint}</small>
      </label>
      <label class="field">
        <span>{copy.client.address}</span>
        <textarea name="delivery_address" rows={2} value={fields.delivery_address}
          onInput={(e) => change({ delivery_address: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{copy.client.date}</span>
        <input name="delivery_date" type="date" value={fields.delivery_date}
          onInput={(e) => change({ delivery_date: e.currentTarget.value })} />
      </label>
    </div>
  );
}
