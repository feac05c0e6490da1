import type { Metadata, Viewport } from "next";

import { fr } from "@/i18n/fr";

import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: fr.app.name, template: `%s · ${fr.app.name}` },
  description: fr.app.tagline,
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#166534" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="fr">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
