import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ClientError, GraphQLClient } from 'graphql-request';
import { AppError } from '../errors.js';
import { describeFetchError } from '../util/fetch-error.js';
import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import {
  AddPerformersToGalleriesDocument,
  AddTagsToGalleriesDocument,
  FindGalleriesForLibraryDocument,
  FindGalleryImagesDocument,
  RemovePerformersFromGalleriesDocument,
  type FindGalleriesForLibraryQuery,
  type FindGalleriesForLibraryQueryVariables,
  type FindGalleryImagesQuery,
  AddPerformersToScenesDocument,
  AddTagsToScenesDocument,
  CreateProcessedTagDocument,
  FindImagesForLibraryDocument,
  FindScenesForWatchDocument,
  FindTagsNamedDocument,
  type FindImagesForLibraryQuery,
  type FindImagesForLibraryQueryVariables,
  type FindScenesForWatchQuery,
  type FindScenesForWatchQueryVariables,
  CreatePerformerFromDatabaseDocument,
  FindPerformerForLinkDocument,
  FindPerformersNamedDocument,
  FindSavedSceneFilterDocument,
  FindScenesForLibraryDocument,
  RemovePerformersFromScenesDocument,
  SetPerformerStashIdsDocument,
  StashJobQueueDocument,
  type FindScenesForLibraryQuery,
  type FindScenesForLibraryQueryVariables,
  type NamedPerformerFieldsFragment,
  type PerformerCreateInput,
  FindImageForIdentifyDocument,
  FindPerformerImageDocument,
  FindPerformersByStashIdDocument,
  FindSceneForIdentifyDocument,
  type FindPerformersByStashIdQuery,
  type FindSceneForIdentifyQuery,
  type PerformerFilterType,
} from './generated.js';

export interface StashIdRef {
  endpoint: string;
  stash_id: string;
}

export interface LocalPerformer {
  id: string;
  name: string;
  disambiguation: string | null;
  image_path: string | null;
  stash_ids: StashIdRef[];
}

export type StashScene = NonNullable<FindSceneForIdentifyQuery['findScene']>;
/** A scene as a library run lists it: id, file fingerprints, performers. */
/** A file fingerprint that names the scene's content (oshash first, as Stash names generated files by it). */
export function sceneFingerprint(scene: { files: ReadonlyArray<{ fingerprints?: ReadonlyArray<{ type: string; value: string }> }> }): string | null {
  const prints = scene.files[0]?.fingerprints ?? [];
  const best = prints.find((f) => f.type === 'oshash') ?? prints.find((f) => f.type === 'md5') ?? prints[0];
  return best ? `${best.type}:${best.value}` : null;
}

/** An image file's fingerprint (md5 first: Stash's image checksum), the same way as a scene's. */
export function imageFingerprint(image: { visual_files: ReadonlyArray<{ fingerprints?: ReadonlyArray<{ type: string; value: string }> }> }): string | null {
  const prints = image.visual_files[0]?.fingerprints ?? [];
  const best = prints.find((f) => f.type === 'md5') ?? prints.find((f) => f.type === 'oshash') ?? prints[0];
  return best ? `${best.type}:${best.value}` : null;
}

export type LibraryScene = FindScenesForLibraryQuery['findScenes']['scenes'][number];
export type NamedPerformer = NamedPerformerFieldsFragment;
/** An image as a library run lists it: id and file fingerprints. */
export type LibraryImage = FindImagesForLibraryQuery['findImages']['images'][number];
/** A gallery's image as a gallery run lists it: id, URL, file fingerprints. */
export type GalleryImage = FindGalleryImagesQuery['findImages']['images'][number];
/** A gallery's performers in Stash (what is "already on it"). */
export type GalleryHead = NonNullable<FindGalleryImagesQuery['findGallery']>;
/** A scene as the watch sees it: id, when Stash added it, where its sprite VTT would be. */
export type WatchScene = FindScenesForWatchQuery['findScenes']['scenes'][number];

/** The user's Stash, reached at STASH_URL with the API key only when one is configured (STASH.md). */
export class StashClient {
  private readonly client: GraphQLClient;

