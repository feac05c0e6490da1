/**
 * Dictation into the notes where the browser offers it. Chrome's recognition needs Google's
 * servers, so the button only shows online; many vendors speak Mooré or Dioula: voice notes cover that.
 */
import { useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { useAppState } from '../../state';

interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: { resultIndex: number; results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

type RecognitionClass = new () => Recognition;

function recognitionClass(): RecognitionClass | undefined {
  const scope = window as unknown as { webkitSpeechRecognition?: RecognitionClass; SpeechRecognition?: RecognitionClass };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
}

export function Dictation({ append }: { append: (text: string) => void }) {
  const { online } = useAppState();
  const [listening, setListening] = useState(false);
  const active = useRef<Recognition | null>(null);
  const Recognizer = recognitionClass();
  if (!Recognizer || !online) return null;

  function toggle() {
    if (active.current) {
      active.current.stop();
      return;
    }
    const recognition = new Recognizer!();
    recognition.lang = 'fr-FR';
    recognition.interimResults = false;
    recognition.continuous = true;
    recognition.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        const result = event.results[i]!;
        if (result.isFinal) append(result[0]!.transcript.trim());
      }
    };
    recognition.onend = () => {
      active.current = null;
      setListening(false);
    };
    active.current = recognition;
    recognition.start();
    setListening(true);
  }

  return (
    <button type="button" class="btn btn-secondary" aria-pressed={listening} onClick={toggle}>
      {listening ? copy.notes.dictating : copy.notes.dictate}
    </button>
  );
}
