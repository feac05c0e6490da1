import { useEffect, useState } from 'preact/hooks';

/** Loads from IndexedDB again whenever one of `deps` changes (the app revision, an id). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void load().then((loaded) => {
      if (live) setValue(loaded);
    });
    return () => {
      live = false;
    };
  }, deps);
  return value;
}
