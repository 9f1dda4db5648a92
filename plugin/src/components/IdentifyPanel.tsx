import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Button, PluginApi } from '../pluginApi.js';
import type { FramesMode, IdentifyInput } from '../generated/sidecar.js';
import { loadSettings, PLUGIN_ID, PLUGIN_VERSION, DEFAULTS, withDefaults, type StashFaceSettings } from '../settings.js';
import { describeError, health, identify, wasCspBlocked, type IdentifyResult, type Match, type SidecarProblem } from '../sidecar.js';
import { boxLabel, existingPerformers, linkInput, performerCreateInput } from '../stash.js';
import { Loading, ProblemView } from './common.js';
import { PersonCard, UnknownPersons, type LocalRef, type MatchActions, type TargetKind } from './PersonCard.js';

export interface IdentifyTarget {
  kind: TargetKind;
  id: string;
  /** Performers on the scene/image now (from the page's own data: it re-renders after a write). */
  performerIds: readonly string[];
}

type State =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'done'; result: IdentifyResult }
  | { step: 'error'; problem: SidecarProblem };

const FRAMES_LABELS: Record<FramesMode, string> = {
  AUTO: 'Auto (full frames when the sidecar has ffmpeg)',
  SPRITE: 'Sprite sheet (fast, small faces)',
  FRAMES: 'Full frames (slower, more accurate)',
};

let defaultsSaved = false;

