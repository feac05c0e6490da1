import { describe, expect, it } from "vitest";

import { receiptPath, whatsappLink, whatsappNumber } from "./receipt";

describe("the WhatsApp link of a receipt", () => {
  it("keeps the digits of the client's phone, with Burkina's 226", () => {
    expect(whatsappNumber("+226 70 12 34 56")).toBe("22670123456");
    expect(whatsappNumber("+22670123456")).toBe("22670123456");
    expect(whatsappNumber("00226 76 45 12 89")).toBe("22676451289");
    expect(whatsappNumber("70 12 34 56")).toBe("22670123456");
    expect(whatsappNumber("")).toBe("");
    expect(whatsappNumber(null)).toBe("");
  });

  it("carries the receipt's text, encoded, accents and line breaks included", () => {
    const text = "Reçu de commande\nN° 261129-AB12CD\nTotal : 12\u00a0500\u00a0FCFA";
    const link = whatsappLink("+22670123456", text);
    expect(link.startsWith("https://wa.me/22670123456?text=")).toBe(true);
    expect(link).toContain("261129-AB12CD");
    expect(link).not.toContain("\n");
    expect(link).not.toContain(" ");
    expect(decodeURIComponent(link.split("?text=")[1] ?? "")).toBe(text);
  });

  it("lets WhatsApp ask whom to send it to when the order has no phone", () => {
    expect(whatsappLink("", "Reçu")).toBe("https://wa.me/?text=Re%C3%A7u");
  });
});

describe("the receipt's address", () => {
  it("asks for a size only for the PDF", () => {
    expect(receiptPath("abc", "58mm")).toBe("/api/orders/abc/receipt/?size=58mm");
    expect(receiptPath("abc")).toBe("/api/orders/abc/receipt/");
  });
});
