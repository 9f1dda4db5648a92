import type { Calibration } from '../database/format.js';
import type { DatabaseHolder } from '../database/holder.js';
import type { FaceDatabase } from '../database/loader.js';
import defaultCalibration from '../recognition/default-calibration.json' with { type: 'json' };
import { AppError } from '../errors.js';
import type { GallerySource } from './searchable.js';
import { GalleryUnion } from './union.js';

/** What the local gallery says about itself while it has nothing to serve yet (its first sync). */
export interface LocalGalleryState {
  /** The sync is running or about to: identify answers (with no local names yet) instead of failing. */
  pending: boolean;
  describe(): string;
}

/**
 * Every gallery the sidecar searches: the shared database (DATABASE_PATH, installed and swapped by its holder) and
 * the local gallery built from the user's Stash (its own holder under STATE_PATH). A request takes one snapshot
 * (`require`), so a swap of either mid-request changes nothing for it.
 */
export class Galleries implements GallerySource {
  private cached?: { shared?: FaceDatabase; local?: FaceDatabase; union: GalleryUnion };

  constructor(
    readonly shared: DatabaseHolder,
    readonly local?: DatabaseHolder,
    private readonly localState?: LocalGalleryState,
  ) {}

  /** The galleries loaded now, searched as one; undefined when none is loaded and none is on its way. */
  get current(): GalleryUnion | undefined {
    const shared = this.shared.current;
    const local = this.local?.current;
    if (!shared && !local && !this.localState?.pending) return undefined;
    if (this.cached && this.cached.shared === shared && this.cached.local === local) return this.cached.union;
    const union = new GalleryUnion(shared, local, defaultCalibration as unknown as Calibration);
    this.cached = { shared, local, union };
    return union;
  }

  /** Called after either gallery (re)loads, with the galleries as they now stand (kept results are re-matched). */
  onLoaded(listener: (union: GalleryUnion) => void): void {
    const notify = () => {
      const union = this.current;
      if (union) listener(union);
    };
    this.shared.onLoaded(notify);
    this.local?.onLoaded(notify);
  }

  /**
   * The galleries for one request, held until `release`: a reload meanwhile serves later requests the new package
   * and frees the replaced one's native indexes only once every request that holds it is done.
   */
  acquire(): { db: GalleryUnion; release: () => void } {
    const union = this.require();
    // Synchronous with require: each holder's current database is the one the union was built from.
    const leases = [union.shared && this.shared.acquire(), union.local && this.local?.acquire()].filter((l) => !!l);
    return { db: union, release: () => leases.forEach((l) => l.release()) };
  }

  /** The galleries for one request, or DATABASE_NOT_LOADED saying why each one is missing. */
  require(): GalleryUnion {
    const union = this.current;
    if (union) return union;
    const reasons = [`shared database: ${this.shared.lastError ?? 'none installed yet'}`];
    if (this.localState) reasons.push(`local gallery: ${this.localState.describe()}`);
    else reasons.push('local gallery: off (set STASH_URL, and LOCAL_GALLERY=true, to enrol your own Stash performers)');
    throw new AppError('DATABASE_NOT_LOADED', `No face database is loaded (${reasons.join('; ')}).`);
  }
}
