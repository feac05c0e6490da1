/**
 * The delivery date in French, jj/mm/aaaa, whatever the browser's language: a text field with the
 * number pad, slashes put in as digits are typed, "Aujourd'hui" / "Demain", the day read back in
 * words. The form keeps the ISO day once the text is a date, else the text (refused at "Suivant").
 */
import { useState } from 'preact/hooks';
import { copy } from '../../copy';
import { addDays, formatDay, today } from '../../lib/dates';
import { dayInWords, isIsoDay, maskFrenchDate, parseFrenchDate } from '../../lib/frenchDate';
import { FieldError } from './FieldError';
import { errorProps, type FieldErrors } from './validate';

interface Props {
  value: string;
  change: (value: string) => void;
  errors: FieldErrors;
}

export function DateField({ value, change, errors }: Props) {
  const [typed, setTyped] = useState<string | null>(null); // the text while typing, "25/1" included
  const shown = typed ?? (isIsoDay(value) ? formatDay(value) : value);
  const now = today();
  const refusal = parseFrenchDate(value).ok ? {} : errors; // a refusal goes once the text is a day
  const quick = [[copy.date.today, now], [copy.date.tomorrow, addDays(now, 1)]] as const;

  function type(text: string) {
    const masked = maskFrenchDate(text);
    setTyped(masked);
    const parsed = parseFrenchDate(masked);
    change(parsed.ok ? parsed.iso : masked);
  }

  return (
    <div class="field">
      <label class="field">
        <span>{copy.client.date}</span>
        <input name="delivery_date" type="text" inputMode="numeric" autoComplete="off" placeholder={copy.date.placeholder}
          maxLength={10} value={shown} {...errorProps('delivery_date', refusal, 'date-hint')}
          onInput={(e) => type(e.currentTarget.value)} onBlur={() => setTyped(null)} />
      </label>
      <small id="date-hint" class="hint" aria-live="polite">
        {isIsoDay(value) ? dayInWords(value) : copy.date.hint}
      </small>
      <FieldError name="delivery_date" errors={refusal} />
      <div class="row quick-dates">
        {quick.map(([label, day]) => (
          <button key={label} type="button" class="btn btn-small btn-secondary" aria-pressed={value === day}
            onClick={() => { setTyped(null); change(day); }}>{label}</button>
        ))}
      </div>
    </div>
  );
}