  /** `timeoutMs` bounds every call: identify never waits longer than that on a slow or hung Stash. */
  constructor(
    readonly baseUrl: string,
    apiKey?: string,
    private readonly timeoutMs = 20_000,
  ) {
    this.client = new GraphQLClient(`${baseUrl.replace(/\/+$/, '')}/graphql`, {
      headers: apiKey ? { ApiKey: apiKey } : {},
      // Stash answers GraphQL directly; a redirect would carry the key elsewhere.
      redirect: 'error',
    });
  }

  /**
   * Finds the user's performers linked to any of these stash-box ids in one round trip: one aliased
   * `findPerformers` per id (CONTRACTS.md allows this or a nested OR chain; aliases also work with Stash
   * versions and stand-ins whose performer filter ignores OR).
   */
  async findPerformersByStashIds(refs: readonly StashIdRef[], signal?: AbortSignal): Promise<LocalPerformer[]> {
    if (refs.length === 0) return [];
    const variables: Record<string, PerformerFilterType> = {};
    refs.forEach((ref, i) => {
      variables[`f${i}`] = { stash_id_endpoint: { endpoint: ref.endpoint, stash_id: ref.stash_id, modifier: 'EQUALS' } };
    });
    const data = await this.request<Record<string, FindPerformersByStashIdQuery['findPerformers']>, typeof variables>(
      aliasedPerformerLookup(refs.length),
      variables,
      signal,
    );
    const byId = new Map<string, LocalPerformer>();
    for (const result of Object.values(data)) for (const p of result.performers) byId.set(p.id, p);
    return [...byId.values()];
  }

  async findScene(id: string, signal?: AbortSignal): Promise<StashScene> {
    const data = await this.request(FindSceneForIdentifyDocument, { id }, signal);
    if (!data.findScene) throw new AppError('NOT_FOUND', `Stash has no scene with id ${id}.`);
    return data.findScene;
  }

  async imageUrl(id: string, signal?: AbortSignal): Promise<string> {
    const data = await this.request(FindImageForIdentifyDocument, { id }, signal);
    if (!data.findImage?.paths.image) throw new AppError('NOT_FOUND', `Stash has no image with id ${id}.`);
    return data.findImage.paths.image;
  }

  async performerImageUrl(id: string, signal?: AbortSignal): Promise<string> {
    const data = await this.request(FindPerformerImageDocument, { id }, signal);
    if (!data.findPerformer) throw new AppError('NOT_FOUND', `Stash has no performer with id ${id}.`);
    if (!data.findPerformer.image_path) throw new AppError('NOT_FOUND', `Performer ${id} has no image in Stash.`);
    return data.findPerformer.image_path;
  }

  // --- Library runs and the review queue (src/library) -------------------------------------------------------

  /** One page of scenes (by filter or by ids), with fingerprints and performers. */
  async findScenesForLibrary(variables: FindScenesForLibraryQueryVariables): Promise<FindScenesForLibraryQuery['findScenes']> {
    return (await this.request(FindScenesForLibraryDocument, variables)).findScenes;
  }

  /** One page of images (by filter), with fingerprints. */
  async findImagesForLibrary(variables: FindImagesForLibraryQueryVariables): Promise<FindImagesForLibraryQuery['findImages']> {
    return (await this.request(FindImagesForLibraryDocument, variables)).findImages;
  }

  /** One page of galleries (by filter or by ids). */
  async findGalleriesForLibrary(variables: FindGalleriesForLibraryQueryVariables): Promise<FindGalleriesForLibraryQuery['findGalleries']> {
    return (await this.request(FindGalleriesForLibraryDocument, variables)).findGalleries;
  }

