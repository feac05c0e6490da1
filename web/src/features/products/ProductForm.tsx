"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Product, ProductCreate } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { fr } from "@/i18n/fr";

import { categoriesQuery, useCreateCategory, useSaveProduct } from "./api";

type Props = { product: Product | null; onDone: () => void };

function valuesOf(form: FormData, creating: boolean): ProductCreate {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const values: ProductCreate = {
    name: text("name"),
    category_id: text("category_id"),
    unit: text("unit"),
    unit_price: Number(text("unit_price")),
    min_stock_level: Number(text("min_stock_level") || 0),
    barcode: text("barcode") || null,
    expiration_date: text("expiration_date") || null,
  };
  if (creating && text("stock_quantity")) values.stock_quantity = Number(text("stock_quantity"));
  return values;
}

/** Create or edit a product (stock itself moves through the Stock screen, never here). */
export function ProductForm({ product, onDone }: Props) {
  const categories = useQuery(categoriesQuery());
  const save = useSaveProduct();
  const addCategory = useCreateCategory();
  const [categoryId, setCategoryId] = useState(product?.category_id ?? "");
  const [newCategory, setNewCategory] = useState("");
  const f = fr.fields;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ product, values: valuesOf(new FormData(event.currentTarget), !product) }, { onSuccess: onDone });
  };
  const createCategory = () => {
    if (!newCategory.trim()) return;
    addCategory.mutate(newCategory.trim(), { onSuccess: (category) => { setCategoryId(category.id); setNewCategory(""); } });
  };

  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2"><ErrorAlert message={save.error ? errorMessage(save.error) : null} /></div>
      <label className="field sm:col-span-2">{f.name}
        <input name="name" required maxLength={200} defaultValue={product?.name} className="input" />
      </label>
      <label className="field">{f.category_id}
        <select name="category_id" required className="input" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="" disabled>{fr.products.chooseCategory}</option>
          {categories.data?.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
        </select>
      </label>
      <div className="field">
        <label htmlFor="new-category">{fr.products.newCategory}</label>
        <div className="flex gap-2">
          <input id="new-category" className="input min-w-0 flex-1" value={newCategory} onChange={(e) => setNewCategory(e.target.value)} />
          <button type="button" className="btn-secondary" onClick={createCategory} disabled={addCategory.isPending}>{fr.common.create}</button>
        </div>
        <ErrorAlert message={addCategory.error ? errorMessage(addCategory.error) : null} />
      </div>
      <label className="field">{f.unit}
        <input name="unit" required maxLength={20} defaultValue={product?.unit ?? ""} placeholder="L, kg, sachet, pot" className="input" />
      </label>
      <label className="field">{f.unit_price}
        <input name="unit_price" type="number" required min={0} step={1} defaultValue={product?.unit_price} className="input" />
      </label>
      <label className="field">{f.min_stock_level}
        <input name="min_stock_level" type="number" min={0} step={0.001} defaultValue={product?.min_stock_level ?? 0} className="input" />
      </label>
      {!product && (
        <label className="field">{f.stock_quantity}
          <input name="stock_quantity" type="number" min={0} step={0.001} className="input" />
        </label>
      )}
      <label className="field">{f.barcode}
        <input name="barcode" maxLength={64} defaultValue={product?.barcode ?? ""} className="input" />
      </label>
      <label className="field">{f.expiration_date}
        <input name="expiration_date" type="date" defaultValue={product?.expiration_date ?? ""} className="input" />
      </label>
      <div className="flex justify-end gap-2 sm:col-span-2">
        <button type="button" className="btn-secondary" onClick={onDone}>{fr.common.cancel}</button>
        <button type="submit" className="btn-primary" disabled={save.isPending}>{save.isPending ? fr.common.saving : fr.common.save}</button>
      </div>
    </form>
  );
}
