import { describe, expect, it } from "vitest";

import { checkPayment, needsReference, newLocalId } from "./payment";

describe("the payment form", () => {
  it("takes a whole FCFA amount typed the French way, up to what is due", () => {
    expect(checkPayment({ amount: "2 000", method: "especes", reference: "" }, 4500))
      .toEqual({ ok: true, values: { amount: 2000, method: "especes", reference: null } });
    expect(checkPayment({ amount: "4500", method: "cheque", reference: " CHQ 0042 " }, 4500))
      .toEqual({ ok: true, values: { amount: 4500, method: "cheque", reference: "CHQ 0042" } });
  });

  it("refuses decimals, zero, garbage and more than is due, in French", () => {
    const error = (amount: string) => {
      const result = checkPayment({ amount, method: "especes", reference: "" }, 4500);
      return result.ok ? null : result.errors.amount;
    };
    expect(error("1 500,50")).toBe("Saisissez un nombre entier, sans virgule.");
    expect(error("0")).toBe("Saisissez un nombre supérieur à 0.");
    expect(error("")).toBe("Indiquez un nombre.");
    expect(error("deux mille")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
    expect(error("5 000")).toBe("Le montant dépasse le reste à payer (4 500 FCFA).");
  });

  it("requires the transaction number for mobile money and transfers only", () => {
    expect(["especes", "orange_money", "moov_money", "virement", "cheque"].filter((m) => needsReference(m as never)))
      .toEqual(["orange_money", "moov_money", "virement"]);
    const refused = checkPayment({ amount: "1000", method: "orange_money", reference: "  " }, 4500);
    expect(refused).toEqual({ ok: false, errors: { reference: "La référence est obligatoire pour un paiement en Orange Money." } });
    const transfer = checkPayment({ amount: "1000", method: "virement", reference: "" }, 4500);
    expect(transfer.ok ? null : transfer.errors.reference).toBe("La référence est obligatoire pour un paiement par virement.");
  });
});

describe("a payment's local id", () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("is a fresh UUID each time", () => {
    const first = newLocalId();
    expect(first).toMatch(UUID_V4);
    expect(newLocalId()).not.toBe(first);
  });

  it("is still a UUID v4 where randomUUID is missing (plain http on the shop's network)", () => {
    const getRandomValues = crypto.getRandomValues.bind(crypto);
    const id = newLocalId({ getRandomValues });
    expect(id).toMatch(UUID_V4);
  });
});
