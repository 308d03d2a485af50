import { useCallback, useRef } from 'react';

/**
 * Overlapping loads (a filter changed twice, a live reload during another): only the newest may
 * show its answer, so a slow earlier answer never replaces a later one. Call the returned function
 * when a load starts; what it gives back says, after the awaits, whether that load is still the
 * newest.
 *
 *   const begin = useLatest();
 *   const load = async () => { const latest = begin(); const r = await fetch…; if (latest()) setData(r); };
 */
export function useLatest(): () => () => boolean {
  const newest = useRef(0);
  return useCallback(() => {
    const mine = ++newest.current;
    return () => mine === newest.current;
  }, []);
}