  /** A gallery's performers and every one of its images (id order), a page at a time; NOT_FOUND when Stash has no such gallery. */
  async galleryImages(id: string, signal?: AbortSignal, perPage = 500): Promise<{ gallery: GalleryHead; images: GalleryImage[] }> {
    const images: GalleryImage[] = [];
    for (let page = 1; ; page++) {
      const data = await this.request(FindGalleryImagesDocument, { id, filter: { page, per_page: perPage, sort: 'id', direction: 'ASC' } }, signal);
      if (!data.findGallery) throw new AppError('NOT_FOUND', `Stash has no gallery with id ${id}.`);
      images.push(...data.findImages.images);
      if (data.findImages.images.length < perPage || images.length >= data.findImages.count) return { gallery: data.findGallery, images };
    }
  }

  /** Adds performers to galleries without touching the others (bulkGalleryUpdate ADD; galleryUpdate would replace). */
  async addPerformersToGalleries(galleryIds: string[], performerIds: string[]): Promise<void> {
    await this.request(AddPerformersToGalleriesDocument, { gallery_ids: galleryIds, performer_ids: performerIds });
  }

  async removePerformersFromGalleries(galleryIds: string[], performerIds: string[]): Promise<void> {
    await this.request(RemovePerformersFromGalleriesDocument, { gallery_ids: galleryIds, performer_ids: performerIds });
  }

  /** Adds tags to galleries without touching their other tags (bulkGalleryUpdate ADD). */
  async addTagsToGalleries(galleryIds: string[], tagIds: string[]): Promise<void> {
    await this.request(AddTagsToGalleriesDocument, { gallery_ids: galleryIds, tag_ids: tagIds });
  }

  /** Scenes for the watch: newest first (a page), or the ones named. */
  async findScenesForWatch(variables: FindScenesForWatchQueryVariables, signal?: AbortSignal): Promise<FindScenesForWatchQuery['findScenes']> {
    return (await this.request(FindScenesForWatchDocument, variables, signal)).findScenes;
  }

  /** Tags named exactly `name` (case and spacing aside). */
  async findTagsNamed(name: string): Promise<Array<{ id: string; name: string }>> {
    const want = normalName(name);
    return (await this.request(FindTagsNamedDocument, { name })).findTags.tags.filter((t) => normalName(t.name) === want);
  }

  async createTag(name: string): Promise<{ id: string; name: string }> {
    const made = (await this.request(CreateProcessedTagDocument, { name })).tagCreate;
    if (!made) throw new AppError('STASH_ERROR', `Stash did not create the tag "${name}".`);
    return made;
  }

  /** Adds tags to scenes without touching their other tags (bulkSceneUpdate ADD). */
  async addTagsToScenes(sceneIds: string[], tagIds: string[]): Promise<void> {
    await this.request(AddTagsToScenesDocument, { scene_ids: sceneIds, tag_ids: tagIds });
  }

  /** A saved scene filter's object filter (Stash stores it in its filter-input shape). */
  async savedSceneFilter(id: string): Promise<{ name: string; object_filter: Record<string, unknown> | null; q: string | null }> {
    const data = await this.request(FindSavedSceneFilterDocument, { id });
    const f = data.findSavedFilter;
    if (!f) throw new AppError('NOT_FOUND', `Stash has no saved filter with id ${id}.`);
    if (f.mode !== 'SCENES') throw new AppError('BAD_USER_INPUT', `Saved filter "${f.name}" is a ${f.mode.toLowerCase()} filter, not a scene filter.`);
    return { name: f.name, object_filter: (f.object_filter as Record<string, unknown> | null) ?? null, q: f.find_filter?.q ?? null };
  }

  /** Jobs in Stash's own queue (a gentle run waits while there are any). */
  async jobQueue(): Promise<Array<{ id: string; status: string; description: string }>> {
    return (await this.request(StashJobQueueDocument, {})).jobQueue ?? [];
  }

  /** Adds performers to scenes without touching the others (bulkSceneUpdate ADD; sceneUpdate would replace). */
  async addPerformersToScenes(sceneIds: string[], performerIds: string[]): Promise<void> {
    await this.request(AddPerformersToScenesDocument, { scene_ids: sceneIds, performer_ids: performerIds });
  }

  async removePerformersFromScenes(sceneIds: string[], performerIds: string[]): Promise<void> {
    await this.request(RemovePerformersFromScenesDocument, { scene_ids: sceneIds, performer_ids: performerIds });
  }

