/** Uploads voice notes once their order is on the server; each note is sent with its own local_id. */
import { api } from '../api/client';
import { ServerError } from '../api/errors';
import { getOrder } from '../store/orders';
import { markFailed, markUploaded, notesToUpload } from '../store/voiceNotes';
import type { LocalVoiceNote } from '../store/types';
import { copy } from '../copy';

const EXTENSIONS: Record<string, string> = { 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' };

function form(note: LocalVoiceNote): FormData {
  const body = new FormData();
  const type = note.content_type;
  body.append('audio', new Blob([note.blob], { type }), `note-${note.local_id}.${EXTENSIONS[type] ?? 'webm'}`);
  body.append('local_id', note.local_id);
  body.append('duration_seconds', String(note.duration_seconds));
  return body;
}

async function upload(note: LocalVoiceNote, orderId: string): Promise<void> {
  const { data, response } = await api.POST('/api/orders/{order_id}/voice-notes/', {
    params: { path: { order_id: orderId } },
    body: {} as never,
    bodySerializer: () => form(note),
  });
  if (data) return markUploaded(note.local_id, data);
  if (response.status === 413 || response.status === 415) {
    return markFailed(note.local_id, response.status === 413 ? copy.voice.tooLarge : copy.voice.notAudio);
  }
  // voice_note_conflict: its local_id already names another order's note; resending never helps.
  if (response.status === 409) return markFailed(note.local_id, copy.voice.conflict);
  throw new ServerError(response.status, copy.voice.uploadFailed);
}

/** Returns how many notes went up; a network failure stops here, the rest goes next time. */
export async function uploadVoiceNotes(): Promise<number> {
  let sent = 0;
  for (const note of await notesToUpload()) {
    const order = await getOrder(note.order_local_id);
    if (!order?.server_id) continue; // its order is not on the server yet
    await upload(note, order.server_id);
    sent += 1;
  }
  return sent;
}
