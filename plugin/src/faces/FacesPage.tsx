// The Faces page (a plugin route in Stash's navigation): library runs with progress and stop, the review queue as
// a keyboard-driven grid, the people (face groups, PeopleSection.tsx) and the rejections with undo.
import React from 'react';
import type { FramesMode, LibraryScope } from '../generated/sidecar.js';
import { percent } from '../format.js';
import { Alert, Badge, Button, Spinner } from '../pluginApi.js';
import { loadSettings } from '../settings.js';
import { FacesApi, type Job, type Outcome, type Suggestion } from './api.js';
import { FindUnlinked, LinkSuggestionCard, type CardProps } from './FindUnlinked.js';
import { formatEta, gridMove } from './grid.js';
import { faceImageHref, itemHref, itemLabel, jobItemHref } from './links.js';
import { LibrarySettingsRow } from './LibrarySettingsRow.js';
import { PeopleSection } from './PeopleSection.js';

const { useCallback, useEffect, useRef, useState } = React;
const PER_PAGE = 60;
const POLL_MS = 2000;

function useApi(): { api: FacesApi | null; error: string | null } {
  const [state, setState] = useState<{ api: FacesApi | null; error: string | null }>({ api: null, error: null });
  useEffect(() => {
    loadSettings()
      .then(({ settings }) => setState({ api: new FacesApi(settings.sidecarUrl), error: null }))
      .catch((e) => setState({ api: null, error: String(e?.message ?? e) }));
  }, []);
  return state;
}

const message = (e: unknown) => String((e as { message?: string })?.message ?? e);

export const FacesPage: React.FC = () => {
  const { api, error } = useApi();
  const [tab, setTab] = useState<'review' | 'people' | 'run' | 'rejected'>('review');
  if (error) return <Alert variant="danger">{error}</Alert>;
  if (!api) return <Spinner animation="border" size="sm" />;
  return (
    <div className="stash-face-faces container-fluid" data-testid="stash-face-faces">
      <h2>Faces</h2>
      <RunSection api={api} compact={tab !== 'run'} />
      <FindUnlinked api={api} />
      <div className="stash-face-tabs btn-group mb-2" role="tablist">
        {(['review', 'people', 'rejected', 'run'] as const).map((t) => (
          <Button key={t} variant={tab === t ? 'primary' : 'secondary'} size="sm" onClick={() => setTab(t)} data-testid={`stash-face-tab-${t}`}>
            {{ review: 'Review', people: 'People', rejected: 'Rejected', run: 'Runs' }[t]}
          </Button>
        ))}
      </div>
      {tab === 'review' ? <ReviewSection api={api} /> : tab === 'people' ? <PeopleSection api={api} /> : tab === 'rejected' ? <RejectedSection api={api} /> : null}
    </div>
  );
};

