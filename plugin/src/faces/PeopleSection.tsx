// The People tab of the Faces page: unknown persons grouped across the library (biggest groups first), each a card
// with its face grid and the scenes it comes from; named once (a Stash performer linked or created, or a StashDB
// performer found by the group's faces), ignored for good (with undo), merged and split by hand.
import React from 'react';
import { Confidence } from '../components/common.js';
import { Alert, Badge, Button, Spinner } from '../pluginApi.js';
import type { FaceGroup, FacesApi, NameOutcome, StashBoxMatch } from './api.js';
import { itemHref, itemKey, itemLabel } from './links.js';

const { useCallback, useEffect, useState } = React;

const message = (e: unknown) => String((e as { message?: string })?.message ?? e);

/** What the last action came to, shown above the groups; `undo` reverses it where it can be. */
interface Notice {
  text: string;
  undo?: () => Promise<unknown>;
}

type Person = FaceGroup['persons'][number];

/** Where a person was seen: the scene at its first appearance (as the review grid links it), the gallery, or the image. */
export function personHref(p: Person): string {
  return itemHref(p, p);
}

/** The group's scenes, galleries and images, once each, in the order of its persons (most faces first). */
export function groupItems(g: FaceGroup): Array<{ key: string; label: string; href: string }> {
  const seen = new Map<string, { key: string; label: string; href: string }>();
  for (const p of g.persons) {
    const key = itemKey(p);
    if (!seen.has(key)) seen.set(key, { key, label: itemLabel(p), href: personHref(p) });
  }
  return [...seen.values()];
}

export function namedText(o: NameOutcome): string {
  const who = o.face_group.performer?.name ?? 'the performer';
  const items = o.suggestions_created === 1 ? '1 scene or image' : `${o.suggestions_created} scenes and images`;
  return `Named ${who}${o.created_performer ? ' (created in Stash)' : ''}: ${items} added to the review queue.`;
}

