"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Order } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { fr } from "@/i18n/fr";

import { downloadReceiptPdf, receiptTextQuery, type ReceiptSize, whatsappLink } from "./receipt";

const SIZES: ReadonlyArray<[ReceiptSize, string]> = [["58mm", fr.receipt.size58], ["a5", fr.receipt.sizeA5]];

/** The order's receipt: its PDF to print (58 mm ticket or A5 page), its text to send on WhatsApp. */
export function ReceiptActions({ order }: { order: Order }) {
  const text = useQuery(receiptTextQuery(order));
  const [printing, setPrinting] = useState<ReceiptSize | null>(null);
  const [error, setError] = useState<string | null>(null);

  const print = async (size: ReceiptSize) => {
    setPrinting(size);
    setError(null);
    try {
      await downloadReceiptPdf(order, size);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPrinting(null);
    }
  };

  return (
    <section aria-labelledby="order-receipt" className="card space-y-3 p-4">
      <h3 id="order-receipt" className="font-semibold">{fr.receipt.title}</h3>
      <ErrorAlert message={error ?? (text.error ? errorMessage(text.error) : null)} />
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label={fr.receipt.print} className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium text-slate-700">{fr.receipt.print}</span>
          {SIZES.map(([size, label]) => (
            <button key={size} type="button" className="btn-secondary" disabled={printing !== null} onClick={() => print(size)}>
              {printing === size ? fr.receipt.downloading : label}
            </button>
          ))}
        </div>
        {text.data !== undefined ? (
          <a className="btn-primary" href={whatsappLink(order.client_phone, text.data)} target="_blank" rel="noopener noreferrer">
            {fr.receipt.whatsapp}
          </a>
        ) : (
          <button type="button" className="btn-primary" disabled>{fr.receipt.preparing}</button>
        )}
      </div>
      {!order.client_phone && <p className="text-xs text-slate-500">{fr.receipt.noPhone}</p>}
    </section>
  );
}
