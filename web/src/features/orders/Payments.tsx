"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Order, PaymentMethod } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { DataState } from "@/components/DataState";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { formatDateTime, formatMoney } from "@/lib/format";
import { numberInput } from "@/lib/numbers";

import { orderPaymentsQuery, useRecordPayment } from "./api";
import { checkPayment, METHODS, needsReference, newLocalId, type PaymentErrors, type PaymentValues } from "./payment";

/** Paid and still due, the payments received, and the form to record one more. */
export function OrderPayments({ order }: { order: Order }) {
  const [note, setNote] = useState<string | null>(null);
  const noteBox = useRef<HTMLDivElement>(null);
  const focusNote = useRef(false);
  useEffect(() => {
    if (!focusNote.current || !note) return;
    focusNote.current = false;
    (noteBox.current?.firstElementChild as HTMLElement | null)?.focus(); // the form is gone: focus stays here
  });
  return (
    <section aria-labelledby="order-payments" className="card space-y-3 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="order-payments" className="font-semibold">{fr.order.payments}</h3>
        <p className="text-sm font-semibold" data-testid="paid-and-due">
          {fr.order.paidAndDue(formatMoney(order.amount_paid), formatMoney(order.amount_due))}
          {(order.returned_value ?? 0) > 0 && <> · {fr.order.returned(formatMoney(order.returned_value ?? 0))}</>}
        </p>
      </div>
      <div ref={noteBox}><SuccessNote focusable message={note} /></div>
      <PaymentsList orderId={order.id} />
      {order.delivery_status === "annulee" ? (
        <p className="text-sm text-slate-600">{fr.order.cancelledNoPayment}</p>
      ) : order.amount_due <= 0 ? (
        <p className="text-sm text-slate-600">{fr.order.fullyPaid}</p>
      ) : (
        <PaymentForm key={order.id} order={order} onRecorded={(amount) => { focusNote.current = true; setNote(fr.order.paymentRecorded(formatMoney(amount))); }}
          onStart={() => setNote(null)} />
      )}
    </section>
  );
}

