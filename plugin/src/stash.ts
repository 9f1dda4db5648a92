// Stash-side helpers: stash-box lookups and the performer a "Create in Stash" click makes.
import { PluginApi } from './pluginApi.js';
import {
  StashFaceFindPerformersByNameDocument,
  StashFaceScrapePerformerDocument,
  type GenderEnum,
  type PerformerCreateInput,
  type PerformerUpdateInput,
  type StashFaceFindPerformersByNameQuery,
  type StashFaceScrapePerformerQuery,
} from './generated/stash.js';
import type { Match } from './sidecar.js';
import type { StashBox } from './settings.js';

type Scraped = StashFaceScrapePerformerQuery['scrapeSinglePerformer'][number];

export function sameEndpoint(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** "StashDB" for stashdb.org, else the host: what a button may call the stash-box. */
export function boxLabel(endpoint: string): string {
  try {
    const host = new URL(endpoint).host.replace(/^www\./, '');
    return host === 'stashdb.org' ? 'StashDB' : host;
  } catch {
    return endpoint;
  }
}

const GENDERS: readonly GenderEnum[] = ['MALE', 'FEMALE', 'TRANSGENDER_MALE', 'TRANSGENDER_FEMALE', 'INTERSEX', 'NON_BINARY'];

/** Stash's scraped performers carry Title Case strings ("Transgender Female"); the create input wants the enum. */
export function genderOf(s: string | null | undefined): GenderEnum | undefined {
  const g = s?.trim().toUpperCase().replace(/[^A-Z]+/g, '_') as GenderEnum | undefined;
  return g && GENDERS.includes(g) ? g : undefined;
}

const int = (s: string | null | undefined) => {
  const n = parseInt(s ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};
const text = (s: string | null | undefined) => (s && s.trim() ? s.trim() : undefined);

export function scrapedToCreateInput(p: Scraped, match: Match): PerformerCreateInput {
  const performer = match.performer;
  return {
    name: text(p.name) ?? performer.name,
    disambiguation: text(p.disambiguation) ?? performer.disambiguation ?? undefined,
    gender: genderOf(p.gender),
    urls: p.urls?.length ? p.urls : undefined,
    birthdate: text(p.birthdate),
    death_date: text(p.death_date),
    ethnicity: text(p.ethnicity),
    country: text(p.country) ?? performer.country ?? undefined,
    eye_color: text(p.eye_color),
    hair_color: text(p.hair_color),
    height_cm: int(p.height),
    weight: int(p.weight),
    measurements: text(p.measurements),
    fake_tits: text(p.fake_tits),
    career_length: text(p.career_length),
    tattoos: text(p.tattoos),
    piercings: text(p.piercings),
    alias_list: p.aliases ? p.aliases.split(',').map((a) => a.trim()).filter(Boolean) : undefined,
    details: text(p.details),
    image: p.images?.[0] ?? performer.image_url ?? undefined,
    stash_ids: [{ endpoint: performer.endpoint, stash_id: p.remote_site_id ?? performer.stash_id }],
  };
}

/** What the face database itself knows: enough to create and link the performer when no stash-box answers. */
export function basicCreateInput(match: Match): PerformerCreateInput {
  const p = match.performer;
  return {
    name: p.name,
    disambiguation: p.disambiguation ?? undefined,
    country: p.country ?? undefined,
    gender: genderOf(p.gender),
    image: p.image_url ?? undefined,
    stash_ids: [{ endpoint: p.endpoint, stash_id: p.stash_id }],
  };
}

/**
 * The create input for a database match: scraped from the user's stash-box with the same endpoint (stash-box answers a
 * uuid search with exactly that performer) when one is configured and answers, else the database's own fields.
 */
export async function performerCreateInput(match: Match, stashBoxes: StashBox[]): Promise<{ input: PerformerCreateInput; scraped: boolean; note?: string }> {
  const box = stashBoxes.find((b) => sameEndpoint(b.endpoint, match.performer.endpoint));
  if (!box) return { input: basicCreateInput(match), scraped: false, note: `${boxLabel(match.performer.endpoint)} is not configured in Stash` };
  try {
    const { data } = await PluginApi.utils.StashService.getClient().query({
      query: StashFaceScrapePerformerDocument,
      variables: { source: { stash_box_endpoint: box.endpoint }, input: { query: match.performer.stash_id } },
      fetchPolicy: 'network-only',
    });
    const list = data.scrapeSinglePerformer ?? [];
    const found = list.find((p) => p.remote_site_id === match.performer.stash_id) ?? (list.length === 1 ? list[0] : undefined);
    if (found) return { input: scrapedToCreateInput(found, match), scraped: true };
    return { input: basicCreateInput(match), scraped: false, note: `${box.name} did not return this performer` };
  } catch (e) {
    return { input: basicCreateInput(match), scraped: false, note: `${box.name} could not be reached (${(e as Error).message})` };
  }
}

type ExistingPerformer = StashFaceFindPerformersByNameQuery['findPerformers']['performers'][number];

const sameName = (a: string, b: string) => a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Link, never duplicate: performers already in the user's Stash whose name or an alias is the match's name and that
 * are not linked to another performer of the match's stash-box. Creating one more would make a duplicate; linking
 * the existing one (adding the stash id) is what the user wants.
 */
export async function existingPerformers(match: Match): Promise<ExistingPerformer[]> {
  const { data } = await PluginApi.utils.StashService.getClient().query({
    query: StashFaceFindPerformersByNameDocument,
    variables: { q: match.performer.name },
    fetchPolicy: 'network-only',
  });
  return (data.findPerformers?.performers ?? []).filter(
    (p) =>
      [p.name, ...(p.alias_list ?? [])].some((n) => sameName(n, match.performer.name)) &&
      !p.stash_ids.some((s) => sameEndpoint(s.endpoint, match.performer.endpoint) && s.stash_id !== match.performer.stash_id),
  );
}

/** performerUpdate's stash_ids replaces the list (CONTRACTS.md): the existing ids plus the match's. */
export function linkInput(existing: ExistingPerformer, match: Match): PerformerUpdateInput {
  const kept = existing.stash_ids.filter((s) => !(sameEndpoint(s.endpoint, match.performer.endpoint) && s.stash_id === match.performer.stash_id));
  return {
    id: existing.id,
    stash_ids: [...kept.map(({ endpoint, stash_id }) => ({ endpoint, stash_id })), { endpoint: match.performer.endpoint, stash_id: match.performer.stash_id }],
  };
}
