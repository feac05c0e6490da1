"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Product, ProductCreate } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { DateInput } from "@/components/DateInput";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { type ParsedDate, parseDate } from "@/lib/dates";
import { useFieldErrors } from "@/lib/fieldErrors";
import { COUNT, MONEY, numberInput, type Parsed, parseNumber } from "@/lib/numbers";

import { categoriesQuery, useCreateCategory, useSaveProduct } from "./api";

type Props = { product: Product | null; onDone: () => void };

type Numbers = { unit_price: Parsed; min_stock_level: Parsed; stock_quantity: Parsed };

/** The typed numbers, read the French way; an optional field left empty takes its default. */
function numbersOf(text: (name: string) => string): Numbers {
  const optional = (name: string, fallback: number): Parsed => (text(name) ? parseNumber(text(name), COUNT) : { ok: true, value: fallback });
  return {
    unit_price: parseNumber(text("unit_price"), MONEY),
    min_stock_level: optional("min_stock_level", 0),
    stock_quantity: optional("stock_quantity", -1),
  };
}

/** Called once every number parsed: a refused one never reaches here. */
function valuesOf(text: (name: string) => string, numbers: Numbers, expiry: ParsedDate, creating: boolean): ProductCreate {
  const value = (parsed: Parsed) => (parsed.ok ? parsed.value : 0);
  const values: ProductCreate = {
    name: text("name"),
    category_id: text("category_id"),
    unit: text("unit"),
    unit_price: value(numbers.unit_price),
    min_stock_level: value(numbers.min_stock_level),
    barcode: text("barcode") || null,
    expiration_date: expiry.ok ? expiry.value : null,
  };
  if (creating && value(numbers.stock_quantity) >= 0) values.stock_quantity = value(numbers.stock_quantity);
  return values;
}

/** Create or edit a product (stock itself moves through the Stock screen, never here). */
export function ProductForm({ product, onDone }: Props) {
  const categories = useQuery(categoriesQuery());
  const save = useSaveProduct();
  const addCategory = useCreateCategory();
  const { errors, validate } = useFieldErrors();
  const [categoryId, setCategoryId] = useState(product?.category_id ?? "");
  const [newCategory, setNewCategory] = useState("");
  const f = fr.fields;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const numbers = numbersOf(text);
    const expiry = parseDate(text("expiration_date"));
    const problems = Object.fromEntries(Object.entries(numbers).map(([name, parsed]) => [name, parsed.ok ? undefined : parsed.error]));
    problems.expiration_date = expiry.ok ? undefined : expiry.error;
    if (!validate(event.currentTarget, problems)) return;
    save.mutate({ product, values: valuesOf(text, numbers, expiry, !product) }, { onSuccess: onDone });
  };
  const createCategory = () => {
    if (!newCategory.trim()) return;
    addCategory.mutate(newCategory.trim(), { onSuccess: (category) => { setCategoryId(category.id); setNewCategory(""); } });
  };

  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2"><ErrorAlert message={save.error ? errorMessage(save.error) : null} /></div>
      <Field label={f.name} error={errors.name} className="sm:col-span-2">
        {(control) => <input {...control} name="name" required maxLength={200} defaultValue={product?.name} className="input" />}
      </Field>
      <Field label={f.category_id} error={errors.category_id}>
        {(control) => (
          <select {...control} name="category_id" required className="input" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="" disabled>{fr.products.chooseCategory}</option>
            {categories.data?.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
          </select>
        )}
      </Field>
      <div className="field">
        <label htmlFor="new-category">{fr.products.newCategory}</label>
        <div className="flex gap-2">
          <input id="new-category" className="input min-w-0 flex-1" value={newCategory} onChange={(e) => setNewCategory(e.target.value)} />
          <button type="button" className="btn-secondary" onClick={createCategory} disabled={addCategory.isPending}>{fr.common.create}</button>
        </div>
        <ErrorAlert message={addCategory.error ? errorMessage(addCategory.error) : null} />
      </div>
      <Field label={f.unit} error={errors.unit}>
        {(control) => <input {...control} name="unit" required maxLength={20} defaultValue={product?.unit ?? ""} placeholder="L, kg, sachet, pot" className="input" />}
      </Field>
      <Field label={f.unit_price} error={errors.unit_price}>
        {(control) => <input {...control} name="unit_price" inputMode="numeric" autoComplete="off" defaultValue={numberInput(product?.unit_price)} placeholder="1 500" className="input" />}
      </Field>
      <Field label={f.min_stock_level} error={errors.min_stock_level}>
        {(control) => <input {...control} name="min_stock_level" inputMode="decimal" autoComplete="off" defaultValue={numberInput(product?.min_stock_level ?? 0)} className="input" />}
      </Field>
      {!product && (
        <Field label={f.stock_quantity} error={errors.stock_quantity}>
          {(control) => <input {...control} name="stock_quantity" inputMode="decimal" autoComplete="off" placeholder="2,5" className="input" />}
        </Field>
      )}
      <label className="field">{f.barcode}
        <input name="barcode" maxLength={64} defaultValue={product?.barcode ?? ""} className="input" />
      </label>
      <Field label={f.expiration_date} error={errors.expiration_date}>
        {(control) => <DateInput {...control} name="expiration_date" defaultValue={product?.expiration_date} />}
      </Field>
      <div className="flex justify-end gap-2 sm:col-span-2">
        <button type="button" className="btn-secondary" onClick={onDone}>{fr.common.cancel}</button>
        <button type="submit" className="btn-primary" disabled={save.isPending}>{save.isPending ? fr.common.saving : fr.common.save}</button>
      </div>
    </form>
  );
}
