"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";

import type { AuditSeal, AuditVerification } from "@/api/types";
import { keys } from "@/api/keys";
import { fr } from "@/i18n/fr";

import { auditSealQuery, useStartVerification, verificationQuery } from "./api";

const t = fr.audit.seal;
const SHORT = 12;

/** "Journal vérifié jusqu'à l'événement N (hash …)" and the admin's "Vérifier" button. */
export function SealLine() {
  const seal = useQuery(auditSealQuery());
  const start = useStartVerification();
  const [running, setRunning] = useState<string | null>(null);
  const finished = useCallback(() => setRunning(null), []);
  if (!seal.data) return null;
  return (
    <section aria-label={t.progress} className="card flex flex-wrap items-center gap-3 p-3 text-sm">
      <SealSentence seal={seal.data} />
      <button type="button" className="btn-ghost ml-auto text-sm text-emerald-800" disabled={running !== null || start.isPending}
        onClick={() => start.mutate(undefined, { onSuccess: (started) => setRunning(started.id) })}>
        {running ? t.verifying : t.verify}
      </button>
      {running && <Progress id={running} onDone={finished} />}
    </section>
  );
}

export function SealSentence({ seal }: { seal: AuditSeal }) {
  const last = seal.last_verification;
  if (last && last.ok === false) {
    return <p role="alert" className="font-medium text-red-700">{t.broken(last.message ?? "")}</p>;
  }
  if (last && last.ok == null && last.message) {
    return <p role="status" className="font-medium text-amber-800">{last.message}</p>;
  }
  if (last?.ok && last.position) {
    return <p className="text-emerald-800" title={`${t.fullHash} : ${last.hash}`}>{t.verified(last.position, (last.hash ?? "").slice(0, SHORT))}</p>;
  }
  if (!seal.position) return <p className="text-slate-600">{t.empty}</p>;
  return <p className="text-slate-700" title={`${t.fullHash} : ${seal.hash}`}>{t.sealed(seal.position, seal.hash.slice(0, SHORT))}</p>;
}

function Progress({ id, onDone }: { id: string; onDone: () => void }) {
  const client = useQueryClient();
  const state = useQuery(verificationQuery(id));
  const done = Boolean(state.data?.finished_at);
  useEffect(() => {
    if (!done) return;
    void client.invalidateQueries({ queryKey: keys.audit.seal() }).then(onDone);
  }, [done, client, onDone]);
  const { checked, total } = counts(state.data);
  return (
    <div className="flex w-full items-center gap-3">
      <progress className="h-2 flex-1" aria-label={t.progress} max={Math.max(total, 1)} value={Math.min(checked, total)} />
      <span className="text-xs text-slate-600">{t.checked(checked, total)}</span>
    </div>
  );
}

function counts(verification: AuditVerification | undefined) {
  return { checked: verification?.checked ?? 0, total: verification?.total ?? 0 };
}
