import type { Metadata } from "next";

import { fr } from "@/i18n/fr";

/** The page's own title: tabs, history and the route announcer tell the pages apart. */
export const metadata: Metadata = { title: fr.nav.losses };

export default function Layout({ children }: { children: React.ReactNode }) {
  return children;
}