const RunSection: React.FC<{ api: FacesApi; compact: boolean }> = ({ api, compact }) => {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [scope, setScope] = useState<LibraryScope>('NO_PERFORMERS');
  const [mode, setMode] = useState<FramesMode>('SPRITE');
  const [gentle, setGentle] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(() => api.jobs().then(setJobs, (e) => setProblem(message(e))), [api]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const start = async () => {
    setProblem(null);
    try {
      await api.start({ scope, frames_mode: mode, gentle });
      await refresh();
    } catch (e) {
      setProblem(message(e));
    }
  };
  const active = jobs.filter((j) => j.status === 'READY' || j.status === 'RUNNING' || j.status === 'STOPPING');
  const shown = compact ? active : [...jobs].reverse();
  return (
    <section className="stash-face-run mb-3" data-testid="stash-face-run">
      <div className="stash-face-toolbar">
        <select className="form-control form-control-sm stash-face-select" value={scope} onChange={(e) => setScope(e.target.value as LibraryScope)} aria-label="Scenes">
          <option value="NO_PERFORMERS">Scenes without performers</option>
          <option value="UNORGANIZED">Unorganized scenes</option>
          <option value="ALL">All scenes</option>
          <option value="IMAGES_NO_PERFORMERS">Images without performers</option>
          <option value="IMAGES">All images</option>
          <option value="GALLERIES_NO_PERFORMERS">Galleries without performers</option>
          <option value="GALLERIES">All galleries</option>
        </select>
        <select className="form-control form-control-sm stash-face-select" value={mode} onChange={(e) => setMode(e.target.value as FramesMode)} aria-label="Frames">
          <option value="SPRITE">Sprites (fast)</option>
          <option value="FRAMES">Video frames (better, slower)</option>
          <option value="AUTO">Frames when ffmpeg is there</option>
        </select>
        <label className="stash-face-gentle">
          <input type="checkbox" checked={gentle} onChange={(e) => setGentle(e.target.checked)} /> Gentle (pause, wait for Stash's tasks)
        </label>
        <Button size="sm" variant="primary" onClick={start} data-testid="stash-face-start">
          Identify library
        </Button>
      </div>
      {compact ? null : <LibrarySettingsRow api={api} />}
      {problem ? <Alert variant="danger">{problem}</Alert> : null}
      {shown.map((job) => (
        <JobRow key={job.id} job={job} onStop={() => api.stop(job.id).then(refresh, (e) => setProblem(message(e)))} />
      ))}
    </section>
  );
};

const JobRow: React.FC<{ job: Job; onStop: () => void }> = ({ job, onStop }) => {
  const running = job.status === 'READY' || job.status === 'RUNNING';
  const pct = Math.round((job.progress ?? 0) * 100);
  const c = job.counts;
  return (
    <div className="stash-face-job" data-testid="stash-face-job">
      <div className="stash-face-job-head">
        <strong>{job.description}</strong> <Badge variant={job.status === 'FAILED' ? 'danger' : running ? 'info' : 'secondary'}>{job.status}</Badge>
        {running ? (
          <Button size="sm" variant="danger" onClick={onStop} data-testid="stash-face-stop">
            Stop
          </Button>
        ) : null}
      </div>
      <div className="progress stash-face-progress">
        <div className="progress-bar" role="progressbar" style={{ width: `${pct}%` }} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
          {job.progress == null ? 'listing…' : `${pct}%`}
        </div>
      </div>
      <div className="stash-face-job-counts text-muted">
        {c.done} analysed · {c.skipped} already done · {c.failed} failed{c.warnings ? ` · ${c.warnings} with a warning` : ''} · {c.pending} to go of {c.total}
        {running && job.rate_per_hour ? ` · ${Math.round(job.rate_per_hour)}/hour · ${formatEta(job.eta_seconds)} left` : ''}
      </div>
      {job.summary && !running ? <div className="stash-face-job-summary">{job.summary}</div> : null}
      {job.error ? <Alert variant="danger">{job.error}</Alert> : null}
      {job.failures.length ? (
        <details className="stash-face-failures">
          <summary>{c.failed} failed items</summary>
          <ul>
            {job.failures.map((f) => (
              <li key={f.id}>
                <a href={jobItemHref(f.kind, f.id)}>{f.id}</a> <code>{f.code}</code> {f.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {job.warnings.length ? (
        <details className="stash-face-failures" data-testid="stash-face-warnings">
          <summary>{c.warnings} analysed with a warning (processed tag, auto-apply)</summary>
          <ul>
            {job.warnings.map((w) => (
              <li key={`${w.kind}:${w.id}`}>
                <a href={jobItemHref(w.kind, w.id)}>{w.id}</a> <code>{w.code}</code> {w.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
};

/** One face beside the performer's reference photo. */
const SuggestionCard: React.FC<CardProps & { onLink?: (performerId: string) => void }> = (props) => {
  if (props.s.kind === 'PERFORMER') return <LinkSuggestionCard {...props} />;
  const { s, focused, selected, outcome, onFocus, onAccept, onReject, onUndo, onLink } = props;
  const where = itemHref(s, s.person);
  // A gallery has no times: the image with the person's best face opens instead of the scene at a time.
  const faceImage = faceImageHref(s, s.person);
  return (
    <div
      className={`stash-face-suggestion${focused ? ' focused' : ''}${selected ? ' selected' : ''}`}
      data-testid="stash-face-suggestion"
      data-suggestion-id={s.id}
      onClick={onFocus}
    >
      <div className="stash-face-pair">
        {s.person?.thumbnail ? <img src={s.person.thumbnail} alt="Face in the scene" /> : <div className="stash-face-nophoto" />}
        {s.performer.image_url ? <img src={s.performer.image_url} alt={s.performer.name} /> : <div className="stash-face-nophoto" />}
      </div>
      <div className="stash-face-suggestion-name" title={s.performer.disambiguation ?? undefined}>
        {s.performer.stashbox_url ? <a href={s.performer.stashbox_url} target="_blank" rel="noreferrer">{s.performer.name}</a> : s.performer.name}
      </div>
      <div className="stash-face-suggestion-meta">
        <Badge variant={s.confidence >= 0.8 ? 'success' : 'warning'}>{percent(s.confidence)}</Badge>{' '}
        <Badge variant={s.performer.local_performer ? 'secondary' : 'info'}>{s.performer.local_performer ? 'in Stash' : 'new'}</Badge>{' '}
        <a href={where}>{itemLabel(s)}</a>
        {faceImage ? (
          <>
            {' '}
            <a href={faceImage} title="The image with this face">image</a>
          </>
        ) : null}
      </div>
      <div className="stash-face-suggestion-actions">
        {onAccept ? <Button size="sm" variant="success" onClick={onAccept} title="Accept (a)">✓</Button> : null}
        {onReject ? <Button size="sm" variant="danger" onClick={onReject} title="Not this performer (r)">✗</Button> : null}
        {onUndo ? <Button size="sm" variant="secondary" onClick={onUndo} data-testid="stash-face-undo">Undo</Button> : null}
      </div>
      {outcome && outcome.status === 'NEEDS_LINK' ? (
        <div className="stash-face-link">
          <small>{outcome.message}</small>
          {outcome.candidates.map((c) => (
            <Button key={c.id} size="sm" variant="outline-primary" onClick={() => onLink?.(c.id)}>
              Link to {c.name}
            </Button>
          ))}
        </div>
      ) : outcome && outcome.status === 'FAILED' ? (
        <small className="text-danger">{outcome.message}</small>
      ) : null}
    </div>
  );
};

const ReviewSection: React.FC<{ api: FacesApi }> = ({ api }) => {
  const [page, setPage] = useState({ count: 0, suggestions: [] as Suggestion[] });
  const [loading, setLoading] = useState(true);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [last, setLast] = useState<string[]>([]);
  const [threshold, setThreshold] = useState(80);
  const [preview, setPreview] = useState<{ count: number; ids: string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setPage(await api.suggestions('PENDING', 1, PER_PAGE));
      setProblem(null);
    } catch (e) {
      setProblem(message(e));
    } finally {
      setLoading(false);
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  const act = async (kind: 'accept' | 'reject', ids: string[]) => {
    if (!ids.length) return;
    try {
      const result = kind === 'accept' ? await api.accept(ids) : await api.reject(ids);
      setOutcomes((o) => ({ ...o, ...Object.fromEntries(result.map((r) => [r.id, r])) }));
      setLast(result.filter((r) => r.status === 'ACCEPTED' || r.status === 'REJECTED').map((r) => r.id));
      setSelected(new Set());
      await load();
      // Suggestions that need a decision (link) stay visible; the grid reloads without the decided ones.
    } catch (e) {
      setProblem(message(e));
    }
  };
  const undoLast = async () => {
    if (!last.length) return;
    await api.undo(last).catch((e) => setProblem(message(e)));
    setLast([]);
    await load();
  };
  const columns = () => {
    const el = grid.current;
    const card = el?.querySelector('.stash-face-suggestion') as HTMLElement | null;
    return el && card ? Math.max(1, Math.floor(el.clientWidth / card.offsetWidth)) : 1;
  };
  const list = page.suggestions;
  const current = list[Math.min(focus, list.length - 1)];
  const targets = () => (selected.size ? [...selected] : current ? [current.id] : []);
  const onKey = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    if (e.key === 'a') void act('accept', targets());
    else if (e.key === 'r') void act('reject', targets());
    else if (e.key === 'u') void undoLast();
    else if (e.key === ' ' || e.key === 'x') {
      if (!current) return;
      const next = new Set(selected);
      if (next.has(current.id)) next.delete(current.id);
      else next.add(current.id);
      setSelected(next);
    } else {
      const moved = gridMove(focus, e.key, columns(), list.length);
      if (moved === focus && !['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
      setFocus(moved);
    }
    e.preventDefault();
  };

  if (loading) return <Spinner animation="border" size="sm" />;
  return (
    <section className="stash-face-review" data-testid="stash-face-review">
      <div className="stash-face-toolbar">
        <span data-testid="stash-face-pending-count">{page.count} to review</span>
        <Button size="sm" variant="success" disabled={!selected.size} onClick={() => act('accept', [...selected])}>Accept selected ({selected.size})</Button>
        <Button size="sm" variant="danger" disabled={!selected.size} onClick={() => act('reject', [...selected])}>Reject selected</Button>
        <Button size="sm" variant="secondary" disabled={!last.length} onClick={undoLast}>Undo last</Button>
        <label className="stash-face-threshold">
          Accept all ≥{' '}
          <input type="number" min={0} max={100} value={threshold} onChange={(e) => (setThreshold(Number(e.target.value)), setPreview(null))} />%
        </label>
        {preview ? (
          <Button
            size="sm"
            variant="warning"
            data-testid="stash-face-apply-above"
            onClick={async () => {
              const done = await api.acceptAbove(threshold / 100, false, preview.ids).catch((e) => (setProblem(message(e)), null));
              if (done) setOutcomes((o) => ({ ...o, ...Object.fromEntries(done.outcomes.map((r) => [r.id, r])) }));
              setPreview(null);
              await load();
            }}
          >
            Accept these {preview.count}
          </Button>
        ) : (
          <Button size="sm" variant="outline-warning" data-testid="stash-face-preview-above" onClick={() => api.acceptAbove(threshold / 100, true).then((p) => setPreview({ count: p.count, ids: p.ids }), (e) => setProblem(message(e)))}>
            Preview
          </Button>
        )}
      </div>
      <p className="stash-face-hint text-muted">Arrows move · a accept · r reject · space select · u undo</p>
      {problem ? <Alert variant="danger">{problem}</Alert> : null}
      {list.length === 0 ? <p>Nothing to review. Start a run above.</p> : null}
      <div className="stash-face-grid" ref={grid} tabIndex={0} onKeyDown={onKey} data-testid="stash-face-grid">
        {list.map((s, i) => (
          <SuggestionCard
            key={s.id}
            s={s}
            focused={i === focus}
            selected={selected.has(s.id)}
            outcome={outcomes[s.id]}
            onFocus={() => setFocus(i)}
            onAccept={() => act('accept', [s.id])}
            onReject={() => act('reject', [s.id])}
            onLink={async (performerId) => {
              const r = await api.link(s.id, performerId).catch((e) => (setProblem(message(e)), null));
              if (r) setOutcomes((o) => ({ ...o, [s.id]: r }));
              await load();
            }}
          />
        ))}
      </div>
    </section>
  );
};

const RejectedSection: React.FC<{ api: FacesApi }> = ({ api }) => {
  const [page, setPage] = useState<{ count: number; suggestions: Suggestion[] } | null>(null);
  const load = useCallback(() => api.suggestions('REJECTED', 1, PER_PAGE).then(setPage), [api]);
  useEffect(() => void load(), [load]);
  if (!page) return <Spinner animation="border" size="sm" />;
  return (
    <section className="stash-face-rejected" data-testid="stash-face-rejected">
      <p>{page.count} rejected: never proposed again for their scene. Undo puts one back in the queue.</p>
      <div className="stash-face-grid">
        {page.suggestions.map((s) => (
          <SuggestionCard key={s.id} s={s} focused={false} selected={false} onFocus={() => undefined} onUndo={() => api.undo([s.id]).then(load)} />
        ))}
      </div>
    </section>
  );
};
