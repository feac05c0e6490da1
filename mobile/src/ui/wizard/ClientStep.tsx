import { copy } from '../../copy';
import type { OrderFields } from '../../store/types';
import { DateField } from './DateField';
import { FieldError } from './FieldError';
import { errorProps, type FieldErrors } from './validate';

interface Props {
  fields: OrderFields;
  change: (change: Partial<OrderFields>) => void;
  errors: FieldErrors;
  /** Editing a saved order: its customer stays (the server keeps the one it was placed for). */
  editing?: boolean;
}

export function ClientStep({ fields, change, errors, editing = false }: Props) {
  return (
    <div class="stack">
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
      <label class="field">
        <span>{copy.client.address}</span>
        <textarea name="delivery_address" rows={2} value={fields.delivery_address}
          onInput={(e) => change({ delivery_address: e.currentTarget.value })} />
      </label>
      <DateField value={fields.delivery_date} change={(delivery_date) => change({ delivery_date })} errors={errors} />
    </div>
  );
}
