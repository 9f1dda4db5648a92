// "Find unlinked performers on StashDB" on the Faces page, and how a link suggestion shows in the review grid: the
// user's Stash performer beside the StashDB performer, with Link / Not this one.
import React from 'react';
import { percent } from '../format.js';
import { Alert, Badge, Button } from '../pluginApi.js';
import type { FacesApi, Outcome, Suggestion } from './api.js';

const { useState } = React;

/** Starts the job; its progress shows with the other runs (the Faces page polls the job queue). */
export const FindUnlinked: React.FC<{ api: FacesApi }> = ({ api }) => {
  const [state, setState] = useState<{ busy: boolean; problem: string | null; started: string | null }>({ busy: false, problem: null, started: null });
  const start = async () => {
    setState({ busy: true, problem: null, started: null });
    try {
      setState({ busy: false, problem: null, started: await api.findOnStashBox() });
    } catch (e) {
      setState({ busy: false, problem: String((e as { message?: string })?.message ?? e), started: null });
    }
  };
  return (
    <div className="stash-face-find-unlinked mb-2" data-testid="stash-face-find-unlinked">
      <Button size="sm" variant="secondary" disabled={state.busy} onClick={start} data-testid="stash-face-find-unlinked-start">
        Find unlinked performers on StashDB
      </Button>{' '}
      <small className="text-muted">
        {state.started ? 'Started: matches appear in Review as links to accept.' : 'Looks up every performer with no StashDB id by its face.'}
      </small>
      {state.problem ? <Alert variant="danger">{state.problem}</Alert> : null}
    </div>
  );
};

/** What a card of the review grid is given (scene and link suggestions alike). */
export interface CardProps {
  s: Suggestion;
  focused: boolean;
  selected: boolean;
  outcome?: Outcome;
  onFocus: () => void;
  onAccept?: () => void;
  onReject?: () => void;
  onUndo?: () => void;
}

/** A link suggestion: your performer's photo beside the StashDB one. */
export const LinkSuggestionCard: React.FC<CardProps> = ({ s, focused, selected, outcome, onFocus, onAccept, onReject, onUndo }) => {
  const mine = s.stash_performer;
  return (
    <div
      className={`stash-face-suggestion stash-face-link-suggestion${focused ? ' focused' : ''}${selected ? ' selected' : ''}`}
      data-testid="stash-face-link-suggestion"
      data-suggestion-id={s.id}
      onClick={onFocus}
    >
      <div className="stash-face-pair">
        {mine?.image_path ? <img src={mine.image_path} alt={mine.name} /> : <div className="stash-face-nophoto" />}
        {s.performer.image_url ? <img src={s.performer.image_url} alt={s.performer.name} /> : <div className="stash-face-nophoto" />}
      </div>
      <div className="stash-face-suggestion-name" title={`${mine?.name ?? '?'} → ${s.performer.name}`}>
        {mine ? <a href={`/performers/${mine.id}`}>{mine.name}</a> : '?'} →{' '}
        {s.performer.stashbox_url ? <a href={s.performer.stashbox_url} target="_blank" rel="noreferrer" title={s.performer.disambiguation ?? undefined}>{s.performer.name}</a> : s.performer.name}
      </div>
      <div className="stash-face-suggestion-meta">
        <Badge variant={s.confidence >= 0.8 ? 'success' : 'warning'}>{percent(s.confidence)}</Badge> <Badge variant="info">link to StashDB</Badge>
      </div>
      <div className="stash-face-suggestion-actions">
        {onAccept ? <Button size="sm" variant="success" onClick={onAccept} title="Add this StashDB id to your performer (a)">Link</Button> : null}
        {onReject ? <Button size="sm" variant="danger" onClick={onReject} title="Not this StashDB performer (r)">Not this one</Button> : null}
        {onUndo ? <Button size="sm" variant="secondary" onClick={onUndo} data-testid="stash-face-undo">Undo</Button> : null}
      </div>
      {outcome && (outcome.status === 'ALREADY_LINKED' || outcome.status === 'FAILED') ? (
        <div className="stash-face-link">
          <small className={outcome.status === 'FAILED' ? 'text-danger' : undefined}>{outcome.message}</small>
          {outcome.candidates.map((c) => (
            <a key={c.id} href={`/performers/${c.id}`}>
              Open {c.name}
            </a>
          ))}
        </div>
      ) : null}
    </div>
  );
};
