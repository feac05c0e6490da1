"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { errorMessage } from "@/api/errors";
import type { MovementType } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { fr } from "@/i18n/fr";
import { formatQuantity } from "@/lib/format";

import { productChoicesQuery, useStockMove } from "./api";

const KINDS: MovementType[] = ["entree", "sortie", "ajustement"];
const OTHER = "__autre__";

const COPY = {
  entree: { tab: fr.stock.entry, help: fr.stock.entryHelp, submit: fr.stock.submitEntry, quantity: fr.stock.quantity },
  sortie: { tab: fr.stock.exit, help: fr.stock.exitHelp, submit: fr.stock.submitExit, quantity: fr.stock.quantity },
  ajustement: { tab: fr.stock.adjustment, help: fr.stock.adjustmentHelp, submit: fr.stock.submitAdjustment, quantity: fr.stock.counted },
} as const;

/** Entrée / sortie / ajustement, each with its reason; one Idempotency-Key per attempt. */
export function MovementForm() {
  const [kind, setKind] = useState<MovementType>("entree");
  const tabsId = useId();
  return (
    <section aria-labelledby={`${tabsId}-title`} className="card p-4">
      <h2 id={`${tabsId}-title`} className="mb-3 text-lg font-semibold">{fr.stock.forms}</h2>
      <div role="tablist" aria-label={fr.stock.forms} className="mb-4 grid grid-cols-3 gap-1 rounded-lg bg-slate-100 p-1">
        {KINDS.map((value) => (
          <button key={value} type="button" role="tab" id={`${tabsId}-${value}`} aria-selected={kind === value}
            aria-controls={`${tabsId}-panel`} onClick={() => setKind(value)}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${kind === value ? "bg-white text-emerald-800 shadow" : "text-slate-600 hover:text-slate-900"}`}>
            {COPY[value].tab}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${kind}`}>
        <KindForm key={kind} kind={kind} />
      </div>
    </section>
  );
}

function KindForm({ kind }: { kind: MovementType }) {
  const products = useQuery(productChoicesQuery());
  const move = useStockMove();
  const [productId, setProductId] = useState("");
  const [reason, setReason] = useState<string>(fr.stock.reasons[kind][0] ?? OTHER);
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const chosen = products.data?.find((product) => product.id === productId);
  const copy = COPY[kind];

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const values = {
      product_id: productId,
      quantity: Number(text("quantity")),
      reason: reason === OTHER ? text("other_reason") : reason,
      ...(kind === "entree" && text("expiration_date") ? { expiration_date: text("expiration_date") } : {}),
    };
    setDone(null);
    const formElement = event.currentTarget;
    move.mutate({ kind, values, key: attempt }, {
      onSuccess: (movement) => {
        setDone(fr.stock.done(formatQuantity(movement.stock_after, chosen?.unit)));
        setAttempt(crypto.randomUUID());
        formElement.reset();
      },
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-3 md:grid-cols-2 xl:grid-cols-4 2xl:grid-cols-1">
      <p className="text-sm text-slate-600 md:col-span-2 xl:col-span-4 2xl:col-span-1">{copy.help}</p>
      <div className="empty:hidden md:col-span-2 xl:col-span-4 2xl:col-span-1">
        <ErrorAlert message={move.error ? errorMessage(move.error) : null} />
        <SuccessNote message={done} />
      </div>
      <label className="field md:col-span-2 2xl:col-span-1">{fr.stock.product}
        <select className="input" required value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="" disabled>{fr.stock.chooseProduct}</option>
          {products.data?.map((product) => <option key={product.id} value={product.id}>{product.name}</option>)}
        </select>
      </label>
      {chosen && (
        <p className="self-end pb-2 text-xs text-slate-600 md:col-span-2 2xl:col-span-1">
          {fr.stock.currentStock(formatQuantity(chosen.stock_quantity, chosen.unit), formatQuantity(chosen.available_quantity, chosen.unit))}
        </p>
      )}
      <label className="field">{copy.quantity}{chosen ? ` (${chosen.unit})` : ""}
        <input name="quantity" type="number" required min={kind === "ajustement" ? 0 : 0.001} step={0.001} className="input" />
      </label>
      <label className="field">{fr.stock.reason}
        <select className="input" value={reason} onChange={(e) => setReason(e.target.value)}>
          {fr.stock.reasons[kind].map((value) => <option key={value} value={value}>{value}</option>)}
          <option value={OTHER}>{fr.stock.otherReason}</option>
        </select>
      </label>
      {reason === OTHER && (
        <label className="field">{fr.stock.reasonPlaceholder}
          <input name="other_reason" required maxLength={200} className="input" />
        </label>
      )}
      {kind === "entree" && (
        <label className="field">{fr.stock.expiration}
          <input name="expiration_date" type="date" className="input" />
        </label>
      )}
      <button type="submit" className="btn-primary w-full self-end md:col-start-2 xl:col-start-4 2xl:col-start-1" disabled={move.isPending || !productId}>
        {move.isPending ? fr.common.saving : copy.submit}
      </button>
    </form>
  );
}
