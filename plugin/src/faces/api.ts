// The Faces page's calls to the sidecar (library runs and the review queue), through the one Apollo client.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  StashFaceAcceptAboveDocument,
  StashFaceAcceptDocument,
  StashFaceConfigureLibraryDocument,
  StashFaceLibrarySettingsDocument,
  StashFaceFindOnStashBoxDocument,
  StashFaceGroupIgnoreDocument,
  StashFaceGroupMergeDocument,
  StashFaceGroupNameDocument,
  StashFaceGroupsDocument,
  StashFaceGroupSplitDocument,
  StashFaceGroupStashBoxMatchesDocument,
  StashFaceJobQueueDocument,
  StashFaceLibraryIdentifyDocument,
  StashFaceLinkDocument,
  StashFaceRejectDocument,
  StashFaceStopJobDocument,
  StashFaceSuggestionsDocument,
  StashFaceUndoDocument,
  type FaceGroupNameInput,
  type FaceGroupStatus,
  type LibraryIdentifyInput,
  type LibrarySettingsInput,
  type StashFaceLibrarySettingsFragment,
  type StashFaceGroupFragment,
  type StashFaceGroupNameOutcomeFragment,
  type StashFaceGroupStashBoxMatchesQuery,
  type StashFaceJobFragment,
  type StashFaceOutcomeFragment,
  type StashFaceSuggestionFragment,
  type SuggestionStatus,
} from '../generated/sidecar.js';
import { sidecarClient } from '../sidecar.js';

export type Job = StashFaceJobFragment;
export type Suggestion = StashFaceSuggestionFragment;
export type Outcome = StashFaceOutcomeFragment;
export type LibrarySettings = StashFaceLibrarySettingsFragment;
export type FaceGroup = StashFaceGroupFragment;
export type NameOutcome = StashFaceGroupNameOutcomeFragment;
export type StashBoxMatch = StashFaceGroupStashBoxMatchesQuery['faceGroupStashBoxMatches'][number];

/** Apollo's mutate, which the shared ApolloClientLike type leaves out. */
interface Mutating {
  mutate<T, V>(options: { mutation: TypedDocumentNode<T, V>; variables?: V }): Promise<{ data?: T | null }>;
}

export class FacesApi {
  constructor(private readonly sidecarUrl: string) {}

  private get client() {
    return sidecarClient(this.sidecarUrl);
  }

  private async mutate<T, V>(mutation: TypedDocumentNode<T, V>, variables: V): Promise<T> {
    const { data } = await (this.client as unknown as Mutating).mutate({ mutation, variables });
    return data as T;
  }

  async jobs(): Promise<Job[]> {
    const { data } = await this.client.query({ query: StashFaceJobQueueDocument, fetchPolicy: 'no-cache' });
    return data.jobQueue;
  }

  async start(input: LibraryIdentifyInput): Promise<string> {
    return (await this.mutate(StashFaceLibraryIdentifyDocument, { input })).libraryIdentify;
  }

  /** Starts the job that looks every unlinked performer up on the shared database (link suggestions). */
  async findOnStashBox(): Promise<string> {
    return (await this.mutate(StashFaceFindOnStashBoxDocument, { input: {} })).performersFindOnStashBox;
  }

  async stop(id: string): Promise<boolean> {
    return (await this.mutate(StashFaceStopJobDocument, { id })).stopJob;
  }

  async suggestions(status: SuggestionStatus, page: number, perPage: number): Promise<{ count: number; suggestions: Suggestion[] }> {
    const { data } = await this.client.query({
      query: StashFaceSuggestionsDocument,
      variables: { filter: { page, per_page: perPage, sort: status === 'PENDING' ? 'CONFIDENCE' : 'CREATED_AT', direction: 'DESC' }, suggestion_filter: { status: [status] } },
      fetchPolicy: 'no-cache',
    });
    return data.findSuggestions;
  }

  async accept(ids: string[]): Promise<Outcome[]> {
    return (await this.mutate(StashFaceAcceptDocument, { ids })).suggestionsAccept;
  }

  async reject(ids: string[]): Promise<Outcome[]> {
    return (await this.mutate(StashFaceRejectDocument, { ids })).suggestionsReject;
  }

  async undo(ids: string[]): Promise<Outcome[]> {
    return (await this.mutate(StashFaceUndoDocument, { ids })).suggestionsUndo;
  }

  async link(id: string, performerId: string): Promise<Outcome> {
    return (await this.mutate(StashFaceLinkDocument, { id, performer_id: performerId })).suggestionLink;
  }

  async acceptAbove(min: number, dryRun: boolean, ids?: string[]) {
    return (await this.mutate(StashFaceAcceptAboveDocument, { min, dry_run: dryRun, ids: ids ?? null })).suggestionsAcceptAbove;
  }

  async settings(): Promise<LibrarySettings> {
    const { data } = await this.client.query({ query: StashFaceLibrarySettingsDocument, fetchPolicy: 'no-cache' });
    return data.librarySettings;
  }

  async configure(input: LibrarySettingsInput): Promise<LibrarySettings> {
    return (await this.mutate(StashFaceConfigureLibraryDocument, { input })).configureLibrary;
  }

  // People (face groups)

  async groups(status: FaceGroupStatus[]): Promise<{ count: number; face_groups: FaceGroup[] }> {
    const { data } = await this.client.query({ query: StashFaceGroupsDocument, variables: { filter: { status, per_page: -1 } }, fetchPolicy: 'no-cache' });
    return data.findFaceGroups;
  }

  async nameGroup(input: FaceGroupNameInput): Promise<NameOutcome> {
    return (await this.mutate(StashFaceGroupNameDocument, { input })).faceGroupName;
  }

  async groupStashBoxMatches(id: string, limit = 5): Promise<StashBoxMatch[]> {
    const { data } = await this.client.query({ query: StashFaceGroupStashBoxMatchesDocument, variables: { id, limit }, fetchPolicy: 'no-cache' });
    return data.faceGroupStashBoxMatches;
  }

  async ignoreGroups(ids: string[], ignored: boolean): Promise<void> {
    await this.mutate(StashFaceGroupIgnoreDocument, { ids, ignored });
  }

  async mergeGroups(source: string[], destination: string): Promise<void> {
    await this.mutate(StashFaceGroupMergeDocument, { source, destination });
  }

  async splitGroup(id: string, personIds: string[]): Promise<string> {
    return (await this.mutate(StashFaceGroupSplitDocument, { id, person_ids: personIds })).faceGroupSplit.id;
  }
}
