import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Spinner } from '../pluginApi.js';
import { loadSettings, settingsProblems, type StashFaceSettings } from '../settings.js';
import { describeError, installDatabase, installProgress, status, wasCspBlocked, type InstallProgress, type SidecarProblem, type Status } from '../sidecar.js';
import { ProblemView } from './common.js';
import { usePanelProblem } from '../problem-shown.js';

/**
 * One line above the Faces panels: what the sidecar runs (version, GPU or CPU, database version and performer
 * count) before anyone clicks, the settings it could not use, and Install database / Update with progress through
 * the sidecar's installDatabase mutation.
 */
export const StatusLine: React.FC = () => {
  const [settings, setSettings] = useState<StashFaceSettings | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [state, setState] = useState<{ status?: Status; problem?: SidecarProblem }>({});
  const [install, setInstall] = useState<InstallProgress | null>(null);
  const [installing, setInstalling] = useState(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const refresh = useCallback(async () => {
    try {
      const { settings: s, saved } = await loadSettings();
      if (!alive.current) return;
      setSettings(s);
      setProblems(settingsProblems(saved));
      try {
        const st = await status(s);
        if (alive.current) setState({ status: st });
      } catch (error) {
        if (alive.current) setState({ problem: describeError(error, s.sidecarUrl, wasCspBlocked(error)) });
      }
    } catch {
      // Stash's own configuration did not load: the panels say more
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);
  // A panel below showing the same problem says it once; when its retry works, this line catches up.
  const panelShows = usePanelProblem(refresh);

  const runInstall = useCallback(async () => {
    if (!settings) return;
    setInstalling(true);
    const poll = setInterval(() => {
      installProgress(settings)
        .then((p) => alive.current && setInstall(p))
        .catch(() => undefined);
    }, 1000);
    try {
      await installDatabase(settings);
    } catch (error) {
      if (alive.current) setState((s) => ({ ...s, problem: describeError(error, settings.sidecarUrl, wasCspBlocked(error)) }));
    } finally {
      clearInterval(poll);
      if (alive.current) {
        setInstalling(false);
        setInstall(await installProgress(settings).catch(() => null));
        await refresh();
      }
    }
  }, [settings, refresh]);

  if (!settings) return null;
  const st = state.status;
  const db = st?.database;
  const provider = st ? (st.health.execution_providers.includes('cuda') ? 'GPU' : 'CPU') : null;
  const percent = install?.total_bytes ? Math.round((100 * install.received_bytes) / install.total_bytes) : null;
  return (
    <div className="stash-face-status" data-testid="stash-face-status">
      {st ? (
        <div className="stash-face-status-line">
          <span>stash-face {st.health.version}</span> · <span>{provider}</span> ·{' '}
          {st.health.database_loaded && db?.version ? (
            <span>
              database {db.version} ({db.performer_count.toLocaleString()} performers)
            </span>
          ) : (
            <span className="text-warning">no face database{st.health.database_error ? `: ${st.health.database_error}` : ''}</span>
          )}
          {!installing && (!st.health.database_loaded || db?.update_available) ? (
            <Button size="sm" variant="primary" className="ml-2" onClick={runInstall} data-testid="stash-face-install">
              {st.health.database_loaded ? `Update to ${db?.latest_version ?? 'the latest'}` : 'Install database'}
            </Button>
          ) : null}
          {installing ? (
            <span className="ml-2">
              <Spinner animation="border" size="sm" role="status" /> {install?.state?.toLowerCase() ?? 'starting'}
              {percent !== null ? ` ${percent}%` : ''}
            </span>
          ) : null}
          {!installing && install?.state === 'FAILED' ? <span className="text-danger ml-2">Install failed: {install.error}</span> : null}
        </div>
      ) : null}
      {state.problem && state.problem.kind !== panelShows ? <ProblemView problem={state.problem} sidecarUrl={settings.sidecarUrl} onRetry={refresh} /> : null}
      {problems.length ? (
        <Alert variant="warning" className="stash-face-settings-problems" data-testid="stash-face-settings-problems">
          <strong>Settings &gt; Plugins &gt; Stash Face:</strong>
          <ul className="mb-0">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
};
