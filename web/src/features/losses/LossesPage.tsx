"use client";

import { fr } from "@/i18n/fr";

import { LossesReportSection } from "./LossesReport";
import { WriteOffForm } from "./WriteOffForm";

/** « Pertes »: declare a loss out of a lot, and the losses report of a period. */
export function LossesPage() {
  return (
    <div className="space-y-4">
      <h1 className="page-title">{fr.losses.title}</h1>
      <WriteOffForm />
      <LossesReportSection />
    </div>
  );
}
