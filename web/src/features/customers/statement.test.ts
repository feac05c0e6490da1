import { describe, expect, it } from "vitest";

import type { StatementEntry } from "@/api/types";

import { statementFileName } from "./api";
import { entryLabel } from "./Statement";

const entry = (over: Partial<StatementEntry>): StatementEntry => ({
  at: "2026-11-29T10:00:00Z", kind: "order", order_id: "o1", order_number: "261129-ABC123",
  debit: 0, credit: 0, balance: 0, method: null, reference: null, delivery_status: null, ...over,
});

describe("a statement line in words", () => {
  it("names the order, the payment's method and reference, a cancellation", () => {
    expect(entryLabel(entry({}))).toBe("Commande 261129-ABC123");
    expect(entryLabel(entry({ kind: "payment", method: "orange_money", reference: "OM-1" })))
      .toBe("Paiement Orange Money (réf. OM-1) — commande 261129-ABC123");
    expect(entryLabel(entry({ kind: "payment", method: "especes" })))
      .toBe("Paiement Espèces — commande 261129-ABC123");
    expect(entryLabel(entry({ kind: "cancellation" }))).toBe("Annulation de la commande 261129-ABC123");
    expect(entryLabel(entry({ kind: "marked_paid" }))).toBe("Commande 261129-ABC123 marquée payée");
  });
});

describe("the statement's file name", () => {
  it("has no accents nor spaces", () => {
    expect(statementFileName("Maquis « Le Baobab » Yaméogo", { date_from: "2026-11-01", date_to: "2026-11-29" }))
      .toBe("releve_maquis-le-baobab-yameogo_2026-11-01_2026-11-29.pdf");
    expect(statementFileName("", { date_from: "2026-11-01", date_to: "2026-11-29" }))
      .toBe("releve_client_2026-11-01_2026-11-29.pdf");
  });
});
