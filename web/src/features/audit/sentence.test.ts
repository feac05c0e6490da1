import { describe, expect, it } from "vitest";

import type { AuditEvent } from "@/api/types";

import { auditSentence, isTechnical, subjectsOnPage } from "./sentence";

const ORDER = "0c7e5a8e-0000-4000-8000-000000000001";
const MILK = "0c7e5a8e-0000-4000-8000-000000000002";
const USER = "0c7e5a8e-0000-4000-8000-000000000003";

function event(event_type: string, data: Record<string, unknown>, aggregate_id = ORDER): AuditEvent {
  return {
    position: 1, aggregate_type: event_type.split(".")[0]!, aggregate_id, aggregate_version: 2, event_type,
    occurred_at: "2026-11-29T10:00:00Z", user_id: USER, username: "awa.commandes", data,
  };
}

const subjects = { [ORDER]: { label: "261129-SJZG66" }, [MILK]: { label: "Lait frais", unit: "L" }, [USER]: { label: "issouf.stock" } };

describe("audit sentences", () => {
  it("tell a delivery with the stock it took out", () => {
    const delivered = event("Order.StatusChanged", { from_status: "en_cours", to_status: "livree" });
    const issued = event("Product.StockIssued", { quantity: 4, stock_after: 51.5, reason: "Commande", order_id: ORDER }, MILK);
    expect(auditSentence(delivered, subjects, [delivered, issued]))
      .toBe("awa.commandes a passé la commande 261129-SJZG66 à « Livrée » — 4 L Lait frais sorti(s) du stock");
  });

  it("tell an order placed, paid, revised, with a voice note", () => {
    const placed = event("Order.Placed", { order_number: "261129-SJZG66", client_name: "Aïcha",
      lines: [{ product_name: "Lait frais", unit: "L", quantity: 2.5 }] });
    expect(auditSentence(placed, {})).toBe("awa.commandes a enregistré la commande 261129-SJZG66 pour Aïcha : 2,5 L Lait frais");
    expect(auditSentence(event("Order.PaymentChanged", { to_status: "payee" }), subjects))
      .toBe("awa.commandes a marqué la commande 261129-SJZG66 « Payée »");
    expect(auditSentence(event("Order.PaymentReceived", { amount: 5000, method: "orange_money", reference: "MP241129.1000.A1",
      order_number: "261129-SJZG66" }), {}))
      .toBe("awa.commandes a reçu 5 000 FCFA en Orange Money (réf. MP241129.1000.A1) pour la commande 261129-SJZG66");
    expect(auditSentence(event("Order.PaymentReceived", { amount: 1500, method: "especes", reference: "" }), subjects))
      .toBe("awa.commandes a reçu 1 500 FCFA en espèces pour la commande 261129-SJZG66");
    expect(auditSentence(event("Order.PaymentsReversed", { amount: 6500, payments: [{ amount: 5000 }, { amount: 1500 }] }), subjects))
      .toBe("awa.commandes a annulé les 2 paiements de la commande 261129-SJZG66 (6 500 FCFA) : commande remise « Non payée »");
    expect(auditSentence(event("Order.PaymentsReversed", { amount: 1500, payments: [{ amount: 1500 }] }), subjects))
      .toBe("awa.commandes a annulé le paiement de la commande 261129-SJZG66 (1 500 FCFA) : commande remise « Non payée »");
    expect(auditSentence(event("Order.Revised", { changes: { client_phone: "70", notes: "x" } }), subjects))
      .toBe("awa.commandes a modifié la commande 261129-SJZG66 (téléphone, notes)");
    expect(auditSentence(event("Order.VoiceNoteAttached", {}), {})).toBe("awa.commandes a joint une note vocale à une commande");
  });

  it("tell stock movements in units, not arrows", () => {
    expect(auditSentence(event("Product.StockReceived", { quantity: 10, stock_after: 55.5, reason: "Livraison ferme" }, MILK), subjects))
      .toBe("awa.commandes a fait entrer 10 L dans le stock : le produit « Lait frais » (stock : 55,5 L) (Livraison ferme)");
    expect(auditSentence(event("Product.StockAdjusted", { quantity: -3, stock_after: 52.5, reason: "" }, MILK), subjects))
      .toBe("awa.commandes a corrigé le stock : le produit « Lait frais » passe à 52,5 L");
    expect(auditSentence(event("Product.Registered", { name: "Gapal", unit: "sachet", unit_price: 250 }, "p2"), {}))
      .toBe("awa.commandes a ajouté le produit « Gapal » au catalogue, à 250 FCFA");
    expect(auditSentence(event("Product.Archived", {}, MILK), subjects)).toBe("awa.commandes a retiré le produit « Lait frais » du catalogue");
    expect(auditSentence(event("Product.KindPricesSet", { prices: { revendeur: 450 } }, MILK), subjects))
      .toBe("awa.commandes a changé les prix par type de client pour le produit « Lait frais » : Revendeur : 450 FCFA");
  });

  it("tell account changes by name", () => {
    expect(auditSentence(event("User.Registered", { username: "mariam", role: "vendeur" }, "u2"), {}))
      .toBe("awa.commandes a créé le compte mariam (Vendeur)");
    expect(auditSentence(event("User.Revised", { changes: { role: "admin" } }, USER), subjects))
      .toBe("awa.commandes a donné à issouf.stock le rôle « Administrateur »");
    expect(auditSentence(event("User.Deactivated", {}, USER), subjects)).toBe("awa.commandes a désactivé le compte issouf.stock");
    expect(auditSentence(event("User.SignInUnlocked", {}, USER), subjects)).toBe("awa.commandes a débloqué la connexion de issouf.stock");
  });

  it("tell categories, and mark the bookkeeping aggregates technical", () => {
    expect(auditSentence(event("Category.Created", { name: "Laitages" }, "c1"), {})).toBe("awa.commandes a créé la catégorie « Laitages »");
    const receipt = event("RequestReceipt.Recorded", { key: "k", result_id: ORDER }, "r1");
    expect(isTechnical(receipt)).toBe(true);
    expect(auditSentence(receipt, {})).not.toMatch(/key|result_id|RequestReceipt/);
    expect(isTechnical(event("Order.Placed", {}))).toBe(false);
  });

  it("learn names from the page's own creations", () => {
    expect(subjectsOnPage([event("Order.Placed", { order_number: "N1" }), event("Product.Registered", { name: "Gapal", unit: "sachet" }, MILK)]))
      .toEqual({ [ORDER]: { label: "N1" }, [MILK]: { label: "Gapal", unit: "sachet" } });
  });
});
