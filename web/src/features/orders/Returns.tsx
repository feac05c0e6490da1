"use client";

import { useEffect, useRef, useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Order } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { useFieldErrors } from "@/lib/fieldErrors";
import { formatMoney } from "@/lib/format";

import { useRecordReturn } from "./api";
import { returnLinesOf } from "./returnLines";

/** « Retour » on a delivered order: a quantity per line, a reason, back in stock or lost. */
export function OrderReturn({ order }: { order: Order }) {
  const save = useRecordReturn();
  const { errors, validate } = useFieldErrors();
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const [nothing, setNothing] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  const focusResult = useRef(false);
  useEffect(() => {
    if (!focusResult.current) return;
    focusResult.current = false;
    (result.current?.firstElementChild as HTMLElement | null)?.focus();
  });

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const { lines, errors: problems, nothing: empty } = returnLinesOf(order.items, (id) => String(form.get(`return-${id}`) ?? ""));
    setDone(null);
    setNothing(empty);
    if (!validate(formElement, problems) || empty) return;
    const body = { lines, reason: String(form.get("reason") ?? "").trim(), restock: form.get("restock") === "oui" };
    save.mutate({ order, vars: { body, key: attempt } }, {
      onSuccess: (saved) => {
        setDone(fr.returns.done(formatMoney(saved.amount_due)));
        setAttempt(crypto.randomUUID());
        formElement.reset();
      },
      onSettled: () => { focusResult.current = true; },
    });
  };

  return (
    <section aria-labelledby="order-return" className="card space-y-3 p-4">
      <h3 id="order-return" className="font-semibold">{fr.returns.title}</h3>
      <p className="text-sm text-slate-600">{fr.returns.help}</p>
      <div ref={result} className="empty:hidden">
        <ErrorAlert focusable message={save.error ? errorMessage(save.error) : nothing ? fr.returns.nothing : null} />
        <SuccessNote focusable message={done} />
      </div>
      <form onSubmit={submit} noValidate aria-labelledby="order-return" className="grid gap-3 sm:grid-cols-2">
        {order.items.map((item) => (
          <Field key={item.product_id} label={fr.returns.returned(item.product_name, item.unit)} error={errors[`return-${item.product_id}`]}>
            {(control) => <input {...control} name={`return-${item.product_id}`} inputMode="decimal" autoComplete="off" placeholder="0" className="input" />}
          </Field>
        ))}
        <Field label={fr.returns.reason} error={errors.reason} className="sm:col-span-2">
          {(control) => <input {...control} name="reason" maxLength={200} autoComplete="off" className="input" />}
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{fr.returns.restock}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2"><input type="radio" name="restock" value="oui" defaultChecked />{fr.returns.restockYes}</label>
            <label className="flex items-center gap-2"><input type="radio" name="restock" value="non" />{fr.returns.restockNo}</label>
          </div>
        </fieldset>
        <button type="submit" className="btn-secondary sm:col-start-2" aria-disabled={save.isPending || undefined}>
          {save.isPending ? fr.common.saving : fr.returns.submit}
        </button>
      </form>
    </section>
  );
}
