import { useEffect, useRef, useState } from 'react';
import type { SidecarProblem } from './sidecar.js';

/**
 * Which sidecar problem a panel on this page is showing, so the status line above it does not show the same red box
 * twice, and refreshes itself when the panel's next request works (the sidecar is back).
 */
const EVENT = 'stash-face:panel-problem';
type Kind = SidecarProblem['kind'] | null;

/** Panels: say what problem is on screen (null: none), for as long as the panel is mounted. */
export function useReportPanelProblem(kind: Kind): void {
  useEffect(() => {
    window.dispatchEvent(new CustomEvent<Kind>(EVENT, { detail: kind }));
    return () => void window.dispatchEvent(new CustomEvent<Kind>(EVENT, { detail: null }));
  }, [kind]);
}

/** The status line: the problem a panel is showing now, and `onCleared` when a panel's problem went away. */
export function usePanelProblem(onCleared: () => void): Kind {
  const [kind, setKind] = useState<Kind>(null);
  const shown = useRef<Kind>(null);
  useEffect(() => {
    const listen = (e: Event) => {
      const next = (e as CustomEvent<Kind>).detail;
      const cleared = shown.current !== null && next === null;
      shown.current = next;
      setKind(next);
      if (cleared) onCleared();
    };
    window.addEventListener(EVENT, listen);
    return () => window.removeEventListener(EVENT, listen);
  }, [onCleared]);
  return kind;
}
