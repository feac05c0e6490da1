/** Voice notes: the audio Blob stays on the phone; the upload is resumable by the note's local_id. */
import type { VoiceNote } from '../api/types';
import { database } from './db';
import type { LocalVoiceNote } from './types';

export async function notesOf(orderLocalId: string): Promise<LocalVoiceNote[]> {
  return (await database()).getAllFromIndex('voice_notes', 'by_order', orderLocalId);
}

/** Notes still to send (a refusal that retrying cannot fix is not retried). */
export async function notesToUpload(): Promise<LocalVoiceNote[]> {
  const notes = await (await database()).getAll('voice_notes');
  return notes.filter((note) => note.uploaded === null && note.failure === null);
}

export async function markUploaded(localId: string, server: VoiceNote): Promise<void> {
  await updateNote(localId, { uploaded: server });
}

export async function markFailed(localId: string, failure: string): Promise<void> {
  await updateNote(localId, { failure });
}

async function updateNote(localId: string, change: Partial<LocalVoiceNote>): Promise<void> {
  const tx = (await database()).transaction('voice_notes', 'readwrite');
  const note = await tx.store.get(localId);
  if (note) await tx.store.put({ ...note, ...change });
  await tx.done;
}

export async function deleteVoiceNote(localId: string): Promise<void> {
  await (await database()).delete('voice_notes', localId);
}

