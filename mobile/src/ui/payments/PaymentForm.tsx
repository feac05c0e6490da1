/** Amount (the rest due by default; less is allowed), method, and the reference mobile money and transfers need. */
import type { PaymentMethod } from '../../api/types';
import { copy } from '../../copy';
import { METHODS, needsReference, type PaymentInput } from '../../store/payments';

/** The form as typed: the amount stays text until it is checked. */
export interface PaymentDraft {
  amount: string;
  method: PaymentMethod;
  reference: string;
}

export type PaymentErrors = Partial<Record<'amount' | 'reference', string>>;

export function draftFor(due: number): PaymentDraft {
  return { amount: String(due), method: 'especes', reference: '' };
}

/** "12 500", "12500" → 12500; anything else → NaN (refused as an amount). */
export function inputOf(draft: PaymentDraft): PaymentInput {
  const cleaned = draft.amount.replace(/[\s\u00a0\u202f]/g, '');
  return { amount: /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN, method: draft.method, reference: draft.reference };
}

interface Props {
  draft: PaymentDraft;
  change: (draft: PaymentDraft) => void;
  errors: PaymentErrors;
}

export function PaymentForm({ draft, change, errors }: Props) {
  const set = (part: Partial<PaymentDraft>) => change({ ...draft, ...part });
  return (
    <div class="stack payment-form">
      <label class="field">
        <span>{copy.pay.amount}</span>
        <input name="amount" inputMode="numeric" autoComplete="off" value={draft.amount}
          aria-invalid={errors.amount ? 'true' : undefined} aria-describedby={errors.amount ? 'amount-error' : undefined}
          onInput={(e) => set({ amount: e.currentTarget.value })} />
        {errors.amount && <span id="amount-error" class="error" role="alert">{errors.amount}</span>}
      </label>
      <fieldset class="choices">
        <legend>{copy.pay.method}</legend>
        <div class="methods">
          {METHODS.map((method) => (
            <button key={method} type="button" class="choice" aria-pressed={draft.method === method}
              onClick={() => set({ method })}>{copy.pay.methods[method]}</button>
          ))}
        </div>
      </fieldset>
      {needsReference(draft.method) && (
        <label class="field">
          <span>{copy.pay.reference}</span>
          <input name="reference" autoComplete="off" value={draft.reference}
            aria-invalid={errors.reference ? 'true' : undefined} aria-describedby={errors.reference ? 'reference-error' : undefined}
            onInput={(e) => set({ reference: e.currentTarget.value })} />
          {errors.reference && <span id="reference-error" class="error" role="alert">{errors.reference}</span>}
        </label>
      )}
    </div>
  );
}
