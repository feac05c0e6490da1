import { describe, expect, it } from "vitest";

import { forwardMoves, isFinal, mayCancel } from "./transitions";

describe("delivery status moves offered to a manager", () => {
  it("offers every later step, skipping allowed", () => {
    expect(forwardMoves("nouvelle")).toEqual(["en_preparation", "en_cours", "livree"]);
    expect(forwardMoves("en_cours")).toEqual(["livree"]);
  });

  it("offers nothing once delivered or cancelled", () => {
    expect(forwardMoves("livree")).toEqual([]);
    expect(isFinal("annulee")).toBe(true);
    expect(mayCancel("livree")).toBe(false);
    expect(mayCancel("en_cours")).toBe(true);
  });
});
