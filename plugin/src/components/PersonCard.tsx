import React, { useState } from 'react';
import { Button } from '../pluginApi.js';
import type { Match, Person } from '../sidecar.js';
import { boxLabel } from '../stash.js';
import { Confidence, Country } from './common.js';
import { appearances, formatTime, percent } from '../format.js';

export type TargetKind = 'scene' | 'image';
export interface LocalRef {
  id: string;
  name: string;
}

/** What the panel knows and can do for a match; the card only renders it. */
export interface MatchActions {
  kind: TargetKind;
  localOf(match: Match): LocalRef | null;
  isTagged(match: Match, local: LocalRef): boolean;
  add(match: Match, local: LocalRef): Promise<void>;
  create(match: Match): Promise<void>;
  /** "Not this performer": remembered for this scene or image (absent where nothing can remember it). */
  reject?(match: Match, person: Person): Promise<void>;
}

const MAX_TIMESTAMPS = 8;

/** A path on the Stash the browser is using (the UI may live under a base path). */
export function stashUrl(path: string): string {
  return new URL(path, document.baseURI).toString();
}

export const MatchAction: React.FC<{ match: Match; actions: MatchActions; compact?: boolean; weak?: boolean }> = ({ match, actions, compact, weak }) => {
  const [busy, setBusy] = useState<null | 'add' | 'create'>(null);
  const local = actions.localOf(match);
  const where = actions.kind;
  const run = async (what: 'add' | 'create', fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };
  if (local && actions.isTagged(match, local)) {
    return (
      <span className="stash-face-action stash-face-tagged text-success" data-testid="stash-face-tagged">
        ✓ Already on {where}
      </span>
    );
  }
  if (local) {
    return (
      <span className="stash-face-action">
        {/* A weak match is a secondary action that asks first; a strong one the primary. */}
        <Button
          size="sm"
          variant={weak ? 'secondary' : 'primary'}
          disabled={!!busy}
          onClick={() => {
            if (weak && !window.confirm(`${match.performer.name} is a weak match (${percent(match.confidence)}). Add to the ${where} anyway?`)) return;
            void run('add', () => actions.add(match, local));
          }}
          data-testid={weak ? 'stash-face-add-weak' : 'stash-face-add'}
        >
          {busy === 'add' ? 'Adding…' : weak ? `Add to ${where}…` : `Add to ${where}`}
        </Button>
        {compact ? null : <span className="stash-face-local text-muted"> as {local.name}</span>}
      </span>
    );
  }
  const box = boxLabel(match.performer.endpoint);
  return (
    <span className="stash-face-action">
      <span className="stash-face-missing text-muted" data-testid="stash-face-not-in-library">
        Not in library
      </span>{' '}
      {match.performer.stashbox_url ? (
        <a href={match.performer.stashbox_url} target="_blank" rel="noreferrer" className="stash-face-stashbox-link">
          {box} ↗
        </a>
      ) : null}{' '}
      <Button size="sm" variant="secondary" disabled={!!busy} onClick={() => run('create', () => actions.create(match))} data-testid="stash-face-create">
        {busy === 'create' ? 'Creating…' : 'Create in Stash'}
      </Button>
    </span>
  );
};

/** A secondary "Not this performer" beside a card's action (the sidecar remembers it for this scene or image). */
const RejectButton: React.FC<{ onReject(): Promise<void> }> = ({ onReject }) => {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      variant="link"
      className="stash-face-reject"
      disabled={busy}
      title="Never suggest this performer for this person here again (undo is offered above the results)"
      data-testid="stash-face-reject"
      onClick={async () => {
        setBusy(true);
        try {
          await onReject();
        } finally {
          setBusy(false);
        }
      }}
    >
      Not this performer
    </Button>
  );
};

export const Timestamps: React.FC<{ times: readonly number[]; onSeek?: (t: number) => void; max?: number; frameStep?: number | null }> = ({
  times,
  onSeek,
  max = MAX_TIMESTAMPS,
  frameStep,
}) => {
  const [all, setAll] = useState(false);
  const runs = appearances(times, frameStep);
  if (!runs.length) return null;
  const shown = all ? runs : runs.slice(0, max);
  return (
    <span className="stash-face-timestamps">
      {shown.map((r) => (
        <Button
          key={r.start}
          size="sm"
          variant="link"
          className="stash-face-timestamp"
          disabled={!onSeek}
          onClick={() => onSeek?.(r.start)}
          title="Play from here"
          data-seconds={r.start}
        >
          {r.end > r.start ? `${formatTime(r.start)}–${formatTime(r.end)}` : formatTime(r.start)}
        </Button>
      ))}
      {runs.length > shown.length ? (
        <Button size="sm" variant="link" className="stash-face-timestamp" onClick={() => setAll(true)}>
          +{runs.length - shown.length} more
        </Button>
      ) : null}
    </span>
  );
};

