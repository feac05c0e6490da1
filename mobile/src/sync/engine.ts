/** One sync: the outbox in batches, voice notes, the office's news of the orders, the catalogue, the vendor's payments; the bytes it cost. */
import { api } from '../api/client';
import { NetworkError, ServerError, SessionExpired } from '../api/errors';
import { meter } from '../api/meter';
import type { SyncEvent } from '../api/types';
import { uuid4 } from '../lib/uuid';
import { applyResults } from '../store/applyResults';
import { getValue, setValue } from '../store/db';
import { outboxBatch } from '../store/orders';
import type { OutboxEvent, SyncReport } from '../store/types';
import { copy } from '../copy';
import { refreshCatalogue } from './catalogue';
import { clockOffsetFields, clocksNow, recordClockOffset } from './clockOffset';
import { refreshCustomers } from './customers';
import { refreshMyPayments } from './myPayments';
import { refreshOrders } from './orders';
import type { Outcome } from './scheduler';
import { uploadVoiceNotes } from './voiceUpload';

export const BATCH_SIZE = 100; // the server takes 500; smaller batches waste less on a lost answer

export async function deviceId(): Promise<string> {
  const known = await getValue('device_id');
  if (known) return known;
  const fresh = uuid4();
  await setValue('device_id', fresh);
  return fresh;
}

/** The event as the server reads it: what stays on the phone left out. */
function wire({ seq: _seq, owner: _owner, ...event }: OutboxEvent): SyncEvent {
  return event;
}

/** Sends the outbox oldest first; each batch's results are applied before the next one leaves. Each request carries
 * the phone's measured clock offset (once it has one) and each answer measures it again. */
export async function sendOutbox(batchSize = BATCH_SIZE): Promise<number> {
  const device = await deviceId();
  let sent = 0;
  for (;;) {
    const batch = await outboxBatch(batchSize);
    if (batch.length === 0) return sent;
    const sentAt = clocksNow();
    const { data, response } = await api.POST('/api/orders/sync/', {
      body: {
        device_id: device, client_time: new Date(sentAt.wall).toISOString(), events: batch.map(wire),
        ...clockOffsetFields(sentAt),
      },
    });
    if (!data) throw new ServerError(response.status, copy.sync.serverError(response.status));
    recordClockOffset(sentAt, clocksNow(), data.server_time);
    await applyResults(batch, data.results);
    sent += data.results.length;
    if (data.results.length === 0) return sent; // never loop on an answer that settles nothing
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof NetworkError) return copy.sync.networkError;
  if (error instanceof SessionExpired) return copy.sync.sessionExpired;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs one whole sync and records its report (with the bytes it used) for the screen. */
export async function runSync(): Promise<{ outcome: Outcome; report: SyncReport }> {
  meter.bytes = 0;
  let sentEvents = 0;
  let uploadedNotes = 0;
  let error: unknown = null;
  try {
    sentEvents = await sendOutbox();
    uploadedNotes = await uploadVoiceNotes();
    await refreshOrders();
    await refreshCatalogue();
    await refreshCustomers();
    await refreshMyPayments();
  } catch (caught) {
    error = caught;
  }
  const report: SyncReport = {
    at: new Date().toISOString(), bytes: meter.bytes, sent_events: sentEvents, uploaded_notes: uploadedNotes,
    ok: error === null, error: error === null ? null : reasonOf(error),
  };
  await setValue('last_sync', report);
  const outcome: Outcome = error === null ? 'ok' : error instanceof SessionExpired ? 'stop' : 'retry';
  return { outcome, report };
}
