"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Product } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { DataState } from "@/components/DataState";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { formatDateTime, formatMoney } from "@/lib/format";
import { useFieldErrors } from "@/lib/fieldErrors";
import { numberInput } from "@/lib/numbers";

import { productHistoryQuery, useSetKindPrices } from "./api";
import { describeKindPrices, KINDS, kindPricesOf, priceHistory } from "./kindPrices";

type Props = { product: Product; editable: boolean };

/** « Prix par type de client »: what each kind of customer pays, editable by stock managers, and the price history. */
export function KindPrices({ product, editable }: Props) {
  const save = useSetKindPrices();
  const { errors, validate } = useFieldErrors();
  const [saved, setSaved] = useState(false);
  const prices: Record<string, number> = product.prices_by_kind;
  const base = formatMoney(product.unit_price);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const { body, errors: problems } = kindPricesOf((kind) => String(form.get(kind) ?? ""));
    if (!validate(event.currentTarget, problems)) return;
    save.mutate({ id: product.id, body }, { onSuccess: () => setSaved(true) });
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{fr.kindPrices.intro(base)}</p>
      {editable ? (
        <form onSubmit={submit} noValidate aria-label={fr.kindPrices.title(product.name)} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div className="sm:col-span-2"><ErrorAlert message={save.error ? errorMessage(save.error) : null} /></div>
          {KINDS.map((kind) => (
            <Field key={kind} label={fr.customerKinds[kind]} error={errors[kind]}>
              {(control) => <input {...control} name={kind} inputMode="numeric" autoComplete="off" className="input"
                defaultValue={numberInput(prices[kind])} placeholder={fr.kindPrices.basePlaceholder(base)} />}
            </Field>
          ))}
          <div className="flex items-center justify-end gap-2 sm:col-span-2">
            {saved && <p role="status" className="text-sm text-green-700">{fr.kindPrices.saved}</p>}
            <button type="submit" className="btn-primary" disabled={save.isPending}>{save.isPending ? fr.common.saving : fr.common.save}</button>
          </div>
        </form>
      ) : (
        <>
          <p className="text-sm">{describeKindPrices(prices)}</p>
          <p className="text-xs text-slate-500">{fr.kindPrices.readOnly}</p>
        </>
      )}
      <PriceHistory productId={product.id} />
    </div>
  );
}

function PriceHistory({ productId }: { productId: string }) {
  const query = useQuery(productHistoryQuery(productId));
  const changes = priceHistory(query.data ?? []);
  return (
    <section aria-label={fr.kindPrices.history} className="space-y-2">
      <h3 className="font-semibold">{fr.kindPrices.history}</h3>
      <DataState isPending={query.isPending} error={query.error} isEmpty={changes.length === 0}>
        <ol className="space-y-2">
          {changes.map((change) => (
            <li key={`${change.at}-${change.text}`} className="card p-2 text-sm">
              <p>{change.text}</p>
              <p className="text-xs text-slate-500">{formatDateTime(change.at)} · {fr.common.by} {change.by}</p>
            </li>
          ))}
        </ol>
      </DataState>
    </section>
  );
}
