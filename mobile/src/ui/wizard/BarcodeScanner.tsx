/**
 * "Scanner": the rear camera in a small overlay; every ~250 ms the browser's BarcodeDetector reads
 * the picture, and a code found counts one of its product. "Fermer" stops the camera.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { BARCODE_FORMATS, ScanGate } from './scan';

interface DetectedBarcode {
  rawValue: string;
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}

interface DetectorClass {
  new (options?: { formats: string[] }): Detector;
  getSupportedFormats?: () => Promise<string[]>;
}

const EVERY_MS = 250;

async function makeDetector(): Promise<Detector> {
  const Barcode = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
  const supported = Barcode.getSupportedFormats ? await Barcode.getSupportedFormats() : BARCODE_FORMATS;
  const formats = BARCODE_FORMATS.filter((format) => supported.includes(format));
  return formats.length > 0 ? new Barcode({ formats }) : new Barcode();
}

export interface ScanMessage {
  text: string;
  error: boolean;
}

interface Props {
  /** A code read: the message to show ("Ajouté : …", or the error "Code-barres inconnu : …"). */
  onCode: (code: string) => ScanMessage;
  close: () => void;
}

export function BarcodeScanner({ onCode, close }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [message, setMessage] = useState<ScanMessage>({ text: copy.scan.starting, error: false });
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    dialog.current?.showModal();
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let live = true;
    const gate = new ScanGate();
    let busy = false;

    async function start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (error) {
        const denied = error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
        if (live) setMessage({ text: denied ? copy.scan.denied : copy.scan.unavailable, error: true });
        return;
      }
      if (!live) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      (window as unknown as { gapalScanStream?: MediaStream }).gapalScanStream = stream; // for the browser tests
      const element = video.current!;
      element.srcObject = stream;
      void element.play().catch(() => undefined);
      setMessage({ text: copy.scan.hint, error: false });
      const detector = await makeDetector();
      timer = setInterval(() => {
        if (busy || !live) return;
        busy = true;
        detector.detect(element)
          .then((found) => {
            const code = gate.seen(found.map((barcode) => barcode.rawValue));
            if (code && live) setMessage(onCodeRef.current(code));
          })
          .catch(() => undefined) // a frame the detector cannot read: the next one may do
          .finally(() => { busy = false; });
      }, EVERY_MS);
    }

    void start();
    return () => {
      live = false;
      clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <dialog ref={dialog} class="scanner" aria-labelledby="scan-title" onCancel={(e) => { e.preventDefault(); close(); }}>
      <h2 id="scan-title">{copy.scan.title}</h2>
      <video ref={video} class="scanner-video" muted playsInline autoPlay />
      <p class={message.error ? 'error' : 'scan-message'} role="status" aria-live="polite">{message.text}</p>
      <button type="button" class="btn btn-primary btn-block" onClick={close}>{copy.scan.close}</button>
    </dialog>
  );
}
