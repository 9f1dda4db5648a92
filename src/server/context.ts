import type { Config } from '../config.js';
import type { DatabaseHolder } from '../database/holder.js';
import type { DatabaseInstaller } from '../distribution/install.js';
import type { Galleries } from '../galleries/galleries.js';
import type { LocalGallerySync } from '../galleries/sync.js';
import type { IdentifyService } from '../identify/service.js';
import type { LibraryService } from '../library/service.js';
import type { Logger } from '../log.js';
import type { PeopleService } from '../people/service.js';
import type { StashClient } from '../stash/client.js';
import type { VisionEngine } from '../vision/engine.js';

/** Long-lived parts every resolver may use; built once in main.ts. */
export interface AppServices {
  config: Config;
  log: Logger;
  engine: VisionEngine;
  /** The shared database (installed, updated, swapped). */
  holder: DatabaseHolder;
  /** Every gallery searched: the shared database and the local gallery. */
  galleries: Galleries;
  /** Installs and updates the shared database (one, so `databaseInstall` sees the running install's progress). */
  installer: DatabaseInstaller;
  /** The local gallery's sync, when it is on (LOCAL_GALLERY with STASH_URL). */
  localGallery?: LocalGallerySync;
  identify: IdentifyService;
  /** Library runs, kept results, the review queue (absent when the state file could not be opened). */
  library?: LibraryService;
  /** Unknown persons grouped across the library (absent with the library). */
  people?: PeopleService;
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
