import type { Config } from '../config.js';
import type { DatabaseHolder } from '../database/holder.js';
import type { IdentifyService } from '../identify/service.js';
import type { LibraryService } from '../library/service.js';
import type { Logger } from '../log.js';
import type { StashClient } from '../stash/client.js';
import type { VisionEngine } from '../vision/engine.js';

/** Long-lived parts every resolver may use; built once in main.ts. */
export interface AppServices {
  config: Config;
  log: Logger;
  engine: VisionEngine;
  holder: DatabaseHolder;
  identify: IdentifyService;
  /** Library runs, kept results, the review queue (absent when the state file could not be opened). */
  library?: LibraryService;
  stash?: StashClient;
  version: string;
  /** Problems a user should fix (e.g. PUBLIC_URL unset), shown by `health`. */
  warnings: string[];
  /** Extra checks other modules add to `health` (ffmpeg, database updates). */
  ffmpeg?: () => Promise<{ path: string | null; version: string | null; error: string | null }>;
  updates?: { latest(): Promise<{ latest_version: string | null; update_available: boolean; error: string | null }> };
}

export interface GraphQLContext extends AppServices {
  request: Request;
}
