"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import { lotsQuery } from "@/api/lots";
import type { LossReason } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { useFieldErrors } from "@/lib/fieldErrors";
import { formatQuantity } from "@/lib/format";
import { lotOption } from "@/lib/lots";
import { parseNumber, QUANTITY } from "@/lib/numbers";

import { productChoicesQuery, useWriteOff } from "./api";

export const REASONS = Object.keys(fr.losses.reasons) as LossReason[];

/** « Déclarer une perte »: a quantity out of one open lot, with its reason. */
export function WriteOffForm() {
  const products = useQuery(productChoicesQuery());
  const writeOff = useWriteOff();
  const { errors, validate } = useFieldErrors();
  const [productId, setProductId] = useState("");
  const [lotId, setLotId] = useState("");
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const lots = useQuery(lotsQuery(productId));
  const chosen = products.data?.find((product) => product.id === productId);
  const lot = lots.data?.find((candidate) => candidate.id === lotId);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const quantity = parseNumber(String(form.get("quantity") ?? ""), QUANTITY);
    setDone(null);
    if (!validate(formElement, {
      product_id: productId ? undefined : fr.losses.chooseProductError,
      lot_id: lot ? undefined : fr.losses.chooseLotError,
      quantity: quantity.ok ? undefined : quantity.error,
    }) || !quantity.ok || !lot) return;
    const body = {
      product_id: productId, lot_id: lot.id, quantity: quantity.value,
      reason: String(form.get("reason")) as LossReason, reason_text: String(form.get("reason_text") ?? "").trim(),
    };
    writeOff.mutate({ body, key: attempt }, {
      onSuccess: () => {
        setDone(fr.losses.done(formatQuantity(quantity.value, chosen?.unit), lot.lot_code));
        setAttempt(crypto.randomUUID());
        setLotId("");
        formElement.reset();
      },
    });
  };

  return (
    <section aria-labelledby="write-off-title" className="card p-4">
      <h2 id="write-off-title" className="mb-1 text-lg font-semibold">{fr.losses.formTitle}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="write-off-title" className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        <p className="text-sm text-slate-600 md:col-span-2 xl:col-span-3">{fr.losses.formHelp}</p>
        <div className="empty:hidden md:col-span-2 xl:col-span-3">
          <ErrorAlert message={writeOff.error ? errorMessage(writeOff.error, "exit") : null} />
          <SuccessNote message={done} />
        </div>
        <Field label={fr.losses.product} error={errors.product_id}>
          {(control) => (
            <select {...control} name="product_id" className="input" value={productId}
              onChange={(e) => { setProductId(e.target.value); setLotId(""); }}>
              <option value="" disabled>{fr.stock.chooseProduct}</option>
              {products.data?.map((product) => <option key={product.id} value={product.id}>{product.name}</option>)}
            </select>
          )}
        </Field>
        <Field label={fr.losses.lot} error={errors.lot_id}>
          {(control) => (
            <select {...control} name="lot_id" className="input" value={lotId} disabled={!productId} onChange={(e) => setLotId(e.target.value)}>
              <option value="" disabled>{productId && lots.data?.length === 0 ? fr.losses.noLot : fr.losses.chooseLot}</option>
              {lots.data?.map((open) => <option key={open.id} value={open.id}>{lotOption(open, chosen?.unit)}</option>)}
            </select>
          )}
        </Field>
        <Field label={`${fr.losses.quantity}${chosen ? ` (${chosen.unit})` : ""}`} error={errors.quantity}>
          {(control) => <input {...control} name="quantity" inputMode="decimal" autoComplete="off" placeholder="2,5" className="input" />}
        </Field>
        <Field label={fr.losses.reason}>
          {(control) => (
            <select {...control} name="reason" className="input" defaultValue={REASONS[0]}>
              {REASONS.map((reason) => <option key={reason} value={reason}>{fr.losses.reasons[reason]}</option>)}
            </select>
          )}
        </Field>
        <Field label={fr.losses.reasonText} error={errors.reason_text} className="xl:col-span-2">
          {(control) => <input {...control} name="reason_text" maxLength={200} autoComplete="off" className="input" />}
        </Field>
        <button type="submit" className="btn-primary self-end md:col-start-2 xl:col-start-3" disabled={writeOff.isPending}>
          {writeOff.isPending ? fr.common.saving : fr.losses.submit}
        </button>
      </form>
    </section>
  );
}
