import { ClientError, GraphQLClient } from 'graphql-request';
import { performerId } from '../../src/database/performer-id.js';
import type { StashBoxConfig } from '../config.js';
import { limitedFetch, newHttpStats, RateLimiter, type HttpStats, type RetryPolicy } from '../http.js';
import {
  FindPerformerDocument,
  ListPerformerIdsDocument,
  QueryPerformersDocument,
  type BuilderPerformerFragment,
  type PerformerSortEnum,
  type SortDirectionEnum,
} from './generated.js';

export type StashBoxPerformer = BuilderPerformerFragment;
export interface PerformerStamp {
  id: string;
  updated: string;
}

export class StashBoxError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StashBoxError';
  }
}

export interface StashBoxClientOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * One stash-box endpoint (StashDB, FansDB, PMVStash, ...): typed operations from ./documents, every request through
 * the endpoint's rate limiter with retries. Performer ids leave this class universal: `<host>:<uuid>`.
 */
export class StashBoxClient {
  readonly host: string;
  readonly origin: string;
  readonly limiter: RateLimiter;
  readonly stats: HttpStats = newHttpStats();
  private readonly client: GraphQLClient;

  constructor(
    readonly config: StashBoxConfig,
    options: StashBoxClientOptions,
  ) {
    const url = new URL(config.url);
    this.host = url.host;
    this.origin = url.origin;
    this.limiter = new RateLimiter(config.rate_limit);
    this.client = new GraphQLClient(config.url, {
      // Stash's convention: send the key only when there is one (a stray key is refused even where none is needed).
      headers: config.api_key ? { ApiKey: config.api_key } : {},
      fetch: limitedFetch({
        limiter: this.limiter,
        policy: options.policy,
        stats: this.stats,
        signal: options.signal,
        fetch: options.fetch,
        onRetry: options.onRetry,
      }),
    });
  }

  get endpoint(): string {
    return this.config.url;
  }

  universalId(uuid: string): string {
    return performerId(this.host, uuid);
  }

  /** The performer's page on the stash-box site. */
  performerUrl(uuid: string): string {
    return `${this.origin}/performers/${uuid}`;
  }

  async queryPerformers(
    page: number,
    sort: PerformerSortEnum,
    direction: SortDirectionEnum,
  ): Promise<{ count: number; performers: StashBoxPerformer[] }> {
    const data = await this.call(() =>
      this.client.request(QueryPerformersDocument, { input: { page, per_page: this.config.per_page, sort, direction } }),
    );
    return data.queryPerformers;
  }

  /** Every performer's id and last edit, one page at a time (cheap: no images). */
  async listPerformerIds(page: number): Promise<{ count: number; performers: PerformerStamp[] }> {
    const data = await this.call(() =>
      this.client.request(ListPerformerIdsDocument, {
        input: { page, per_page: this.config.per_page, sort: 'CREATED_AT', direction: 'ASC' },
      }),
    );
    return data.queryPerformers;
  }

  /** Unlike queryPerformers, returns deleted and merged performers too; null when the id is unknown. */
  async findPerformer(uuid: string): Promise<StashBoxPerformer | null> {
    const data = await this.call(() => this.client.request(FindPerformerDocument, { id: uuid }));
    return data.findPerformer;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ClientError) {
        const status = e.response.status;
        const first = e.response.errors?.[0]?.message;
        const hint =
          status === 401 || status === 403
            ? ' (check the api_key: every stash-box read needs an account with the READ role)'
            : status === 429
              ? ' (still rate limited after every retry: lower rate_limit)'
              : '';
        throw new StashBoxError(`${this.config.name} (${this.config.url}) answered ${status}${first ? `: ${first}` : ''}${hint}`, status);
      }
      throw e;
    }
  }
}