function PaymentsList({ orderId }: { orderId: string }) {
  const query = useQuery(orderPaymentsQuery(orderId));
  const c = fr.order.paymentCol;
  return (
    <DataState isPending={query.isPending} error={query.error}>
      {query.data && query.data.length === 0 && <p className="text-sm text-slate-500">{fr.order.noPayments}</p>}
      {query.data && query.data.length > 0 && (
        <div className="overflow-x-auto">
          <table className="table-base">
            <caption className="sr-only">{fr.order.payments}</caption>
            <thead>
              <tr>
                <th scope="col">{c.date}</th>
                <th scope="col" className="text-right">{c.amount}</th>
                <th scope="col">{c.method}</th>
                <th scope="col">{c.reference}</th>
                <th scope="col">{c.by}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((payment) => (
                <tr key={payment.id}>
                  <td className="whitespace-nowrap">{formatDateTime(payment.received_at)}</td>
                  <td className="whitespace-nowrap text-right">{formatMoney(payment.amount)}</td>
                  <td>{fr.paymentMethodNames[payment.method] ?? payment.method}</td>
                  <td className="break-all">{payment.reference || fr.common.none}</td>
                  <td>
                    {payment.received_by_username || fr.common.none}
                    {payment.after_closing && (
                      <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800"
                        title={fr.order.afterClosingHelp}>
                        {fr.order.afterClosing}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataState>
  );
}

type FormProps = { order: Order; onRecorded: (amount: number) => void; onStart: () => void };

function PaymentForm({ order, onRecorded, onStart }: FormProps) {
  const record = useRecordPayment();
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<PaymentMethod>("especes");
  const [errors, setErrors] = useState<PaymentErrors>({});
  /** The payment being confirmed, with the id it keeps if it has to be sent again. */
  const [pending, setPending] = useState<(PaymentValues & { localId: string }) | null>(null);
  /** Where the focus goes after the next render: the pressed button is replaced each time. */
  const focusNext = useRef<"form" | "confirm" | "save" | "error" | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const next = focusNext.current;
    if (!next || !form.current) return;
    focusNext.current = null;
    const target = {
      form: "input[name=amount]", confirm: "[data-focus=confirm]", save: "button[type=submit]", error: "[role=alert]",
    }[next];
    form.current.querySelector<HTMLElement>(target)?.focus();
  });
  const closeConfirmation = () => { record.reset(); focusNext.current = "save"; setPending(null); };

  if (!open) {
    return (
      <button type="button" className="btn-primary" onClick={() => { onStart(); record.reset(); focusNext.current = "form"; setOpen(true); }}>
        {fr.order.recordPayment}
      </button>
    );
  }

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const checked = checkPayment({
      amount: String(form.get("amount") ?? ""), method, reference: String(form.get("reference") ?? ""),
    }, order.amount_due);
    record.reset();
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = Object.keys(checked.errors)[0];
      (formElement.elements.namedItem(first ?? "") as HTMLElement | null)?.focus();
      return;
    }
    setErrors({});
    focusNext.current = "confirm";
    setPending({ ...checked.values, localId: newLocalId() });
  };

  const confirm = () => {
    if (!pending || record.isPending) return;
    const { localId, ...values } = pending;
    record.mutate({ order, body: { ...values, local_id: localId } }, {
      onSuccess: (payment) => { setPending(null); setOpen(false); onRecorded(payment.amount); },
      onError: () => { focusNext.current = "error"; },
    });
  };

  const f = fr.order;
  return (
    <form ref={form} onSubmit={submit} noValidate aria-label={f.recordPayment} className="space-y-3 border-t border-slate-100 pt-3">
      <h4 className="font-semibold">{f.recordPayment}</h4>
      <ErrorAlert focusable message={record.error ? errorMessage(record.error) : null} />
      <fieldset disabled={pending !== null} className="grid gap-3 sm:grid-cols-3">
        <Field label={f.amount} error={errors.amount}>
          {(control) => <input {...control} name="amount" inputMode="numeric" autoComplete="off"
            defaultValue={numberInput(order.amount_due)} className="input" />}
        </Field>
        <label className="field">{f.method}
          <select name="method" className="input" value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
            {METHODS.map((value) => <option key={value} value={value}>{fr.paymentMethodNames[value]}</option>)}
          </select>
        </label>
        <Field label={needsReference(method) ? `${f.reference} *` : f.reference} error={errors.reference}>
          {(control) => (
            <>
              <input {...control} name="reference" autoComplete="off" maxLength={100} className="input" />
              {needsReference(method) && <span className="text-xs font-normal text-slate-500">{f.referenceHelp}</span>}
            </>
          )}
        </Field>
      </fieldset>
      {pending ? (
        <div role="group" aria-label={f.recordPayment}
          onKeyDown={(event) => {
            if (event.key !== "Escape" || record.isPending) return;
            event.preventDefault(); // the order dialog stays open: only the confirmation goes
            event.stopPropagation();
            closeConfirmation();
          }}
          className="flex flex-wrap items-center gap-2 rounded-md bg-emerald-50 p-2 text-sm text-emerald-950">
          <span>
            {f.confirmPayment(formatMoney(pending.amount), fr.paymentMethods[pending.method] ?? "", order.order_number)}
            {pending.reference ? ` (réf. ${pending.reference})` : ""}
          </span>
          <button type="button" className="btn-primary" data-focus="confirm" aria-disabled={record.isPending || undefined} onClick={confirm}>
            {record.isPending ? fr.common.saving : fr.common.confirm}
          </button>
          <button type="button" className="btn-ghost" aria-disabled={record.isPending || undefined} onClick={() => !record.isPending && closeConfirmation()}>
            {fr.common.cancel}
          </button>
        </div>
      ) : (
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => { record.reset(); setErrors({}); setOpen(false); }}>{fr.common.cancel}</button>
          <button type="submit" className="btn-primary">{fr.common.save}</button>
        </div>
      )}
    </form>
  );
}
