// The Runs tab's settings row: follow the library (watch), auto-apply above a threshold, the processed tag. Saved on
// the sidecar (configureLibrary), so they hold for runs started anywhere and across restarts.
import React from 'react';
import { Alert, Button } from '../pluginApi.js';
import type { FacesApi, LibrarySettings } from './api.js';

const { useEffect, useState } = React;
const STATUS_POLL_MS = 5000;

interface Draft {
  watch: boolean;
  minutes: string;
  autoApply: boolean;
  /** Percent, as the review queue shows confidences. */
  threshold: string;
  create: boolean;
  tagOn: boolean;
  tag: string;
}

const draftOf = (s: LibrarySettings): Draft => ({
  watch: s.watch,
  minutes: String(s.watch_interval_minutes),
  autoApply: s.auto_apply_min_confidence != null,
  threshold: String(Math.round((s.auto_apply_min_confidence ?? 0.95) * 100)),
  create: s.auto_apply_create_performers,
  tagOn: s.processed_tag != null,
  tag: s.processed_tag ?? 'Faces scanned',
});

export const LibrarySettingsRow: React.FC<{ api: FacesApi }> = ({ api }) => {
  const [saved, setSaved] = useState<LibrarySettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.settings().then(
      (s) => (setSaved(s), setDraft(draftOf(s))),
      (e) => setProblem(String(e?.message ?? e)),
    );
  }, [api]);
  // The watch's status (last poll, waiting scenes) changes on the sidecar's own schedule: re-read it while it watches.
  const watching = !!saved?.watch;
  useEffect(() => {
    if (!watching) return;
    const timer = setInterval(() => {
      api.settings().then(
        (s) => setSaved((old) => (old ? { ...old, watch_status: s.watch_status } : s)),
        () => undefined, // the next tick tries again; the row keeps what it showed
      );
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [api, watching]);
  if (!draft || !saved) return problem ? <Alert variant="danger">{problem}</Alert> : null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const s = await api.configure({
        watch: draft.watch,
        watch_interval_minutes: Number(draft.minutes),
        auto_apply_min_confidence: draft.autoApply ? Number(draft.threshold) / 100 : null,
        auto_apply_create_performers: draft.create,
        processed_tag: draft.tagOn ? draft.tag : null,
      });
      setSaved(s);
      setDraft(draftOf(s));
    } catch (e) {
      setProblem(String((e as Error)?.message ?? e));
    } finally {
      setBusy(false);
    }
  };
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));
  const st = saved.watch_status;
  return (
    <div className="stash-face-settings" data-testid="stash-face-settings">
      <div className="stash-face-toolbar">
        <label className="stash-face-gentle">
          <input type="checkbox" checked={draft.watch} onChange={(e) => set({ watch: e.target.checked })} data-testid="stash-face-watch" /> Watch for
          new scenes every
        </label>
        <input
          className="form-control form-control-sm stash-face-number"
          type="number"
          min={1}
          max={1440}
          value={draft.minutes}
          disabled={!draft.watch}
          onChange={(e) => set({ minutes: e.target.value })}
          aria-label="Minutes between checks"
        />
        <span className="stash-face-gentle">min</span>
        <label className="stash-face-gentle">
          <input type="checkbox" checked={draft.autoApply} onChange={(e) => set({ autoApply: e.target.checked })} data-testid="stash-face-auto-apply" />{' '}
          Auto-apply at or above
        </label>
        <input
          className="form-control form-control-sm stash-face-number"
          type="number"
          min={1}
          max={100}
          value={draft.threshold}
          disabled={!draft.autoApply}
          onChange={(e) => set({ threshold: e.target.value })}
          aria-label="Auto-apply confidence (percent)"
        />
        <span className="stash-face-gentle">%</span>
        <label className="stash-face-gentle" title="Never when Stash has a performer of that name or alias: those wait for you to link them">
          <input type="checkbox" checked={draft.create} disabled={!draft.autoApply} onChange={(e) => set({ create: e.target.checked })} /> and create
          missing performers
        </label>
        <label className="stash-face-gentle">
          <input type="checkbox" checked={draft.tagOn} onChange={(e) => set({ tagOn: e.target.checked })} data-testid="stash-face-tag-on" /> Tag
          analysed scenes
        </label>
        <input
          className="form-control form-control-sm stash-face-tag"
          value={draft.tag}
          disabled={!draft.tagOn}
          onChange={(e) => set({ tag: e.target.value })}
          aria-label="Tag for analysed scenes"
        />
        <Button size="sm" variant="secondary" disabled={!changed || busy} onClick={save} data-testid="stash-face-settings-save">
          Save settings
        </Button>
      </div>
      {saved.watch ? (
        <div className="stash-face-job-counts text-muted" data-testid="stash-face-watch-status">
          {st.last_poll_at ? `Last checked ${new Date(st.last_poll_at).toLocaleTimeString()}` : 'Not checked yet'}
          {st.last_queued ? ` · ${st.last_queued} new scene${st.last_queued === 1 ? '' : 's'} queued` : ''}
          {st.waiting_for_sprite.length ? ` · ${st.waiting_for_sprite.length} waiting for their sprite` : ''}
          {st.error ? ` · last check failed: ${st.error}` : ''}
        </div>
      ) : null}
      {problem ? <Alert variant="danger">{problem}</Alert> : null}
    </div>
  );
};
