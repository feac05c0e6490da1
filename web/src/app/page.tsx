"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { homeFor } from "@/auth/permissions";
import { useSession } from "@/auth/useSession";
import { fr } from "@/i18n/fr";

/** `/`: to the sign-in page, or to the first screen the role may use. */
export default function Home() {
  const session = useSession();
  const router = useRouter();
  useEffect(() => {
    if (session.status === "signed-in") router.replace(homeFor(session.user.role));
    if (session.status === "signed-out") router.replace("/connexion/");
  }, [session, router]);
  return <p role="status" className="p-8 text-slate-500">{fr.app.loading}</p>;
}
