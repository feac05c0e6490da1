"use client";

import { useState } from "react";

import { errorMessage } from "@/api/errors";
import { ErrorAlert } from "@/components/Alert";
import { fr } from "@/i18n/fr";

export type FileKind = "csv" | "pdf";

type Props = {
  /** Fetches and saves the file; a failure is shown in French under the buttons. */
  download: (kind: FileKind) => Promise<void>;
  labels: Record<FileKind, string>;
  disabled?: boolean;
  /** Extra controls placed before the buttons, on the same line (a filter, say). */
  children?: React.ReactNode;
};

/** « … en CSV » and « … en PDF »: one download at a time, « Téléchargement… » meanwhile. */
export function DownloadButtons({ download, labels, disabled = false, children }: Props) {
  const [busy, setBusy] = useState<FileKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async (kind: FileKind) => {
    setBusy(kind);
    setError(null);
    try {
      await download(kind);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {children}
      {(["csv", "pdf"] as const).map((kind) => (
        <button key={kind} type="button" className="btn-secondary" disabled={disabled || busy !== null} onClick={() => start(kind)}>
          {busy === kind ? fr.reports.downloading : labels[kind]}
        </button>
      ))}
      <div className="basis-full"><ErrorAlert message={error} /></div>
    </div>
  );
}
