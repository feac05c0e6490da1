/**
 * "Le client a-t-il payé ?": the money side of an on-the-spot delivery. « Payée » opens the
 * payment (the rest due by default, part of it allowed, any method); « Non payée » records none.
 */
import { copy } from '../../copy';
import { PaymentForm, type PaymentDraft, type PaymentErrors } from '../payments/PaymentForm';

export type SpotChoice = 'payee' | 'non_payee';

interface Props {
  value: SpotChoice | null;
  choose: (choice: SpotChoice) => void;
  draft: PaymentDraft;
  changeDraft: (draft: PaymentDraft) => void;
  errors: PaymentErrors;
  error: string | null;
}

export function PaymentChoice({ value, choose, draft, changeDraft, errors, error }: Props) {
  return (
    <>
      <fieldset class="choices" aria-describedby={error ? 'payment-error' : undefined}>
        <legend>{copy.deliver.question}</legend>
        <div class="row">
          <button type="button" class="choice choice-paid" aria-pressed={value === 'payee'}
            onClick={() => choose('payee')}>{copy.deliver.paid}</button>
          <button type="button" class="choice choice-unpaid" aria-pressed={value === 'non_payee'}
            onClick={() => choose('non_payee')}>{copy.deliver.unpaid}</button>
        </div>
        {error && <p id="payment-error" class="error" role="alert">{error}</p>}
      </fieldset>
      {value === 'payee' && <PaymentForm draft={draft} change={changeDraft} errors={errors} />}
    </>
  );
}
