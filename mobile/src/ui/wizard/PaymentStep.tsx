import { copy } from '../../copy';
import type { PaymentStatus } from '../../api/types';

export function PaymentStep({ value, choose }: { value: PaymentStatus; choose: (p: PaymentStatus) => void }) {
  const paid = value === 'payee';
  return (
    <fieldset class="stack">
      <legend>{copy.payment.legend}</legend>
      <label class={paid ? 'switch switch-on' : 'switch'}>
        <input type="checkbox" role="switch" checked={paid}
          onChange={(e) => choose(e.currentTarget.checked ? 'payee' : 'non_payee')} />
        <span class="switch-track" aria-hidden="true"><span class="switch-thumb" /></span>
        <span class="switch-label">{copy.payment.paid}</span>
      </label>
      <p class="hint" aria-live="polite">{paid ? copy.payment.paidYes : copy.payment.paidNo}</p>
    </fieldset>
  );
}