  /** Performers whose name or one of whose aliases is `name` (either side may differ in case or spacing). */
  async findPerformersNamed(name: string): Promise<NamedPerformer[]> {
    const data = await this.request(FindPerformersNamedDocument, { name });
    const want = normalName(name);
    const byId = new Map<string, NamedPerformer>();
    for (const p of [...data.byName.performers, ...data.byAlias.performers]) {
      if (normalName(p.name) === want || p.alias_list.some((a) => normalName(a) === want)) byId.set(p.id, p);
    }
    return [...byId.values()];
  }

  async findPerformer(id: string): Promise<NamedPerformer> {
    const data = await this.request(FindPerformerForLinkDocument, { id });
    if (!data.findPerformer) throw new AppError('NOT_FOUND', `Stash has no performer with id ${id}.`);
    return data.findPerformer;
  }

  async createPerformer(input: PerformerCreateInput): Promise<NamedPerformer> {
    return (await this.request(CreatePerformerFromDatabaseDocument, { input })).performerCreate!;
  }

  /** performerUpdate's stash_ids replaces the list: the caller passes the whole new list. */
  async setPerformerStashIds(id: string, stashIds: StashIdRef[]): Promise<NamedPerformer> {
    return (await this.request(SetPerformerStashIdsDocument, { id, stash_ids: stashIds })).performerUpdate!;
  }

  /** One typed operation against Stash, errors as STASH_ERROR (other modules keep their documents beside their use). */
  async request<R, V extends object>(document: TypedDocumentNode<R, V> | DocumentNode, variables: V, signal?: AbortSignal): Promise<R> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      return await this.client.request<R>({
        document,
        variables: variables as Record<string, unknown>,
        signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      });
    } catch (e) {
      // The client went away: not Stash's fault, and nobody reads the answer.
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new AppError('STASH_ERROR', `Stash at ${this.baseUrl} did not answer within ${this.timeoutMs} ms (FETCH_TIMEOUT_MS).`);
      }
      if (e instanceof ClientError) {
        const status = e.response.status;
        const hint = status === 401 ? ' (check STASH_API_KEY)' : '';
        const first = e.response.errors?.[0]?.message;
        throw new AppError('STASH_ERROR', `Stash at ${this.baseUrl} answered ${first ? `"${first}"` : `HTTP ${status}`}${hint}.`);
      }
      throw new AppError('STASH_ERROR', `Stash at ${this.baseUrl} could not be reached: ${describeFetchError(e)}.`);
    }
  }
}

/**
 * `FindPerformersByStashId` (validated against Stash's schema) repeated `count` times under aliases p0..pN with
 * variables $f0..$fN, so every lookup of one response is a single request.
 */
export function aliasedPerformerLookup(count: number): DocumentNode {
  const [operation, ...fragments] = FindPerformersByStashIdDocument.definitions as [OperationDefinitionNode, ...DocumentNode['definitions']];
  const field = operation.selectionSet.selections[0] as FieldNode;
  const variable = operation.variableDefinitions![0];
  const indices = Array.from({ length: count }, (_, i) => i);
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        name: { kind: Kind.NAME, value: 'FindPerformersByStashIds' },
        variableDefinitions: indices.map((i) => ({ ...variable, variable: { ...variable.variable, name: { kind: Kind.NAME, value: `f${i}` } } })),
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: indices.map((i) => ({
            ...field,
            alias: { kind: Kind.NAME, value: `p${i}` },
            arguments: field.arguments!.map((a) =>
              a.name.value === 'performer_filter'
                ? { ...a, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `f${i}` } } }
                : a,
            ),
          })),
        },
      },
      ...fragments,
    ],
  };
}

/** Same stash-box performer? Endpoints are compared by host, since users write them with or without /graphql. */
export function sameStashId(a: StashIdRef, b: StashIdRef): boolean {
  return a.stash_id === b.stash_id && endpointHost(a.endpoint) === endpointHost(b.endpoint);
}

export function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** Names compared as a person reads them: case, accents and runs of spaces do not make two performers. */
export function normalName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
