import { copy } from '../../copy';
import { isBurkinaPhone } from '../../lib/phone';
import type { OrderFields } from '../../store/types';

/** The refusal to show before leaving a step, or null when the step is complete. */
export function stepError(step: number, fields: OrderFields): string | null {
  if (step === 0) {
    if (!fields.client_name.trim()) return copy.client.nameRequired;
    if (fields.client_phone.trim() && !isBurkinaPhone(fields.client_phone)) return copy.client.phoneInvalid;
  }
  if (step === 1 && fields.items.length === 0) return copy.products.required;
  return null;
}

export function firstInvalidStep(fields: OrderFields): number | null {
  for (const step of [0, 1]) if (stepError(step, fields)) return step;
  return null;
}
