"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";

import { errorMessage, type StockAction } from "@/api/errors";
import { lotsQuery } from "@/api/lots";
import type { Lot, MovementType, Product } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { DateInput } from "@/components/DateInput";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { parseDate } from "@/lib/dates";
import { useFieldErrors } from "@/lib/fieldErrors";
import { formatQuantity } from "@/lib/format";
import { lotOption } from "@/lib/lots";
import { COUNT, MONEY, parseNumber, QUANTITY } from "@/lib/numbers";

import { type MoveValues, productChoicesQuery, useStockMove } from "./api";
import { availableAfter, leavesOrdersShort } from "./availability";

const KINDS: MovementType[] = ["entree", "sortie", "ajustement"];
const OTHER = "__autre__";

const COPY = {
  entree: { tab: fr.stock.entry, help: fr.stock.entryHelp, submit: fr.stock.submitEntry, quantity: fr.stock.quantity },
  sortie: { tab: fr.stock.exit, help: fr.stock.exitHelp, submit: fr.stock.submitExit, quantity: fr.stock.quantity },
  ajustement: { tab: fr.stock.adjustment, help: fr.stock.adjustmentHelp, submit: fr.stock.submitAdjustment, quantity: fr.stock.counted },
} as const;
const ACTION: Record<MovementType, StockAction> = { entree: "other", sortie: "exit", ajustement: "adjustment" };

