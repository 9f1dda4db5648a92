import React, { useEffect, useState } from 'react';
import { Button, PluginApi } from '../pluginApi.js';
import { loadSettings } from '../settings.js';
import { describeError, health, identify, wasCspBlocked, type Match, type SidecarProblem } from '../sidecar.js';
import { boxLabel, sameEndpoint } from '../stash.js';
import { Confidence, Country, Loading, ProblemView } from './common.js';
import { useReportPanelProblem } from '../problem-shown.js';

export interface PerformerLike {
  id: string;
  name: string;
  stash_ids: ReadonlyArray<{ endpoint: string; stash_id: string }>;
}

const STASHDB = 'https://stashdb.org/graphql';
let endpointsOnce: Promise<string[]> | null = null;

/** The stash-boxes the face database covers (asked once per page load; StashDB when the sidecar is not there). */
function databaseEndpoints(): Promise<string[]> {
  endpointsOnce ??= loadSettings()
    .then(({ settings }) => health(settings))
    .then((h) => h.database.sources.map((s) => s.endpoint))
    .then((list) => (list.length ? list : [STASHDB]))
    .catch(() => {
      endpointsOnce = null; // try again on the next page
      return [STASHDB];
    });
  return endpointsOnce;
}

type State =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'done'; matches: Match[]; faces: number }
  | { step: 'error'; problem: SidecarProblem; sidecarUrl: string };

/** Performer page: for a performer with no id on the database's stash-box, find it by the performer's image and link it. */
export const FindOnStashBox: React.FC<{ performer: PerformerLike }> = ({ performer }) => {
  const Toast = PluginApi.hooks.useToast();
  const [performerUpdate] = PluginApi.utils.StashService.usePerformerUpdate();
  const [endpoints, setEndpoints] = useState<string[] | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  useReportPanelProblem(state.step === 'error' ? state.problem.kind : null);
  const [linking, setLinking] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    databaseEndpoints().then((e) => alive && setEndpoints(e));
    return () => {
      alive = false;
    };
  }, []);

  if (!endpoints) return null;
  const missing = endpoints.filter((ep) => !performer.stash_ids.some((s) => sameEndpoint(s.endpoint, ep)));
  if (!missing.length) return null;
  const label = boxLabel(missing[0]);

  const find = async () => {
    setState({ step: 'loading' });
    const { settings } = await loadSettings().catch(() => ({ settings: undefined }));
    if (!settings) {
      setState({ step: 'error', problem: { kind: 'other', message: 'Could not read the plugin settings from Stash.' }, sidecarUrl: '' });
      return;
    }
    try {
      const result = await identify(settings, { performer_id: performer.id });
      const best = result.persons[0];
      const matches = (best?.matches ?? []).filter((m) => missing.some((ep) => sameEndpoint(ep, m.performer.endpoint)));
      setState({ step: 'done', matches, faces: result.persons.length });
    } catch (error) {
      setState({ step: 'error', problem: describeError(error, settings.sidecarUrl, wasCspBlocked(error)), sidecarUrl: settings.sidecarUrl });
    }
  };

  const link = async (m: Match) => {
    setLinking(m.performer.id);
    try {
      // performerUpdate's stash_ids replaces the whole list: keep every existing link
      const stash_ids = [
        ...performer.stash_ids.map(({ endpoint, stash_id }) => ({ endpoint, stash_id })),
        { endpoint: m.performer.endpoint, stash_id: m.performer.stash_id },
      ];
      await performerUpdate({ variables: { input: { id: performer.id, stash_ids } } });
      Toast.success(`Linked ${performer.name} to ${m.performer.name} on ${boxLabel(m.performer.endpoint)}`);
      setState({ step: 'idle' });
    } catch (e) {
      Toast.error(e);
    } finally {
      setLinking(null);
    }
  };

  return (
    <div className="stash-face-find" data-testid="stash-face-find">
      <Button size="sm" variant="secondary" onClick={find} disabled={state.step === 'loading'} data-testid="stash-face-find-button">
        Find on {label}
      </Button>
      {state.step === 'loading' ? <Loading message={`Searching the face database for ${performer.name}…`} /> : null}
      {state.step === 'error' ? <ProblemView problem={state.problem} sidecarUrl={state.sidecarUrl} onRetry={find} /> : null}
      {state.step === 'done' && state.faces === 0 ? (
        <div className="stash-face-empty" data-testid="stash-face-empty">
          No face found in this performer's image: set a clear portrait as the image and try again.
        </div>
      ) : null}
      {state.step === 'done' && state.faces > 0 && state.matches.length === 0 ? (
        <div className="stash-face-empty" data-testid="stash-face-empty">
          No performer in the face database looks like this image with enough confidence.
        </div>
      ) : null}
      {state.step === 'done' && state.matches.length ? (
        <div className="stash-face-candidates">
          {state.faces > 1 ? <div className="text-muted">{state.faces} faces in the image; matches for the largest:</div> : null}
          {state.matches.map((m) => {
            const other = m.performer.local_performer && m.performer.local_performer.id !== performer.id ? m.performer.local_performer : null;
            return (
              <div className="stash-face-candidate" key={m.performer.id} data-testid="stash-face-candidate">
                {m.performer.image_url ? <img src={m.performer.image_url} alt="" /> : <div className="stash-face-nophoto" />}
                <div className="stash-face-info">
                  <div className="stash-face-name">
                    {m.performer.stashbox_url ? (
                      <a href={m.performer.stashbox_url} target="_blank" rel="noreferrer">
                        {m.performer.name}
                      </a>
                    ) : (
                      m.performer.name
                    )}
                    {m.performer.disambiguation ? <span className="text-muted"> ({m.performer.disambiguation})</span> : null}
                  </div>
                  <div className="stash-face-meta">
                    <Country country={m.performer.country} />
                    <Confidence confidence={m.confidence} />
                  </div>
                  {other ? <div className="text-warning">Already linked to your performer “{other.name}”.</div> : null}
                  <Button size="sm" variant="primary" disabled={!!linking} onClick={() => link(m)} data-testid="stash-face-link">
                    {linking === m.performer.id ? 'Linking…' : `Link to ${label}`}
                  </Button>
                </div>
              </div>
            );
          })}
        </div>
      ) : null}
    </div>
  );
};
