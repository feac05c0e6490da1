// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { AuditSeal, AuditVerification } from "@/api/types";

import { SealSentence } from "./SealLine";

const HASH = "ab".repeat(32);

function verification(fields: Partial<AuditVerification>): AuditVerification {
  return { id: "v1", started_at: "2026-11-30T01:00:00Z", finished_at: "2026-11-30T01:05:00Z", total: 10, checked: 4, ...fields };
}

function seal(last: AuditVerification | null): AuditSeal {
  return { position: 10, hash: HASH, sealed_at: "2026-11-30T01:00:00Z", last_verification: last };
}

describe("the seal's sentence", () => {
  it("tells that the last verification was interrupted, not that the journal holds", () => {
    const message = "Vérification interrompue : le serveur qui la menait s'est arrêté avant la fin. Relancez-la.";
    render(<SealSentence seal={seal(verification({ ok: null, message }))} />);
    expect(screen.getByRole("status").textContent).toBe(message);
    expect(screen.queryByText(/vérifié jusqu’à/)).toBeNull();
  });

  it("says how far a verification held", () => {
    render(<SealSentence seal={seal(verification({ ok: true, position: 10, hash: HASH, checked: 10, message: "intact" }))} />);
    expect(screen.getByText(/vérifié jusqu’à l’événement 10/)).toBeTruthy();
  });
});
