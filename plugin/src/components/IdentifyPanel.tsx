import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Button, PluginApi } from '../pluginApi.js';
import type { FramesMode, IdentifyInput } from '../generated/sidecar.js';
import { loadSettings, PLUGIN_ID, PLUGIN_VERSION, DEFAULTS, withDefaults, type StashFaceSettings } from '../settings.js';
import { describeError, health, identify, keptAnswer, rejectMatch, sceneProgress, wasCspBlocked, type IdentifyResult, type KeptAnswer, type Match, type Person, type SidecarProblem } from '../sidecar.js';
import { AppearanceMarkers } from './AppearanceMarkers.js';
import { percent, readingOrder, REQUEST_FLOOR, tierOf } from '../format.js';
import { FacesOnPicture } from './FacesOnPicture.js';
import { ThresholdSlider } from './ThresholdSlider.js';
import { boxLabel, existingPerformers, linkInput, performerCreateInput } from '../stash.js';
import { Loading, ProblemView } from './common.js';
import { useReportPanelProblem } from '../problem-shown.js';
import { PersonCard, stashUrl, UnknownPersons, type LocalRef, type MatchActions, type TargetKind } from './PersonCard.js';

export interface IdentifyTarget {
  kind: TargetKind;
  id: string;
  /** Performers on the scene/image now (from the page's own data: it re-renders after a write). */
  performerIds: readonly string[];
}

type State =
  | { step: 'idle' }
  | { step: 'loading'; progress?: Progress; result?: IdentifyResult }
  | { step: 'done'; result: IdentifyResult; kept?: KeptAnswer['kept'] }
  | { step: 'error'; problem: SidecarProblem };

const FRAMES_LABELS: Record<FramesMode, string> = {
  AUTO: 'Auto (full frames when the sidecar has ffmpeg)',
  SPRITE: 'Sprite sheet (fast, small faces)',
  FRAMES: 'Full frames (slower, more accurate)',
};

/** Where a scene's progressive answer stands (shown while full frames are read). */
interface Progress {
  stage: string;
  done: number;
  total: number;
}

