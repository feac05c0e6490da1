import { copy } from '../../copy';
import { parseFrenchDate } from '../../lib/frenchDate';
import { isBurkinaPhone } from '../../lib/phone';
import type { OrderFields } from '../../store/types';

/** A refusal per field, shown next to it; empty when the step is complete. */
export type FieldErrors = Partial<Record<'client_name' | 'client_phone' | 'delivery_date' | 'items', string>>;

export function stepErrors(step: number, fields: OrderFields): FieldErrors {
  const errors: FieldErrors = {};
  if (step === 0) {
    if (!fields.client_name.trim()) errors.client_name = copy.client.nameRequired;
    if (fields.client_phone.trim() && !isBurkinaPhone(fields.client_phone)) errors.client_phone = copy.client.phoneInvalid;
    else if (fields.new_customer && !fields.client_phone.trim()) errors.client_phone = copy.customers.phoneRequired;
    const date = parseFrenchDate(fields.delivery_date); // the text typed, while it is not a date yet
    if (!date.ok) errors.delivery_date = date.error;
  }
  if (step === 1 && fields.items.length === 0) errors.items = copy.products.required;
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function firstInvalidStep(fields: OrderFields): number | null {
  for (const step of [0, 1]) if (hasErrors(stepErrors(step, fields))) return step;
  return null;
}

/** `aria-invalid` / `aria-describedby` for a field, and the id of its message. */
export function errorProps(name: keyof FieldErrors, errors: FieldErrors, hint?: string) {
  const message = errors[name] ? `${name}-error` : undefined;
  return {
    'aria-invalid': message ? ('true' as const) : undefined,
    'aria-describedby': [hint, message].filter(Boolean).join(' ') || undefined,
  };
}