/** Entrée / sortie / ajustement, each with its reason; one Idempotency-Key per attempt. */
export function MovementForm() {
  const [kind, setKind] = useState<MovementType>("entree");
  const tabsId = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  /** The ARIA tabs pattern: arrows, Home and End move between tabs (and select them). */
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = KINDS.indexOf(kind);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: KINDS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = (next + KINDS.length) % KINDS.length;
    setKind(KINDS[target]!);
    tabs.current[target]?.focus();
  };
  return (
    <section aria-labelledby={`${tabsId}-title`} className="card p-4">
      <h2 id={`${tabsId}-title`} className="mb-3 text-lg font-semibold">{fr.stock.forms}</h2>
      <div role="tablist" aria-label={fr.stock.forms} className="mb-4 grid grid-cols-3 gap-1 rounded-lg bg-slate-100 p-1">
        {KINDS.map((value, index) => (
          <button key={value} type="button" role="tab" id={`${tabsId}-${value}`} aria-selected={kind === value}
            ref={(element) => { tabs.current[index] = element; }} tabIndex={kind === value ? 0 : -1}
            aria-controls={`${tabsId}-panel`} onClick={() => setKind(value)} onKeyDown={onKeyDown}
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
  const { errors, validate } = useFieldErrors();
  const [productId, setProductId] = useState("");
  const [reason, setReason] = useState<string>(fr.stock.reasons[kind][0] ?? OTHER);
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const [warning, setWarning] = useState<{ values: MoveValues; form: HTMLFormElement } | null>(null);
  const [lotWarning, setLotWarning] = useState<string | null>(null);
  const [lotId, setLotId] = useState("");
  const lots = useQuery({ ...lotsQuery(productId), enabled: kind === "ajustement" && productId !== "" });
  const chosen = products.data?.find((product) => product.id === productId);
  const chosenLot = lots.data?.find((lot) => lot.id === lotId);
  const copy = COPY[kind];

  const send = (values: MoveValues, formElement: HTMLFormElement) => {
    setWarning(null);
    move.mutate({ kind, values, key: attempt }, {
      onSuccess: (movement) => {
        const stock = formatQuantity(movement.stock_after, chosen?.unit);
        const lot = kind === "entree" ? movement.lots?.[0]?.lot_code : undefined;
        setDone(lot ? fr.stock.doneLot(stock, lot) : fr.stock.done(stock));
        setLotWarning(movement.warning ?? null);
        setAttempt(crypto.randomUUID());
        formElement.reset();
      },
    });
  };

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const quantity = parseNumber(text("quantity"), kind === "ajustement" ? COUNT : QUANTITY);
    const expiry = kind === "entree" ? parseDate(text("expiration_date")) : ({ ok: true, value: null } as const);
    const cost = kind === "entree" && text("unit_cost") ? parseNumber(text("unit_cost"), MONEY) : ({ ok: true, value: null } as const);
    setDone(null);
    setLotWarning(null);
    if (!validate(formElement, {
      quantity: quantity.ok ? undefined : quantity.error,
      expiration_date: expiry.ok ? undefined : expiry.error,
      unit_cost: cost.ok ? undefined : cost.error,
    }) || !quantity.ok || !expiry.ok || !cost.ok) return;
    const values: MoveValues = {
      product_id: productId,
      quantity: quantity.value,
      reason: reason === OTHER ? text("other_reason") : reason,
      ...(expiry.value ? { expiration_date: expiry.value } : {}),
      ...(kind === "entree" && text("lot_code") ? { lot_code: text("lot_code") } : {}),
      ...(cost.value !== null ? { unit_cost: cost.value } : {}),
      ...(kind === "ajustement" && chosenLot ? { lot_id: chosenLot.id } : {}),
    };
    if (chosen && leavesOrdersShort(kind, productCount(quantity.value, chosen, chosenLot), chosen)) setWarning({ values, form: formElement });
    else send(values, formElement);
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 md:grid-cols-2 xl:grid-cols-4 2xl:grid-cols-1">
      <p className="text-sm text-slate-600 md:col-span-2 xl:col-span-4 2xl:col-span-1">{copy.help}</p>
      <div className="empty:hidden md:col-span-2 xl:col-span-4 2xl:col-span-1">
        <ErrorAlert message={move.error ? errorMessage(move.error, ACTION[kind]) : null} />
        <SuccessNote message={done} />
        {lotWarning && (
          <p role="note" aria-label={fr.stock.warning} className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            <span className="font-semibold">{fr.stock.warning} : </span>{lotWarning}
          </p>
        )}
      </div>
      <Field label={fr.stock.product} error={errors.product_id} className="md:col-span-2 2xl:col-span-1">
        {(control) => (
          <select {...control} name="product_id" className="input" required value={productId}
            onChange={(e) => { setProductId(e.target.value); setLotId(""); setWarning(null); }}>
            <option value="" disabled>{fr.stock.chooseProduct}</option>
            {products.data?.map((product) => <option key={product.id} value={product.id}>{product.name}</option>)}
          </select>
        )}
      </Field>
      {chosen && (
        <p className="self-end pb-2 text-xs text-slate-600 md:col-span-2 2xl:col-span-1">
          {fr.stock.currentStock(formatQuantity(chosen.stock_quantity, chosen.unit), formatQuantity(chosen.available_quantity, chosen.unit))}
        </p>
      )}
      <Field label={`${copy.quantity}${chosen ? ` (${chosen.unit})` : ""}`} error={errors.quantity}>
        {(control) => (
          <input {...control} name="quantity" inputMode="decimal" autoComplete="off" placeholder="2,5" className="input"
            onChange={() => setWarning(null)} />
        )}
      </Field>
      <label className="field">{fr.stock.reason}
        <select className="input" value={reason} onChange={(e) => setReason(e.target.value)}>
          {fr.stock.reasons[kind].map((value) => <option key={value} value={value}>{value}</option>)}
          <option value={OTHER}>{fr.stock.otherReason}</option>
        </select>
      </label>
      {reason === OTHER && (
        <Field label={fr.stock.reasonPlaceholder} error={errors.other_reason}>
          {(control) => <input {...control} name="other_reason" required maxLength={200} className="input" />}
        </Field>
      )}
      {kind === "ajustement" && chosen && (
        <Field label={fr.stock.lot} className="md:col-span-2 2xl:col-span-1">
          {(control) => (
            <select {...control} className="input" name="lot_id" value={lotId} onChange={(e) => { setLotId(e.target.value); setWarning(null); }}>
              <option value="">{fr.stock.allLots}</option>
              {lots.data?.map((lot) => <option key={lot.id} value={lot.id}>{lotOption(lot, chosen.unit)}</option>)}
            </select>
          )}
        </Field>
      )}
      {kind === "entree" && (
        <>
          <Field label={fr.stock.expiration} error={errors.expiration_date}>
            {(control) => <DateInput {...control} name="expiration_date" />}
          </Field>
          <Field label={fr.stock.lotCode} error={errors.lot_code}>
            {(control) => <input {...control} name="lot_code" maxLength={40} autoComplete="off" placeholder={fr.stock.lotCodeHelp} className="input" />}
          </Field>
          <Field label={fr.stock.unitCost} error={errors.unit_cost}>
            {(control) => <input {...control} name="unit_cost" inputMode="numeric" autoComplete="off" placeholder="600" className="input" />}
          </Field>
        </>
      )}
      {warning && chosen ? (
        <div role="alertdialog" aria-label={fr.stock.shortWarningTitle}
          className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 md:col-span-2 xl:col-span-4 2xl:col-span-1">
          <p className="font-semibold">{fr.stock.shortWarningTitle}</p>
          <p>{fr.stock.shortWarning(
            formatQuantity(chosen.stock_quantity - chosen.available_quantity, chosen.unit),
            formatQuantity(availableAfter(kind, productCount(warning.values.quantity, chosen, chosenLot), chosen), chosen.unit))}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-danger" disabled={move.isPending} onClick={() => send(warning.values, warning.form)}>
              {fr.stock.confirmAnyway}
            </button>
            <button type="button" className="btn-ghost" onClick={() => setWarning(null)}>{fr.common.cancel}</button>
          </div>
        </div>
      ) : (
        <button type="submit" className="btn-primary w-full self-end md:col-start-2 xl:col-start-4 2xl:col-start-1" disabled={move.isPending}>
          {move.isPending ? fr.common.saving : copy.submit}
        </button>
      )}
    </form>
  );
}

/** What the product's stock is counted at when one lot is counted: the other lots stay. */
function productCount(counted: number, product: Product, lot: Lot | undefined): number {
  return lot ? product.stock_quantity - lot.remaining_quantity + counted : counted;
}
