"use client";

import { mayUse, type Section } from "@/auth/permissions";
import { useUser } from "@/auth/useSession";
import { fr } from "@/i18n/fr";

/** Shows the page only to roles that may use it (the API refuses the rest anyway). */
export function RoleGate({ section, children }: { section: Section; children: React.ReactNode }) {
  const user = useUser();
  if (!mayUse(user.role, section)) {
    return <p role="alert" className="card p-6 text-slate-700">{fr.app.notAllowed}</p>;
  }
  return <>{children}</>;
}
