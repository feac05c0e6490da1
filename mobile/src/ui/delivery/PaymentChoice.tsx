/**
 * "Le client a-t-il payé ?": the money side of an on-the-spot delivery, on its own so that it can
 * grow (amount, method, reference) when partial payments come.
 */
import { copy } from '../../copy';
import type { SpotPayment } from '../../store/delivery';

interface Props {
  value: SpotPayment | null;
  choose: (payment: SpotPayment) => void;
  error: string | null;
}

export function PaymentChoice({ value, choose, error }: Props) {
  return (
    <fieldset class="choices" aria-describedby={error ? 'payment-error' : undefined}>
      <legend>{copy.deliver.question}</legend>
      <div class="row">
        <button type="button" class="choice choice-paid" aria-pressed={value?.status === 'payee'}
          onClick={() => choose({ status: 'payee' })}>{copy.deliver.paid}</button>
        <button type="button" class="choice choice-unpaid" aria-pressed={value?.status === 'non_payee'}
          onClick={() => choose({ status: 'non_payee' })}>{copy.deliver.unpaid}</button>
      </div>
      {error && <p id="payment-error" class="error" role="alert">{error}</p>}
    </fieldset>
  );
}
