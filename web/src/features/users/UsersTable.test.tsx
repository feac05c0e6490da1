// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { User } from "@/api/types";

import { UsersTable } from "./UsersPage";

const user = (username: string, is_active: boolean): User => ({
  id: `id-${username}`, username, email: "", role: "gestionnaire_commandes", phone: "", is_active,
  created_at: "2026-11-24T08:00:00Z", version: 1,
});

describe("UsersTable", () => {
  it("lets the admin unlock the sign-in of an active user", () => {
    const onUnlock = vi.fn();
    const awa = user("awa", true);
    render(<UsersTable users={[awa, user("moussa", false)]} onRole={() => {}} onDeactivate={() => {}}
      onReactivate={() => {}} onUnlock={onUnlock} />);
    const table = screen.getByRole("table", { name: "Utilisateurs" });
    within(table).getByRole("button", { name: "Débloquer la connexion de awa" }).click();
    expect(onUnlock).toHaveBeenCalledWith(awa);
    expect(within(table).queryByRole("button", { name: "Débloquer la connexion de moussa" })).toBeNull();
  });
});
