"use client";

import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Customer } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { formatPhone } from "@/lib/format";
import { numberInput } from "@/lib/numbers";

import { saveErrorMessage, useCreateCustomer, useUpdateCustomer } from "./api";
import { checkCustomer, type CustomerFields } from "./rules";

export const KINDS = Object.entries(fr.customerKinds) as [string, string][];

type Props = { customer?: Customer; onDone: (saved: Customer | null) => void };

/** Creates a customer, or edits one (his active state included). */
export function CustomerForm({ customer, onDone }: Props) {
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const mutation = customer ? update : create;
  const [errors, setErrors] = useState<Partial<Record<keyof CustomerFields, string>>>({});
  const f = fr.customers.field;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const checked = checkCustomer({
      name: text("name"), phone: text("phone"), other_phones: text("other_phones"), kind: text("kind") || "particulier",
      address: text("address"), credit_limit: text("credit_limit"), is_active: customer ? form.get("is_active") === "on" : true,
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = Object.keys(checked.errors)[0];
      (formElement.elements.namedItem(first ?? "") as HTMLElement | null)?.focus();
      return;
    }
    setErrors({});
    const { is_active: isActive, ...values } = checked.values;
    if (customer) {
      update.mutate({ customer, patch: { ...values, is_active: isActive } }, { onSuccess: onDone });
    } else {
      create.mutate(values, { onSuccess: onDone });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={customer ? fr.customers.editTitle(customer.name) : fr.customers.create} className="grid gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <ErrorAlert message={mutation.error ? saveErrorMessage(mutation.error, errorMessage) : null} />
      </div>
      <Field label={f.name} error={errors.name} className="sm:col-span-2">
        {(control) => <input {...control} name="name" autoComplete="off" defaultValue={customer?.name} className="input" />}
      </Field>
      <Field label={f.phone} error={errors.phone}>
        {(control) => <input {...control} name="phone" type="tel" inputMode="tel" autoComplete="off" placeholder="70 12 34 56"
          defaultValue={customer ? formatPhone(customer.phone) : ""} className="input" />}
      </Field>
      <label className="field">{f.kind}
        <select name="kind" className="input" defaultValue={customer?.kind ?? "particulier"}>
          {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <Field label={f.otherPhones} error={errors.other_phones} className="sm:col-span-2">
        {(control) => (
          <>
            <input {...control} name="other_phones" type="text" inputMode="tel" autoComplete="off"
              defaultValue={customer?.other_phones.map(formatPhone).join(", ")} className="input" />
            <span className="text-xs font-normal text-slate-500">{f.otherPhonesHelp}</span>
          </>
        )}
      </Field>
      <Field label={f.address} error={errors.address} className="sm:col-span-2">
        {(control) => <textarea {...control} name="address" rows={2} defaultValue={customer?.address} className="input" />}
      </Field>
      <Field label={f.creditLimit} error={errors.credit_limit}>
        {(control) => (
          <>
            <input {...control} name="credit_limit" inputMode="numeric" autoComplete="off" placeholder="0"
              defaultValue={numberInput(customer?.credit_limit ?? 0)} className="input" />
            <span className="text-xs font-normal text-slate-500">{f.creditLimitHelp}</span>
          </>
        )}
      </Field>
      {customer && (
        <label className="flex items-center gap-2 self-center text-sm font-medium">
          <input name="is_active" type="checkbox" defaultChecked={customer.is_active} className="size-4" />
          {f.active}
        </label>
      )}
      <div className="flex justify-end gap-2 sm:col-span-2">
        <button type="button" className="btn-secondary" onClick={() => onDone(null)}>{fr.common.cancel}</button>
        <button type="submit" className="btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? fr.common.saving : fr.common.save}
        </button>
      </div>
    </form>
  );
}
