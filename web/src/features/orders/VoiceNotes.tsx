"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { fetchBlob } from "@/api/client";
import { errorMessage } from "@/api/errors";
import type { VoiceNote } from "@/api/types";
import { ErrorAlert } from "@/components/Alert";
import { fr } from "@/i18n/fr";
import { formatDateTime } from "@/lib/format";

import { voiceNotesQuery } from "./api";

/** The vendor's voice memos; nothing at all when the server has no voice notes (404). */
export function VoiceNotes({ orderId }: { orderId: string }) {
  const query = useQuery(voiceNotesQuery(orderId));
  if (query.isPending || query.error || query.data === null || query.data === undefined) return null;
  const notes = query.data;
  return (
    <section aria-labelledby="voice-notes">
      <h3 id="voice-notes" className="mb-2 font-semibold">{fr.order.voiceNotes}</h3>
      {notes.length === 0 ? <p className="text-sm text-slate-500">{fr.order.noVoiceNotes}</p> : (
        <ul className="space-y-2">
          {notes.map((note, index) => <VoiceNoteItem key={note.id} note={note} index={index + 1} />)}
        </ul>
      )}
    </section>
  );
}

function VoiceNoteItem({ note, index }: { note: VoiceNote; index: number }) {
  const [source, setSource] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => { if (source) URL.revokeObjectURL(source); }, [source]);

  const play = async () => {
    try {
      const blob = await fetchBlob(note.url || `/api/voice-notes/${note.id}/audio/`);
      setSource(URL.createObjectURL(blob));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <li className="card flex flex-wrap items-center gap-3 p-3 text-sm">
      <span className="font-medium">{fr.order.voiceNote(index)}</span>
      <span className="text-slate-500">{formatDateTime(note.created_at)}</span>
      {source
        ? <audio controls autoPlay src={source} aria-label={fr.order.voiceNote(index)} className="h-9" />
        : <button type="button" className="btn-secondary" onClick={play}>{fr.order.play}</button>}
      <ErrorAlert message={error} />
    </li>
  );
}
