import { describe, expect, it } from "vitest";

import { ApiError, errorMessage } from "./errors";

describe("error messages a manager understands", () => {
  it("lists the short products of a refused delivery", () => {
    const error = new ApiError(409, {
      code: "insufficient_stock",
      detail: "Stock insuffisant",
      shortages: [
        { product_id: "p1", product_name: "Lait caillé (bidon 5 L)", requested: 12, available: 4 },
        { product_id: "p2", product_name: "Dègué (pot 0,5 L)", requested: 2.5, available: -1 },
      ],
    });
    expect(errorMessage(error, "delivery")).toBe(
      "Stock insuffisant, la commande n’a pas été livrée : Lait caillé (bidon 5 L) — demandé 12, disponible 4 ; "
      + "Dègué (pot 0,5 L) — demandé 2,5, disponible 0.");
  });

  it("words a short-stock refusal for what was refused, never as a delivery by default", () => {
    const error = new ApiError(409, {
      code: "insufficient_stock",
      shortages: [{ product_id: "p1", product_name: "Lait", requested: 8, available: 3 }],
    });
    expect(errorMessage(error, "exit")).toBe("Stock insuffisant, la sortie n’a pas été enregistrée : Lait — demandé 8, disponible 3.");
    expect(errorMessage(error, "adjustment")).toMatch(/^Stock insuffisant, l’ajustement n’a pas été enregistré :/);
    expect(errorMessage(error)).toMatch(/^Stock insuffisant, rien n’a changé :/);
  });

  it("names both statuses of a refused transition", () => {
    const error = new ApiError(409, { code: "invalid_transition", from: "livree", to: "en_cours", detail: "x" });
    expect(errorMessage(error)).toContain("« Livrée » à « En cours de livraison »");
  });

  it("says how long a throttled sign-in must wait, as the server counted it", () => {
    const detail = "Trop de connexions depuis cette adresse : réessayez dans 42 s.";
    expect(errorMessage(new ApiError(429, { code: "too_many_attempts", detail }))).toBe(detail);
    expect(errorMessage(new ApiError(429, { code: "too_many_attempts" }))).toBe("Trop de tentatives : patientez un moment.");
  });

  it("explains a concurrent change", () => {
    expect(errorMessage(new ApiError(409, { code: "version_conflict", detail: "x" }))).toMatch(/Quelqu’un d’autre/);
  });

  it("names the invalid fields of a 422", () => {
    const error = new ApiError(422, { detail: [{ loc: ["body", "client_phone"], msg: "bad" }] });
    expect(errorMessage(error)).toBe("Certaines valeurs saisies ne sont pas valides (Téléphone du client)");
  });

  it("names a report's swapped dates in words, never by the API's field name", () => {
    const error = new ApiError(422, { detail: [{ loc: ["query", "date_to"], msg: "x" }, { loc: ["query", "secret_field"] }] });
    expect(errorMessage(error)).toBe("Certaines valeurs saisies ne sont pas valides (Date de fin)");
  });

  it("shows the server's French sentence of a 422 that is not a list of fields", () => {
    const error = new ApiError(422, { code: "idempotency_key_reused", detail: "Cette clé a déjà servi." });
    expect(errorMessage(error)).toBe("Cette clé a déjà servi.");
  });

  it("falls back to the server's French detail, then to the status", () => {
    expect(errorMessage(new ApiError(409, { code: "something_new", detail: "Refus précis." }))).toBe("Refus précis.");
    expect(errorMessage(new ApiError(500, {}))).toBe("Erreur du serveur. Réessayez dans un instant.");
  });

  it("tells a network failure apart", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/ne répond pas/);
  });

  it("says how much is left when a payment is above what is due, and why a reference is refused", () => {
    expect(errorMessage(new ApiError(409, { code: "overpayment", detail: "Montant trop élevé", amount_due: 2500 })))
      .toBe("Montant trop élevé : il ne reste que 2 500 FCFA à payer sur cette commande.");
    expect(errorMessage(new ApiError(409, { code: "overpayment", detail: "x", amount_due: 0 })))
      .toBe("Cette commande est déjà entièrement payée.");
    expect(errorMessage(new ApiError(409, { code: "payment_reference_used", detail: "x", reference: "OM1" })))
      .toBe("Cette référence a déjà servi à un paiement : vérifiez le numéro de transaction.");
  });
});
