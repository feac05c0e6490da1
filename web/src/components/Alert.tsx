/** `focusable`: the message can take the focus (tabIndex -1) once an action ends, so that the
 * focus stays where the user is instead of falling to <body>. */
export function ErrorAlert({ message, focusable = false }: { message: string | null | undefined; focusable?: boolean }) {
  if (!message) return null;
  return (
    <div role="alert" tabIndex={focusable ? -1 : undefined} className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {message}
    </div>
  );
}

export function SuccessNote({ message, focusable = false }: { message: string | null | undefined; focusable?: boolean }) {
  if (!message) return null;
  return (
    <p role="status" tabIndex={focusable ? -1 : undefined} className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      {message}
    </p>
  );
}