/** Identify + result cards, for a scene or an image. */
export const IdentifyPanel: React.FC<{ target: IdentifyTarget; onSeek?: (t: number) => void }> = ({ target, onSeek }) => {
  const Toast = PluginApi.hooks.useToast();
  const [bulkSceneUpdate] = PluginApi.utils.StashService.useBulkSceneUpdate();
  const [bulkImageUpdate] = PluginApi.utils.StashService.useBulkImageUpdate();
  const [performerCreate] = PluginApi.utils.StashService.usePerformerCreate();
  const [performerUpdate] = PluginApi.utils.StashService.usePerformerUpdate();
  const [configurePlugin] = PluginApi.utils.StashService.useConfigurePlugin();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [settings, setSettings] = useState<StashFaceSettings>(DEFAULTS);
  const [framesMode, setFramesMode] = useState<FramesMode | null>(null);
  const [versionNote, setVersionNote] = useState<string | null>(null);
  // performers added or created here, until the page's own data catches up
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<Readonly<Record<string, LocalRef>>>({});
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  useEffect(() => {
    loadSettings()
      .then(async ({ settings: s, saved }) => {
        if (alive.current) setSettings(s);
        const filled = withDefaults(saved);
        // configurePlugin replaces the whole map: the saved keys go back as they were
        if (filled && !defaultsSaved) {
          defaultsSaved = true;
          await configurePlugin({ variables: { plugin_id: PLUGIN_ID, input: filled } });
        }
      })
      .catch(() => undefined);
  }, []);

  const run = useCallback(async () => {
    setState({ step: 'loading' });
    let current = settings;
    try {
      current = (await loadSettings()).settings;
      setSettings(current);
    } catch {
      // Stash itself did not answer: go on with what we have
    }
    const input: IdentifyInput =
      target.kind === 'scene' ? { scene_id: target.id, frames_mode: framesMode ?? current.framesMode } : { image_id: target.id };
    try {
      const [result, h] = await Promise.all([identify(current, input), health(current).catch(() => null)]);
      if (!alive.current) return;
      if (h && PLUGIN_VERSION && h.health.version !== PLUGIN_VERSION) {
        setVersionNote(`This plugin is version ${PLUGIN_VERSION}, the sidecar ${h.health.version}: update the plugin under Settings > Plugins.`);
      }
      setState({ step: 'done', result });
    } catch (error) {
      if (alive.current) setState({ step: 'error', problem: describeError(error, current.sidecarUrl, wasCspBlocked(error)) });
    }
  }, [settings, target.kind, target.id, framesMode]);

  const addToTarget = useCallback(
    async (localId: string) => {
      const input = { ids: [target.id], performer_ids: { ids: [localId], mode: 'ADD' as const } };
      if (target.kind === 'scene') await bulkSceneUpdate({ variables: { input } });
      else await bulkImageUpdate({ variables: { input } });
      setAdded((s) => new Set([...s, localId]));
    },
    [target.id, target.kind, bulkSceneUpdate, bulkImageUpdate],
  );

  const actions: MatchActions = {
    kind: target.kind,
    localOf: (m: Match) => created[m.performer.id] ?? m.performer.local_performer ?? null,
    isTagged: (m, local) => target.performerIds.includes(local.id) || added.has(local.id) || (m.already_tagged === true && !created[m.performer.id]),
    add: async (m, local) => {
      try {
        await addToTarget(local.id);
        Toast.success(`Added ${local.name} to the ${target.kind}`);
      } catch (e) {
        Toast.error(e);
      }
    },
    create: async (m) => {
      try {
        // Link, never duplicate: a performer of this name (or alias) already in Stash is offered first.
        const [existing] = await existingPerformers(m);
        if (existing && window.confirm(`${existing.name} is already in your Stash. Link it to ${boxLabel(m.performer.endpoint)} instead of creating a duplicate?`)) {
          await performerUpdate({ variables: { input: linkInput(existing, m) } });
          setCreated((c) => ({ ...c, [m.performer.id]: { id: existing.id, name: existing.name } }));
          await addToTarget(existing.id);
          Toast.success(`Linked ${existing.name} to ${boxLabel(m.performer.endpoint)} and added to the ${target.kind}`);
          return;
        }
        const { stashBoxes } = await loadSettings();
        const { input, scraped, note } = await performerCreateInput(m, stashBoxes);
        const res = await performerCreate({ variables: { input } });
        const made = (res.data as { performerCreate?: { id: string; name: string } } | undefined)?.performerCreate;
        if (!made) throw new Error('Stash did not create the performer');
        setCreated((c) => ({ ...c, [m.performer.id]: { id: made.id, name: made.name } }));
        await addToTarget(made.id);
        Toast.success(`Created ${made.name}${scraped ? '' : ` from the face database${note ? ` (${note})` : ''}`} and added to the ${target.kind}`);
      } catch (e) {
        Toast.error(e);
      }
    },
  };

  const isScene = target.kind === 'scene';
  return (
    <div className={`stash-face-panel stash-face-${target.kind}`} data-testid="stash-face-panel">
      <div className="stash-face-toolbar">
        <Button variant="primary" size="sm" onClick={run} disabled={state.step === 'loading'} data-testid="stash-face-identify">
          {state.step === 'done' || state.step === 'error' ? 'Identify again' : isScene ? 'Identify performers' : 'Identify'}
        </Button>
        {isScene ? (
          <select
            className="input-control form-control form-control-sm stash-face-frames"
            value={framesMode ?? settings.framesMode}
            onChange={(e) => setFramesMode(e.target.value as FramesMode)}
            title="Which pictures of the scene to search"
          >
            {(Object.keys(FRAMES_LABELS) as FramesMode[]).map((m) => (
              <option key={m} value={m}>
                {FRAMES_LABELS[m]}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {versionNote ? <div className="stash-face-version text-warning">{versionNote}</div> : null}
      {state.step === 'idle' ? (
        <p className="stash-face-hint text-muted">
          {isScene
            ? 'Finds the faces in this scene, groups them by person and names them from the face database.'
            : 'Finds the faces in this image and names them from the face database.'}
        </p>
      ) : null}
      {state.step === 'loading' ? (
        <Loading message={isScene ? 'Identifying… a scene can take up to a minute.' : 'Identifying…'} />
      ) : null}
      {state.step === 'error' ? <ProblemView problem={state.problem} sidecarUrl={settings.sidecarUrl} onRetry={run} /> : null}
      {state.step === 'done' ? <Results result={state.result} actions={actions} onSeek={onSeek} /> : null}
    </div>
  );
};

const Results: React.FC<{ result: IdentifyResult; actions: MatchActions; onSeek?: (t: number) => void }> = ({ result, actions, onSeek }) => {
  const known = result.persons.filter((p) => p.matches.length > 0);
  const unknown = result.persons.filter((p) => p.matches.length === 0);
  const where = actions.kind === 'scene' ? 'scene' : 'image';
  if (result.persons.length === 0) {
    return (
      <div className="stash-face-empty" data-testid="stash-face-empty">
        No faces found in this {where}.
        {actions.kind === 'scene' && result.source === 'SPRITE'
          ? ' The sprite sheet has small pictures: try Full frames (the sidecar needs ffmpeg).'
          : ' Faces that are very small, turned away or covered are not found.'}
      </div>
    );
  }
  return (
    <div className="stash-face-results">
      <div className="stash-face-summary text-muted" data-testid="stash-face-summary">
        {known.length} {known.length === 1 ? 'performer' : 'performers'} recognised
        {unknown.length ? `, ${unknown.length} unknown` : ''}
        {actions.kind === 'scene' ? ` in ${result.frames_used} frames${result.source ? ` (${result.source.toLowerCase()})` : ''}` : ''}.
      </div>
      {known.length === 0 ? (
        <div className="stash-face-empty" data-testid="stash-face-empty">
          Faces were found, but none matches a performer in the face database with enough confidence (lower <em>Minimum confidence</em> in the plugin's settings to see weaker matches).
        </div>
      ) : null}
      {known.map((p) => (
        <PersonCard key={p.id} person={p} actions={actions} onSeek={onSeek} />
      ))}
      <UnknownPersons persons={unknown} kind={actions.kind} onSeek={onSeek} />
    </div>
  );
};