/** The player's current time (Stash's scene player is a video.js <video>). */
function playerTime(): number | null {
  const video = document.querySelector<HTMLVideoElement>('.video-wrapper video, video');
  return video && Number.isFinite(video.currentTime) ? video.currentTime : null;
}

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
  useReportPanelProblem(state.step === 'error' ? state.problem.kind : null);
  const [settings, setSettings] = useState<StashFaceSettings>(DEFAULTS);
  const [framesMode, setFramesMode] = useState<FramesMode | null>(null);
  const [threshold, setThreshold] = useState<number | null>(null);
  const cancel = useRef<AbortController | null>(null);
  const [versionNote, setVersionNote] = useState<string | null>(null);
  // performers added or created here, until the page's own data catches up
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<Readonly<Record<string, LocalRef>>>({});
  // "not this performer" clicks on this page, with their undo
  const [rejected, setRejected] = useState<ReadonlyArray<{ person: Person; match: Match }>>([]);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
      // Leaving the page stops the sidecar's work on this scene.
      cancel.current?.abort();
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

  // The last answer (a page identify or a library run) shows at once: a second visit costs no new run.
  useEffect(() => {
    let current = true;
    loadSettings()
      .then(({ settings: s }) => keptAnswer(s, target.kind, target.id))
      .then((kept) => {
        if (current && alive.current && kept) setState((st) => (st.step === 'idle' ? { step: 'done', result: kept, kept: kept.kept } : st));
      })
      .catch(() => undefined); // no kept result to show (state off, older sidecar): the panel starts empty
    return () => {
      current = false;
    };
  }, [target.kind, target.id]);

  const run = useCallback(
    async (frameTime?: number) => {
      cancel.current?.abort();
      const controller = new AbortController();
      cancel.current = controller;
      setState({ step: 'loading' });
      let current = settings;
      try {
        current = (await loadSettings()).settings;
        setSettings(current);
      } catch {
        // Stash itself did not answer: go on with what we have
      }
      // Matches down to a low floor: the panel splits them by the threshold itself (strong, weak, possible).
      const asked = { ...current, minConfidence: Math.min(REQUEST_FLOOR, current.minConfidence) };
      try {
        health(current)
          .then((h) => {
            if (alive.current && PLUGIN_VERSION && h.health.version !== PLUGIN_VERSION) {
              setVersionNote(`This plugin is version ${PLUGIN_VERSION}, the sidecar ${h.health.version}: update the plugin under Settings > Plugins.`);
            }
          })
          .catch(() => undefined);
        if (target.kind === 'scene' && frameTime === undefined) {
          // The progressive answer: the sprite's persons in seconds, then full frames with progress, then final.
          let shown: IdentifyResult | undefined;
          await sceneProgress(
            asked,
            { scene_id: target.id, frames_mode: framesMode ?? current.framesMode },
            (e) => {
              if (!alive.current || controller.signal.aborted) return;
              if (e.result) shown = e.result;
              if (e.final && shown) setState({ step: 'done', result: shown });
              else setState({ step: 'loading', progress: { stage: e.stage, done: e.frames_done, total: e.frames_total }, result: shown });
            },
            controller.signal,
          );
          if (controller.signal.aborted && alive.current) setState(shown ? { step: 'done', result: shown } : { step: 'idle' });
          return;
        }
        const input: IdentifyInput = target.kind === 'scene' ? { scene_id: target.id, frame_time: frameTime } : { image_id: target.id };
        const result = await identify(asked, input);
        if (alive.current && !controller.signal.aborted) setState({ step: 'done', result });
      } catch (error) {
        if (alive.current && !controller.signal.aborted) setState({ step: 'error', problem: describeError(error, current.sidecarUrl, wasCspBlocked(error)) });
      }
    },
    [settings, target.kind, target.id, framesMode],
  );

  const saveThreshold = useCallback(async () => {
    if (threshold === null) return;
    try {
      const { saved } = await loadSettings();
      await configurePlugin({ variables: { plugin_id: PLUGIN_ID, input: { ...saved, minConfidence: Math.round(threshold * 100) } } });
      setSettings((s) => ({ ...s, minConfidence: threshold }));
      Toast.success(`Saved ${Math.round(threshold * 100)}% as the match threshold`);
    } catch (e) {
      Toast.error(e);
    }
  }, [threshold, configurePlugin]);

  const addToTarget = useCallback(
    async (localId: string) => {
      const input = { ids: [target.id], performer_ids: { ids: [localId], mode: 'ADD' as const } };
      if (target.kind === 'scene') await bulkSceneUpdate({ variables: { input } });
      else await bulkImageUpdate({ variables: { input } });
      setAdded((s) => new Set([...s, localId]));
    },
    [target.id, target.kind, bulkSceneUpdate, bulkImageUpdate],
  );

  const reject = useCallback(
    async (person: Person, match: Match, undo = false) => {
      try {
        await rejectMatch(settings, target.kind, target.id, person.id, match.performer.id, undo);
        setRejected((r) => (undo ? r.filter((x) => !(x.person.id === person.id && x.match.performer.id === match.performer.id)) : [...r, { person, match }]));
        if (!undo) Toast.success(`${match.performer.name} will not be suggested for this ${target.kind} again`);
      } catch (e) {
        Toast.error(e);
      }
    },
    [settings, target.kind, target.id],
  );

  const actions: MatchActions = {
    kind: target.kind,
    reject: (m, person) => reject(person, m),
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
        <Button variant="primary" size="sm" onClick={() => void run()} disabled={state.step === 'loading'} data-testid="stash-face-identify">
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
        {isScene ? (
          <Button
            variant="secondary"
            size="sm"
            disabled={state.step === 'loading'}
            onClick={() => void run(playerTime() ?? 0)}
            title="Identifies the player's current frame at full resolution, with a box on each face"
            data-testid="stash-face-frame"
          >
            Identify the frame on screen
          </Button>
        ) : null}
        {state.step === 'loading' ? (
          <Button variant="danger" size="sm" onClick={() => cancel.current?.abort()} data-testid="stash-face-cancel">
            Cancel
          </Button>
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
      {state.step === 'loading' ? <ProgressView progress={state.progress} hasAnswer={!!state.result} /> : null}
      {state.step === 'error' ? <ProblemView problem={state.problem} sidecarUrl={settings.sidecarUrl} onRetry={() => void run()} /> : null}
      {state.step === 'done' && state.kept ? (
        <div className="stash-face-kept text-muted" data-testid="stash-face-kept">
          Last identified {new Date(state.kept.analysed_at).toLocaleString()} ({state.kept.frames_mode.toLowerCase()}): shown from the sidecar's kept results.{' '}
          Identify again to run it anew.
        </div>
      ) : null}
      {rejected.length ? (
        <div className="stash-face-rejected text-muted" data-testid="stash-face-rejected">
          Not suggested here again:{' '}
          {rejected.map(({ person, match }) => (
            <span key={`${person.id}:${match.performer.id}`} className="stash-face-rejected-one">
              {match.performer.name}{' '}
              <Button size="sm" variant="link" onClick={() => void reject(person, match, true)} data-testid="stash-face-reject-undo">
                undo
              </Button>
            </span>
          ))}
        </div>
      ) : null}
      {(state.step === 'done' || state.step === 'loading') && state.result ? (
        <Results
          result={withoutRejected(state.result, rejected)}
          sceneId={isScene ? target.id : undefined}
          actions={actions}
          onSeek={onSeek}
          picture={target.kind === 'image' ? stashUrl(`image/${target.id}/image`) : undefined}
          threshold={threshold ?? settings.minConfidence}
          savedThreshold={settings.minConfidence}
          onThreshold={setThreshold}
          onSaveThreshold={saveThreshold}
        />
      ) : null}
    </div>
  );
};

const ProgressView: React.FC<{ progress?: Progress; hasAnswer: boolean }> = ({ progress, hasAnswer }) => {
  if (!progress) return <Loading message="Identifying…" />;
  if (progress.stage === 'sprite') return <Loading message="Searching the sprite sheet (the quick answer)…" />;
  return (
    <div className="stash-face-progress text-muted" data-testid="stash-face-progress">
      {hasAnswer ? 'Refining with full frames' : 'Reading full frames'}
      <progress max={progress.total || 1} value={progress.done} />
      {progress.done}/{progress.total} frames
    </div>
  );
};

/** The answer without the matches rejected on this page (the sidecar leaves them out of the next answers itself). */
function withoutRejected(result: IdentifyResult, rejected: ReadonlyArray<{ person: Person; match: Match }>): IdentifyResult {
  if (!rejected.length) return result;
  const gone = new Set(rejected.map((r) => `${r.person.id}\u0000${r.match.performer.id}`));
  return { ...result, persons: result.persons.map((p) => ({ ...p, matches: p.matches.filter((m) => !gone.has(`${p.id}\u0000${m.performer.id}`)) })) };
}

const Results: React.FC<{
  result: IdentifyResult;
  /** A scene's id (whole-scene answers offer appearance markers). */
  sceneId?: string;
  actions: MatchActions;
  onSeek?: (t: number) => void;
  /** An image's own picture (boxes drawn on it); a frame answer brings its picture. */
  picture?: string;
  threshold: number;
  savedThreshold: number;
  onThreshold(value: number): void;
  onSaveThreshold(): void;
}> = ({ result, sceneId, actions, onSeek, picture, threshold, savedThreshold, onThreshold, onSaveThreshold }) => {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const where = actions.kind === 'scene' ? 'scene' : 'image';
  const src = result.frame?.image ?? picture;
  const persons = src ? readingOrder(result.persons) : result.persons;
  const number = new Map(persons.map((p, i) => [p.id, i + 1]));
  const known = persons.filter((p) => tierOf(p, threshold) === 'strong' || tierOf(p, threshold) === 'weak');
  const possible = persons.filter((p) => tierOf(p, threshold) === 'possible');
  const unknown = persons.filter((p) => tierOf(p, threshold) === 'unknown');
  const strongToAdd = persons.filter((p) => {
    if (tierOf(p, threshold) !== 'strong') return false;
    const local = actions.localOf(p.matches[0]);
    return !!local && !actions.isTagged(p.matches[0], local);
  });
  const label = (p: Person) => (tierOf(p, threshold) === 'strong' || tierOf(p, threshold) === 'weak' ? p.matches[0].performer.name : tierOf(p, threshold) === 'possible' ? 'possible' : 'unknown');
  if (result.persons.length === 0) {
    return (
      <div className="stash-face-empty" data-testid="stash-face-empty">
        {src ? <FacesOnPicture src={src} width={result.frame?.width} height={result.frame?.height} persons={[]} label={label} highlighted={null} onHighlight={() => undefined} /> : null}
        No faces found in this {result.frame ? 'frame' : where}.
        {actions.kind === 'scene' && result.source === 'SPRITE'
          ? ' The sprite sheet has small pictures: try Full frames (the sidecar needs ffmpeg).'
          : ' Faces that are very small, turned away or covered are not found.'}
      </div>
    );
  }
  const card = (p: Person) => (
    <PersonCard
      key={p.id}
      person={p}
      actions={actions}
      onSeek={onSeek}
      view={{
        number: src ? number.get(p.id) : undefined,
        weak: tierOf(p, threshold) !== 'strong',
        possible: tierOf(p, threshold) === 'possible',
        frameStep: result.frame_step,
        highlighted: highlighted === p.id,
        onHighlight: setHighlighted,
      }}
    />
  );
  return (
    <div className="stash-face-results">
      {src ? (
        <FacesOnPicture
          src={src}
          width={result.frame?.width}
          height={result.frame?.height}
          persons={persons}
          label={label}
          highlighted={highlighted}
          onHighlight={setHighlighted}
        />
      ) : null}
      <div className="stash-face-summary text-muted" data-testid="stash-face-summary" data-source={result.source ?? ''}>
        {known.length} {known.length === 1 ? 'performer' : 'performers'} recognised
        {possible.length ? `, ${possible.length} possible` : ''}
        {unknown.length ? `, ${unknown.length} unknown` : ''}
        {result.frame
          ? ` in the frame at ${result.frame.time.toFixed(1)} s`
          : actions.kind === 'scene'
            ? ` in ${result.frames_used} ${result.source === 'SPRITE' ? 'sprite tiles' : 'full frames'}`
            : ''}
        .
      </div>
      <ThresholdSlider persons={result.persons} value={threshold} saved={savedThreshold} onChange={onThreshold} onSave={onSaveThreshold} />
      {strongToAdd.length ? (
        <Button
          size="sm"
          variant="primary"
          disabled={adding}
          data-testid="stash-face-add-all"
          onClick={async () => {
            setAdding(true);
            try {
              for (const p of strongToAdd) await actions.add(p.matches[0], actions.localOf(p.matches[0])!);
            } finally {
              setAdding(false);
            }
          }}
        >
          {adding ? 'Adding…' : `Add all strong matches (${strongToAdd.length})`}
        </Button>
      ) : null}
      {known.length === 0 ? (
        <div className="stash-face-empty" data-testid="stash-face-empty">
          Faces were found, but none matches a performer at the {percent(threshold)} threshold: see the possible matches below, or lower the threshold.
        </div>
      ) : null}
      {known.map(card)}
      {sceneId && !result.frame ? <AppearanceMarkers sceneId={sceneId} persons={known} frameStep={result.frame_step} /> : null}
      {possible.length ? (
        <details className="stash-face-possible" data-testid="stash-face-possible">
          <summary>
            {possible.length} possible {possible.length === 1 ? 'match' : 'matches'} below the threshold (
            {possible.map((p) => `${p.matches[0].performer.name} ${percent(p.matches[0].confidence)}`).join(', ')})
          </summary>
          {possible.map(card)}
        </details>
      ) : null}
      <UnknownPersons persons={unknown} kind={actions.kind} onSeek={onSeek} />
    </div>
  );
};
