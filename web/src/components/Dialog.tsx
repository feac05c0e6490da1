"use client";

import { useEffect, useId, useRef } from "react";

import { fr } from "@/i18n/fr";

type Props = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  /** `panel`: a wide panel on the right (order detail); `modal`: a centred form. */
  variant?: "modal" | "panel";
};

/** A native <dialog>: focus trap, Escape and the accessible name come with it. React passes a
 * nested dialog's close and cancel up the tree: only this dialog's own close it. */
export function Dialog({ open, title, onClose, children, variant = "modal" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const place = variant === "panel"
    ? "ml-auto mr-0 h-dvh max-h-dvh w-full max-w-3xl rounded-none"
    : "m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg";

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={(event) => { if (event.target === event.currentTarget) onClose(); }}
      onCancel={(event) => { if (event.target !== event.currentTarget) return; event.preventDefault(); onClose(); }}
      className={`${place} bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40`}
    >
      {open && (
        <div className="flex h-full flex-col">
          <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
            <h2 id={titleId} className="text-lg font-semibold">{title}</h2>
            <button type="button" onClick={onClose} className="btn-ghost" aria-label={fr.common.close}>
              <span aria-hidden="true">✕</span>
            </button>
          </header>
          <div className="flex-1 overflow-y-auto px-5 py-4">{children}</div>
        </div>
      )}
    </dialog>
  );
}
