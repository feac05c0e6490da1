"use client";

import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { CashClosing } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { formatMoney } from "@/lib/format";
import { numberInput } from "@/lib/numbers";

import { type Counted, useCloseCashDay, useCorrectCashClosing } from "./api";
import { parseCounted, shownLines, signedMoney } from "./rules";

const c = fr.cash;
const methodName = (m: string) => fr.paymentMethodNames[m as keyof typeof fr.paymentMethodNames] ?? m;

/** The amounts typed per shown method, read at submit. */
function typedCounts(form: HTMLFormElement, closing: CashClosing): Record<string, string> {
  const data = new FormData(form);
  return Object.fromEntries(shownLines(closing).map((line) => [line.method, String(data.get(line.method) ?? "")]));
}

function CountFields({ closing, initial, errors }: { closing: CashClosing; initial: (method: string) => number; errors: Record<string, string> }) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      {shownLines(closing).map((line) => (
        <Field key={line.method} label={c.counted(methodName(line.method))} error={errors[line.method]}>
          {(control) => <input {...control} name={line.method} inputMode="numeric" autoComplete="off"
            defaultValue={numberInput(initial(line.method))} className="input" />}
        </Field>
      ))}
    </div>
  );
}

type CloseProps = { closing: CashClosing; onCancel: () => void; onClosed: () => void };

/** Counted amounts and a note, checked, then confirmed: a closing is never edited afterwards. */
export function CloseForm({ closing, onCancel, onClosed }: CloseProps) {
  const close = useCloseCashDay();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<{ counted: Counted; note: string } | null>(null);
  const expected = (method: string) => closing.methods.find((l) => l.method === method)?.expected ?? 0;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = parseCounted(typedCounts(event.currentTarget, closing));
    close.reset();
    if (!checked.ok) { setErrors(checked.errors); return; }
    setErrors({});
    setPending({ counted: checked.counted, note: String(new FormData(event.currentTarget).get("note") ?? "") });
  };
  const total = pending ? Object.values(pending.counted).reduce((a, b) => a + b, 0) : 0;

  return (
    <form onSubmit={submit} noValidate aria-label={c.closeTitle(closing.vendor_username)} className="space-y-3 border-t border-slate-100 pt-3">
      <h3 className="font-semibold">{c.closeTitle(closing.vendor_username)}</h3>
      <ErrorAlert message={close.error ? errorMessage(close.error) : null} />
      <fieldset disabled={pending !== null} className="space-y-3">
        <CountFields closing={closing} initial={expected} errors={errors} />
        <label className="field">{c.note}
          <textarea name="note" maxLength={1000} rows={2} className="input" />
        </label>
      </fieldset>
      {pending ? (
        <div role="group" aria-label={c.confirmButton} className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 p-2 text-sm text-amber-950">
          <span>{c.confirm(formatMoney(total), signedMoney(total - closing.totals.expected))}</span>
          <button type="button" className="btn-primary" disabled={close.isPending} onClick={() => close.mutate(
            { vendor_id: closing.vendor_id, day: closing.day, ...pending }, { onSuccess: onClosed })}>
            {c.confirmButton}
          </button>
          <button type="button" className="btn-ghost" onClick={() => setPending(null)}>{c.back}</button>
        </div>
      ) : (
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{c.check}</button>
          <button type="button" className="btn-ghost" onClick={onCancel}>{c.cancel}</button>
        </div>
      )}
    </form>
  );
}

type CorrectProps = { closing: CashClosing; onCancel: () => void; onCorrected: () => void };

/** New counted amounts with their mandatory reason; the first count stays on record. */
export function CorrectForm({ closing, onCancel, onCorrected }: CorrectProps) {
  const correct = useCorrectCashClosing();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const counted = (method: string) => closing.methods.find((l) => l.method === method)?.counted ?? 0;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = parseCounted(typedCounts(event.currentTarget, closing));
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    correct.reset();
    const found = checked.ok ? {} : { ...checked.errors };
    if (!reason) found.reason = c.reasonMissing;
    setErrors(found);
    if (!checked.ok || !reason) return;
    correct.mutate({ closing, counted: checked.counted, reason }, { onSuccess: onCorrected });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={c.correctTitle(closing.vendor_username)} className="space-y-3 border-t border-slate-100 pt-3">
      <h3 className="font-semibold">{c.correctTitle(closing.vendor_username)}</h3>
      <ErrorAlert message={correct.error ? errorMessage(correct.error) : null} />
      <CountFields closing={closing} initial={counted} errors={errors} />
      <Field label={`${c.reason} *`} error={errors.reason}>
        {(control) => <textarea {...control} name="reason" maxLength={1000} rows={2} className="input" />}
      </Field>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={correct.isPending}>{c.saveCorrection}</button>
        <button type="button" className="btn-ghost" onClick={onCancel}>{c.cancel}</button>
      </div>
    </form>
  );
}