export const PeopleSection: React.FC<{ api: FacesApi }> = ({ api }) => {
  const [groups, setGroups] = useState<FaceGroup[] | null>(null);
  const [showIgnored, setShowIgnored] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const found = await api.groups(showIgnored ? ['IGNORED'] : ['UNNAMED', 'NAMED']);
      setGroups(found.face_groups);
      setProblem(null);
    } catch (e) {
      setProblem(message(e));
      setGroups((g) => g ?? []);
    }
  }, [api, showIgnored]);
  useEffect(() => void load(), [load]);

  /** Runs an action, shows its outcome (or error) and reloads the groups. */
  const run = async (action: () => Promise<Notice | null>) => {
    setProblem(null);
    try {
      const done = await action();
      if (done) setNotice(done);
    } catch (e) {
      setProblem(message(e));
    }
    await load();
  };

  const ignore = (ids: string[], ignored: boolean) =>
    run(async () => {
      await api.ignoreGroups(ids, ignored);
      setSelected(new Set());
      const what = ids.length === 1 ? `Group ${ids[0]}` : `${ids.length} groups`;
      return ignored
        ? { text: `${what} ignored: never shown again.`, undo: () => api.ignoreGroups(ids, false) }
        : { text: `${what} shown again.`, undo: () => api.ignoreGroups(ids, true) };
    });

  const merge = () =>
    run(async () => {
      // Into the biggest selected group (the list is biggest first), so its id and name stay.
      const order = (groups ?? []).filter((g) => selected.has(g.id));
      const [destination, ...sources] = order;
      await api.mergeGroups(sources.map((g) => g.id), destination.id);
      setSelected(new Set());
      return { text: `Merged ${sources.length + 1} groups into group ${destination.id}.` };
    });

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  if (!groups) return <Spinner animation="border" size="sm" />;
  return (
    <section className="stash-face-people" data-testid="stash-face-people">
      <div className="stash-face-toolbar">
        <span data-testid="stash-face-group-count">
          {groups.length} {showIgnored ? 'ignored ' : ''}group{groups.length === 1 ? '' : 's'}
        </span>
        {!showIgnored ? (
          <>
            <Button size="sm" variant="primary" disabled={selected.size < 2} onClick={merge} data-testid="stash-face-merge">
              Merge selected ({selected.size})
            </Button>
            <Button size="sm" variant="secondary" disabled={selected.size === 0} onClick={() => ignore([...selected], true)}>
              Ignore selected
            </Button>
          </>
        ) : null}
        <label className="stash-face-gentle">
          <input type="checkbox" checked={showIgnored} onChange={(e) => (setShowIgnored(e.target.checked), setSelected(new Set()))} data-testid="stash-face-show-ignored" /> Show ignored
        </label>
      </div>
      {notice ? (
        <Alert variant="success" data-testid="stash-face-people-notice">
          {notice.text}{' '}
          {notice.undo ? (
            <Button size="sm" variant="link" onClick={() => run(async () => (await notice.undo!(), { text: 'Undone.' }))} data-testid="stash-face-people-undo">
              Undo
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {problem ? <Alert variant="danger">{problem}</Alert> : null}
      {groups.length === 0 ? (
        <p>{showIgnored ? 'No ignored groups.' : 'No groups yet: people who recur in several scenes and match no performer appear here after a run.'}</p>
      ) : null}
      <div className="stash-face-groups">
        {groups.map((g) => (
          <GroupCard
            key={g.id}
            api={api}
            group={g}
            selected={selected.has(g.id)}
            ignoredView={showIgnored}
            onSelect={() => toggle(g.id)}
            onIgnore={(ignored) => ignore([g.id], ignored)}
            run={run}
          />
        ))}
      </div>
    </section>
  );
};

const GroupCard: React.FC<{
  api: FacesApi;
  group: FaceGroup;
  selected: boolean;
  ignoredView: boolean;
  onSelect: () => void;
  onIgnore: (ignored: boolean) => void;
  run: (action: () => Promise<Notice | null>) => Promise<void>;
}> = ({ api, group, selected, ignoredView, onSelect, onIgnore, run }) => {
  const [faces, setFaces] = useState<Set<string>>(new Set());
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [candidates, setCandidates] = useState<{ list: NameOutcome['candidates']; stashBoxId?: string } | null>(null);
  const [matches, setMatches] = useState<StashBoxMatch[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  /** Names the group; NEEDS_LINK keeps the card open with the Stash performers to link. */
  const nameWith = (input: { name?: string; stash_performer_id?: string; stash_box_performer_id?: string }) =>
    run(async () => {
      const o = await api.nameGroup({ group_id: group.id, ...input });
      if (o.status === 'NEEDS_LINK') {
        setCandidates({ list: o.candidates, stashBoxId: input.stash_box_performer_id });
        return null;
      }
      setCandidates(null);
      setMatches(null);
      setNaming(false);
      return { text: namedText(o) };
    });

  const findOnStashBox = async () => {
    setSearching(true);
    setProblem(null);
    try {
      setMatches(await api.groupStashBoxMatches(group.id, 5));
    } catch (e) {
      setProblem(message(e));
    } finally {
      setSearching(false);
    }
  };

  const split = () =>
    run(async () => {
      const id = await api.splitGroup(group.id, [...faces]);
      setFaces(new Set());
      return { text: `${faces.size} face${faces.size === 1 ? '' : 's'} taken out of group ${group.id} into group ${id}.` };
    });

  const toggleFace = (id: string) => {
    const next = new Set(faces);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setFaces(next);
  };

  const items = groupItems(group);
  const title = group.performer ? group.performer.name : `Unknown person ${group.id}`;
  return (
    <div className={`stash-face-group card${selected ? ' selected' : ''}`} data-testid="stash-face-group" data-group-id={group.id}>
      <div className="stash-face-group-head">
        {!ignoredView ? (
          <input type="checkbox" checked={selected} onChange={onSelect} aria-label={`Select ${title}`} data-testid="stash-face-group-select" />
        ) : null}
        <strong className="stash-face-group-title">{title}</strong>
        {group.status === 'NAMED' ? <Badge variant="success">named</Badge> : null}
        <span className="text-muted">
          {group.person_count} persons · {group.item_count} scenes/images
        </span>
      </div>
      <div className="stash-face-group-faces" role="group" aria-label="Faces (select to split)">
        {group.persons.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`stash-face-group-face${faces.has(p.id) ? ' selected' : ''}`}
            aria-pressed={faces.has(p.id)}
            title={`${itemLabel(p).replace(/^./, (c) => c.toUpperCase())}, ${p.face_count} face${p.face_count === 1 ? '' : 's'}: select to split`}
            onClick={() => toggleFace(p.id)}
            data-testid="stash-face-group-face"
          >
            {p.thumbnail ? <img src={p.thumbnail} alt="" /> : <span className="stash-face-nophoto" />}
          </button>
        ))}
      </div>
      <div className="stash-face-group-items">
        {items.map((i) => (
          <a key={i.key} href={i.href} data-testid="stash-face-group-item">
            {i.label}
          </a>
        ))}
        {group.item_count > items.length ? <span className="text-muted">+{group.item_count - items.length} more</span> : null}
      </div>
      <div className="stash-face-group-actions">
        {ignoredView ? (
          <Button size="sm" variant="secondary" onClick={() => onIgnore(false)} data-testid="stash-face-group-unignore">
            Show again
          </Button>
        ) : (
          <>
            <Button size="sm" variant="primary" onClick={() => setNaming(!naming)} aria-expanded={naming} data-testid="stash-face-group-name">
              {group.performer ? 'Rename' : 'Name'}
            </Button>
            <Button size="sm" variant="info" onClick={findOnStashBox} disabled={searching} data-testid="stash-face-group-find">
              {searching ? 'Searching…' : 'Find on StashDB'}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => onIgnore(true)} data-testid="stash-face-group-ignore">
              Ignore
            </Button>
            <Button size="sm" variant="warning" disabled={faces.size === 0 || faces.size >= group.person_count} onClick={split} data-testid="stash-face-group-split">
              Split selected faces ({faces.size})
            </Button>
          </>
        )}
      </div>
      {naming ? (
        <form
          className="stash-face-group-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void nameWith({ name: name.trim() });
          }}
        >
          <input
            className="form-control form-control-sm"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Performer name"
            aria-label="Performer name"
            data-testid="stash-face-group-name-input"
            autoFocus
          />
          <Button size="sm" variant="success" type="submit" disabled={!name.trim()} data-testid="stash-face-group-name-save">
            Link or create
          </Button>
        </form>
      ) : null}
      {candidates ? (
        <div className="stash-face-link" data-testid="stash-face-group-candidates">
          <small>
            {candidates.list.length
              ? 'Stash already has a performer of that name or alias: link one (never a duplicate).'
              : 'No Stash performer to link.'}
          </small>
          {candidates.list.map((c) => (
            <Button
              key={c.id}
              size="sm"
              variant="outline-primary"
              onClick={() => nameWith(candidates.stashBoxId ? { stash_performer_id: c.id, stash_box_performer_id: candidates.stashBoxId } : { stash_performer_id: c.id })}
            >
              Link to {c.name}
              {c.disambiguation ? ` (${c.disambiguation})` : ''}
            </Button>
          ))}
        </div>
      ) : null}
      {matches ? (
        <div className="stash-face-group-matches" data-testid="stash-face-group-matches">
          {matches.length === 0 ? <small>No StashDB performer looks like this group (or its faces are too small to search).</small> : null}
          {matches.map((m) => (
            <div key={m.performer.id} className="stash-face-group-match">
              {m.performer.image_url ? <img src={m.performer.image_url} alt="" /> : <span className="stash-face-nophoto" />}
              <span className="stash-face-group-match-name">
                {m.performer.stashbox_url ? (
                  <a href={m.performer.stashbox_url} target="_blank" rel="noreferrer">
                    {m.performer.name}
                  </a>
                ) : (
                  m.performer.name
                )}
                {m.performer.disambiguation ? <small className="text-muted"> ({m.performer.disambiguation})</small> : null}
                {m.performer.local_performer ? <small className="text-muted"> · in Stash as {m.performer.local_performer.name}</small> : null}
              </span>
              <Confidence confidence={m.confidence} />
              <Button size="sm" variant="outline-success" onClick={() => nameWith({ stash_box_performer_id: m.performer.id })}>
                Name after
              </Button>
            </div>
          ))}
        </div>
      ) : null}
      {problem ? <Alert variant="danger">{problem}</Alert> : null}
    </div>
  );
};
