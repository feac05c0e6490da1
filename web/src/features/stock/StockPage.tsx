"use client";

import { fr } from "@/i18n/fr";

import { MovementForm } from "./MovementForm";
import { MovementsTable } from "./MovementsTable";

export function StockPage() {
  return (
    <div className="space-y-4">
      <h1 className="page-title">{fr.stock.title}</h1>
      <div className="grid gap-4 2xl:grid-cols-[22rem_minmax(0,1fr)] 2xl:items-start">
        <MovementForm />
        <MovementsTable />
      </div>
    </div>
  );
}