export interface CardView {
  /** The face's number on the picture (reading order), when there is a picture. */
  number?: number;
  weak?: boolean;
  frameStep?: number | null;
  highlighted?: boolean;
  onHighlight?(id: string | null): void;
  /** A card of a match below the threshold (shown collapsed under "possible"). */
  possible?: boolean;
}

export const PersonCard: React.FC<{ person: Person; actions: MatchActions; onSeek?: (t: number) => void; view?: CardView }> = ({ person, actions, onSeek, view = {} }) => {
  const [best, ...others] = person.matches;
  const p = best.performer;
  const local = actions.localOf(best);
  // the database's photo, else the user's own Stash performer image (through the browser's Stash address)
  const reference = p.image_url ?? (local ? stashUrl(`performer/${local.id}/image`) : null);
  return (
    <div
      className={`stash-face-card${view.highlighted ? ' stash-face-card-on' : ''}`}
      data-testid={view.possible ? 'stash-face-possible-person' : 'stash-face-person'}
      data-performer={p.id}
      data-person={person.id}
      onMouseEnter={() => view.onHighlight?.(person.id)}
      onMouseLeave={() => view.onHighlight?.(null)}
    >
      <div className="stash-face-photos">
        <figure>
          {person.thumbnail ? <img src={person.thumbnail} alt="" /> : <div className="stash-face-nophoto" />}
          <figcaption>In this {actions.kind}</figcaption>
        </figure>
        <figure>
          {reference ? <img src={reference} alt="" /> : <div className="stash-face-nophoto" />}
          <figcaption>Reference</figcaption>
        </figure>
      </div>
      <div className="stash-face-info">
        <div className="stash-face-name">
          {view.number ? <span className="stash-face-number text-muted">{view.number}. </span> : null}
          {local ? (
            <a href={stashUrl(`performers/${local.id}`)}>{p.name}</a>
          ) : (
            <span>{p.name}</span>
          )}
          {p.disambiguation ? <span className="stash-face-disambiguation text-muted"> ({p.disambiguation})</span> : null}
        </div>
        <div className="stash-face-meta">
          <Country country={p.country} />
          <Confidence confidence={best.confidence} lowEvidence={person.low_evidence} />
        </div>
        {actions.kind === 'scene' ? (
          <div className="stash-face-appearances">
            <span className="text-muted">
              Seen in {person.face_count} frame{person.face_count === 1 ? '' : 's'}
              {person.timestamps.length ? ':' : ''}
            </span>{' '}
            <Timestamps times={person.timestamps} onSeek={onSeek} frameStep={view.frameStep} />
          </div>
        ) : null}
        {person.low_evidence ? <div className="stash-face-low text-warning">Small or rarely seen face: check before adding.</div> : null}
        <div className="stash-face-actions">
          <MatchAction match={best} actions={actions} weak={view.weak} />
          {/* A performer already on the scene was confirmed by the user: nothing to reject. */}
          {actions.reject && !(local && actions.isTagged(best, local)) ? <RejectButton onReject={() => actions.reject!(best, person)} /> : null}
        </div>
        {others.length ? (
          <details className="stash-face-others">
            <summary>
              {others.length} other candidate{others.length === 1 ? '' : 's'}
            </summary>
            <ul>
              {others.map((m) => (
                <li key={m.performer.id}>
                  <span className="stash-face-other-name">
                    {m.performer.name}
                    {m.performer.disambiguation ? <span className="text-muted"> ({m.performer.disambiguation})</span> : null}
                  </span>{' '}
                  <span className="text-muted">{percent(m.confidence)}</span> <MatchAction match={m} actions={actions} compact weak />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </div>
  );
};

export const UnknownPersons: React.FC<{ persons: Person[]; kind: TargetKind; onSeek?: (t: number) => void }> = ({ persons, kind, onSeek }) => {
  if (!persons.length) return null;
  return (
    <details className="stash-face-unknown" data-testid="stash-face-unknown">
      <summary>
        {persons.length} unknown {persons.length === 1 ? 'person' : 'people'} (no match in the face database)
      </summary>
      <div className="stash-face-unknown-list">
        {persons.map((p) => (
          <figure key={p.id} className="stash-face-unknown-person">
            {p.thumbnail ? <img src={p.thumbnail} alt="" /> : <div className="stash-face-nophoto" />}
            <figcaption>
              {kind === 'scene' && p.timestamps.length ? (
                <Timestamps times={p.timestamps} onSeek={onSeek} max={1} />
              ) : (
                <span className="text-muted">{p.face_size}px</span>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
    </details>
  );
};
