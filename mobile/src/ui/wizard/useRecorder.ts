/** A voice note from the microphone at ~16 kbps (MediaRecorder), at most two minutes. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import type { Recording } from '../../store/orders';

const MAX_SECONDS = 120;
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'];

export function canRecord(): boolean {
  return typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

function supportedType(): string | undefined {
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type));
}

export function useRecorder(onRecorded: (recording: Recording) => void) {
  const recorder = useRef<MediaRecorder | null>(null);
  const [seconds, setSeconds] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => recorder.current?.stop(), []);
  useEffect(() => {
    if (seconds === null) return undefined;
    if (seconds >= MAX_SECONDS) recorder.current?.stop();
    const tick = setTimeout(() => setSeconds((s) => (s === null ? null : s + 1)), 1000);
    return () => clearTimeout(tick);
  }, [seconds]);

  async function start(): Promise<void> {
    setError(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setError(copy.voice.denied);
      return;
    }
    const mimeType = supportedType();
    const media = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 16000 });
    const chunks: Blob[] = [];
    const began = performance.now();
    media.ondataavailable = (event) => chunks.push(event.data);
    media.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder.current = null;
      setSeconds(null);
      const blob = new Blob(chunks, { type: (media.mimeType || 'audio/webm').split(';')[0] });
      if (blob.size > 0) onRecorded({ blob, duration_seconds: (performance.now() - began) / 1000 });
    };
    media.start(1000);
    recorder.current = media;
    setSeconds(0);
  }

  return { recording: seconds !== null, seconds: seconds ?? 0, error, start, stop: () => recorder.current?.stop() };
}
