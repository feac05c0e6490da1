"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { errorMessage } from "@/api/errors";
import { homeFor } from "@/auth/permissions";
import { login } from "@/auth/session";
import { useSession } from "@/auth/useSession";
import { ErrorAlert } from "@/components/Alert";
import { Field } from "@/components/Field";
import { fr } from "@/i18n/fr";
import { useFieldErrors } from "@/lib/fieldErrors";

export default function LoginPage() {
  const session = useSession();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { errors, validate } = useFieldErrors();

  useEffect(() => {
    if (session.status === "signed-in") router.replace(homeFor(session.user.role));
  }, [session, router]);

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!validate(event.currentTarget)) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await login(String(form.get("username") ?? "").trim(), String(form.get("password") ?? ""));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const reason = session.status === "signed-out" ? session.reason : undefined;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-emerald-50 to-amber-50 p-4">
      <form onSubmit={submit} noValidate className="card w-full max-w-sm space-y-4 p-6" aria-labelledby="login-title">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-emerald-800">{fr.app.name}</p>
          <h1 id="login-title" className="text-2xl font-bold">{fr.login.title}</h1>
          <p className="text-sm text-slate-600">{fr.login.intro}</p>
        </div>
        {reason === "expired" && <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{fr.login.expired}</p>}
        {reason === "logout" && <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{fr.login.loggedOut}</p>}
        <ErrorAlert message={error} />
        <Field label={fr.login.username} error={errors.username}>
          {(control) => <input {...control} name="username" autoComplete="username" required autoFocus className="input" />}
        </Field>
        <Field label={fr.login.password} error={errors.password}>
          {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required className="input" />}
        </Field>
        <button type="submit" className="btn-primary w-full" disabled={busy || session.status === "restoring"}>
          {busy ? fr.login.submitting : fr.login.submit}
        </button>
      </form>
    </main>
  );
}
