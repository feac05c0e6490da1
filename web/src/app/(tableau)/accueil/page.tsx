"use client";

import { useUser } from "@/auth/useSession";
import { fr } from "@/i18n/fr";

/** Where a vendeur lands: the dashboard is for managers, the mobile app is theirs. */
export default function WelcomePage() {
  const user = useUser();
  return (
    <section className="card mx-auto max-w-xl space-y-3 p-6">
      <h1 className="page-title">{fr.app.vendeurTitle}, {user.username}</h1>
      <p className="text-slate-700">{fr.app.vendeurNote}</p>
      <a href="/mobile/" className="btn-primary">{fr.app.openMobile}</a>
    </section>
  );
}
