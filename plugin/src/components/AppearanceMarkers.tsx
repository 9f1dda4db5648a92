// "Add appearance markers": one Stash scene marker per merged appearance range of each named person, with a tag the
// user names (found by name, created when missing). Written through the UI's own StashService hooks, so the scene's
// marker list refreshes like after any marker edit.
import React, { useState } from 'react';
import { Button, PluginApi } from '../pluginApi.js';
import { StashFaceFindTagsByNameDocument } from '../generated/stash.js';
import { markerPlan } from '../format.js';
import type { Person } from '../sidecar.js';

const DEFAULT_TAG = 'Appearance';

async function tagIdByName(name: string, create: (name: string) => Promise<string>): Promise<string> {
  const { data } = await PluginApi.utils.StashService.getClient().query({ query: StashFaceFindTagsByNameDocument, variables: { q: name }, fetchPolicy: 'network-only' });
  const same = (data.findTags?.tags ?? []).find((t) => t.name.trim().toLowerCase() === name.trim().toLowerCase());
  return same ? same.id : create(name.trim());
}

export const AppearanceMarkers: React.FC<{ sceneId: string; persons: Person[]; frameStep?: number | null }> = ({ sceneId, persons, frameStep }) => {
  const Toast = PluginApi.hooks.useToast();
  const [tagCreate] = PluginApi.utils.StashService.useTagCreate();
  const [markerCreate] = PluginApi.utils.StashService.useSceneMarkerCreate();
  const [tag, setTag] = useState(DEFAULT_TAG);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<number | null>(null);
  const plan = markerPlan(persons, frameStep);
  if (plan.length === 0) return null;
  const add = async () => {
    if (!tag.trim()) return;
    setBusy(true);
    let n = 0;
    try {
      const tagId = await tagIdByName(tag, async (name) => {
        const res = await tagCreate({ variables: { input: { name } } });
        const id = (res.data as { tagCreate?: { id: string } } | undefined)?.tagCreate?.id;
        if (!id) throw new Error(`Stash did not create the tag "${name}"`);
        return id;
      });
      for (const m of plan) {
        await markerCreate({ variables: { scene_id: sceneId, title: m.title, seconds: m.seconds, end_seconds: m.end_seconds, primary_tag_id: tagId } });
        n++;
      }
      setMade(n);
      Toast.success(`Added ${n} appearance marker${n === 1 ? '' : 's'} tagged "${tag.trim()}"`);
    } catch (e) {
      if (n) setMade(n);
      Toast.error(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="stash-face-markers" data-testid="stash-face-markers">
      <summary>Add appearance markers ({plan.length})</summary>
      <p className="text-muted stash-face-markers-note">
        One marker per appearance, titled with the performer's name: Stash markers have a start, an end and tags, but no performer field.
      </p>
      <div className="stash-face-toolbar">
        <label className="stash-face-markers-tag">
          Tag{' '}
          <input
            className="form-control form-control-sm stash-face-select"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            aria-label="Marker tag"
            data-testid="stash-face-marker-tag"
          />
        </label>
        <Button size="sm" variant="secondary" disabled={busy || !tag.trim() || made !== null} onClick={() => void add()} data-testid="stash-face-add-markers">
          {busy ? 'Adding…' : made !== null ? `Added ${made} markers` : `Add ${plan.length} marker${plan.length === 1 ? '' : 's'}`}
        </Button>
      </div>
    </details>
  );
};
