import type { Metadata } from "next";
import Link from "next/link";

import { fr } from "@/i18n/fr";

export const metadata: Metadata = { title: fr.notFound.title };

/** A page that does not exist (web/out/404.html): in French, with a way back. */
export default function NotFound() {
  return (
    <main id="contenu" className="mx-auto max-w-xl space-y-4 p-8">
      <p className="text-sm font-semibold text-emerald-800">{fr.app.name}</p>
      <h1 className="page-title">{fr.notFound.title}</h1>
      <p className="text-slate-700">{fr.notFound.text}</p>
      <Link href="/" className="btn-primary">{fr.notFound.home}</Link>
    </main>
  );
}
