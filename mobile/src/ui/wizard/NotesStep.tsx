/** Notes, written, dictated or spoken (voice note), and a summary before saving. */
import { copy } from '../../copy';
import { formatFcfa, total } from '../../lib/money';
import type { Recording } from '../../store/orders';
import type { OrderFields } from '../../store/types';
import { VoicePlayer } from '../components/VoicePlayer';
import { Dictation } from './Dictation';
import { canRecord, useRecorder } from './useRecorder';

interface Props {
  fields: OrderFields;
  change: (change: Partial<OrderFields>) => void;
  recordings: Recording[];
  setRecordings: (recordings: Recording[]) => void;
}

export function NotesStep({ fields, change, recordings, setRecordings }: Props) {
  const recorder = useRecorder((recording) => setRecordings([...recordings, recording]));
  const append = (text: string) => change({ notes: fields.notes ? `${fields.notes} ${text}` : text });
  return (
    <div class="stack">
      <label class="field">
        <span>{copy.notes.label}</span>
        <textarea name="notes" rows={3} value={fields.notes} onInput={(e) => change({ notes: e.currentTarget.value })} />
      </label>
      <div class="row">
        <Dictation append={append} />
        {canRecord() && !recorder.recording && (
          <button type="button" class="btn btn-secondary" onClick={() => void recorder.start()}>{copy.voice.record}</button>
        )}
        {recorder.recording && (
          <button type="button" class="btn btn-danger" onClick={recorder.stop}>
            <span aria-hidden="true" class="rec-dot" />{copy.voice.stop}
          </button>
        )}
      </div>
      {recorder.recording && <p class="recording" role="status">{copy.voice.recording(recorder.seconds)}</p>}
      {recorder.error && <p class="error" role="alert">{recorder.error}</p>}
      {recordings.map((recording, i) => (
        <VoicePlayer key={i} blob={recording.blob} label={copy.voice.label(i + 1, recording.duration_seconds)}
          onRemove={() => setRecordings(recordings.filter((r) => r !== recording))} />
      ))}
      <section class="summary" aria-label={copy.notes.summary}>
        <h2>{copy.notes.summary}</h2>
        <p><strong>{fields.client_name}</strong> · {copy.list.items(fields.items.length)}</p>
        <p>{copy.priority.legend} : {copy.priority.labels[fields.priority]} · {fields.payment_status === 'payee' ? copy.payment.paid : copy.payment.paidNo}</p>
        <p class="total-line"><span>{copy.products.total}</span> <strong>{formatFcfa(total(fields.items))}</strong></p>
      </section>
    </div>
  );
}
