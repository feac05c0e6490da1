"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";

import type { User } from "@/api/types";
import { sectionsFor } from "@/auth/permissions";
import { logout } from "@/auth/session";
import { useSession } from "@/auth/useSession";
import { fr } from "@/i18n/fr";
import { labelOf } from "@/i18n/labels";

type Props = {
  children: React.ReactNode;
  /** Slots filled by the app layer (features stay out of shared components). */
  bell: React.ReactNode;
  liveStatus: React.ReactNode;
};

/** The signed-in frame: header, role-filtered navigation, content. Sends signed-out users to login. */
export function Shell({ children, bell, liveStatus }: Props) {
  const session = useSession();
  const router = useRouter();

  useEffect(() => {
    if (session.status === "signed-out") router.replace("/connexion/");
  }, [session, router]);

  if (session.status !== "signed-in") {
    return <p role="status" className="p-8 text-slate-500">{fr.app.loading}</p>;
  }
  return (
    <div className="min-h-dvh">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {fr.app.skipToContent}
      </a>
      <Header user={session.user} bell={bell} liveStatus={liveStatus} />
      <div className="lg:flex">
        <Navigation user={session.user} />
        <main id="contenu" className="min-w-0 flex-1 px-4 py-5 lg:px-6">{children}</main>
      </div>
    </div>
  );
}

function Header({ user, bell, liveStatus }: { user: User } & Pick<Props, "bell" | "liveStatus">) {
  return (
    <header className="sticky top-0 z-20 flex items-center gap-3 border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur">
      <Link href="/" className="flex items-center gap-2 font-bold text-emerald-800">
        <span aria-hidden="true" className="grid size-8 place-items-center rounded-full bg-emerald-700 text-sm text-white">G</span>
        <span>{fr.app.name}</span>
      </Link>
      <span className="hidden text-sm text-slate-500 lg:inline">{fr.app.tagline}</span>
      <div className="ml-auto flex items-center gap-3">
        {liveStatus}
        {bell}
        <span className="hidden text-right text-sm leading-tight sm:block">
          <span className="block font-medium">{user.username}</span>
          <span className="block text-xs text-slate-500">{labelOf("role", user.role)}</span>
        </span>
        <button type="button" className="btn-secondary" onClick={logout}>{fr.app.logout}</button>
      </div>
    </header>
  );
}

function Navigation({ user }: { user: User }) {
  const pathname = usePathname();
  const sections = sectionsFor(user.role);
  if (sections.length === 0) return null;
  return (
    <nav aria-label={fr.app.mainNav} className="border-b border-slate-200 bg-white lg:sticky lg:top-[3.25rem] lg:h-[calc(100dvh-3.25rem)] lg:w-52 lg:shrink-0 lg:border-b-0 lg:border-r">
      <ul className="flex gap-1 overflow-x-auto px-2 py-2 lg:flex-col lg:px-3 lg:py-4">
        {sections.map((section) => {
          const current = pathname?.startsWith(section.href.replace(/\/$/, "")) ?? false;
          return (
            <li key={section.id}>
              <Link
                href={section.href}
                aria-current={current ? "page" : undefined}
                className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${current ? "bg-emerald-700 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
