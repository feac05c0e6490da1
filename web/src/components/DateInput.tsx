"use client";

import { useId, useState } from "react";

import { DATE_PLACEHOLDER, dateInput, parseDateWithin } from "@/lib/dates";

/** What every date field shares: a text field typed jj/mm/aaaa, never the browser's own picker
 * (Chromium shows mm/dd/yyyy on a non-French system). */
const TEXT_DATE = { type: "text", inputMode: "numeric", autoComplete: "off", spellCheck: false, placeholder: DATE_PLACEHOLDER } as const;

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>,
  "type" | "value" | "defaultValue" | "onChange" | "placeholder" | "min" | "max"> & { defaultValue?: string | null };

/** A date in a form, shown jj/mm/aaaa from its ISO `defaultValue`; the form reads it at submit
 * with `parseDate` (lib/dates), as it reads its numbers with `parseNumber`. */
export function DateInput({ defaultValue, className = "input", ...rest }: InputProps) {
  return <input {...rest} {...TEXT_DATE} defaultValue={dateInput(defaultValue)} className={className} />;
}

type FilterProps = {
  label: string;
  /** ISO `yyyy-mm-dd`, or undefined for no date. */
  value: string | undefined;
  onChange: (iso: string | undefined) => void;
  min?: string;
  max?: string;
  className?: string;
};

/** A date filter: given to `onChange` (ISO) as soon as the text reads as a date, or cleared;
 * a French message under it while it does not. */
export function DateFilter({ label, value, onChange, min, max, className = "" }: FilterProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [text, setText] = useState(dateInput(value));
  const [shown, setShown] = useState(value); // the date the text stands for
  const [given, setGiven] = useState(value); // the value last given by the parent
  const [error, setError] = useState<string | null>(null);
  if (value !== given) { // changed from outside (a period button, a reset): the text follows
    setGiven(value);
    if (value !== shown) {
      setShown(value);
      setText(dateInput(value));
      setError(null);
    }
  }

  const typed = (typedText: string) => {
    setText(typedText);
    const parsed = parseDateWithin(typedText, min, max);
    if (!parsed.ok) {
      // Said once the year is typed (or already said), not at the first digit.
      if (error || /\d{4}$/.test(typedText.trim())) setError(parsed.error);
      return;
    }
    setError(null);
    const iso = parsed.value ?? undefined;
    if (iso !== shown) {
      setShown(iso);
      onChange(iso);
    }
  };
  const left = () => {
    const parsed = parseDateWithin(text, min, max);
    setError(parsed.ok ? null : parsed.error);
  };

  return (
    <div className={`field ${className}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...TEXT_DATE} className="input" value={text} onChange={(event) => typed(event.target.value)} onBlur={left}
        aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} />
      {error && <p id={errorId} className="text-xs font-normal text-red-700">{error}</p>}
    </div>
  );
}
