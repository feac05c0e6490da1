/** Plays a voice note from the Blob kept on the phone (works offline). */
import { useEffect, useState } from 'preact/hooks';
import { copy } from '../../copy';

interface Props {
  blob: Blob;
  label: string;
  status?: string;
  onRemove?: () => void;
}

export function VoicePlayer({ blob, label, status, onRemove }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  return (
    <div class="voice">
      <span class="voice-label">{label}{status && <em> · {status}</em>}</span>
      {url && <audio controls preload="metadata" src={url} aria-label={label} />}
      {onRemove && (
        <button type="button" class="btn btn-small btn-quiet-danger" onClick={onRemove}>{copy.voice.remove}</button>
      )}
    </div>
  );
}
