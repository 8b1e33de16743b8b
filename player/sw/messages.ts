/**
 * What the page and the service worker say to each other (over a MessageChannel, one reply per
 * request). Types only: the page imports them without pulling service-worker code into its bundle.
 */

/** A file of the manifest to keep offline (the protocol's `Asset`). */
export interface CacheAsset {
  url: string;
  sha256?: string;
  bytes?: number;
}

/** Page → worker. */
export type SwRequest =
  /** Cache exactly these media files (download the missing ones, verify, evict the rest). */
  | { type: 'syncAssets'; assets: CacheAsset[] }
  /** How much the media cache holds now. */
  | { type: 'cacheInfo' }
  /** Drop every cached media file and runtime asset (the shell stays), then re-fetch `assets`. */
  | { type: 'clearCache'; assets: CacheAsset[] };

/** A file that could not be cached, and why (shown in the report to the server). */
export interface AssetFailure {
  url: string;
  reason: 'http' | 'network' | 'sha256';
  detail: string;
}

/** Worker → page, the reply to any request. */
export interface CacheReport {
  /** Media files in the cache now. */
  assets: number;
  /** Their total size in bytes. */
  bytes: number;
  /** Files downloaded by this request. */
  fetched: number;
  /** Files evicted by this request. */
  evicted: number;
  failed: AssetFailure[];
  /** The shell version this worker precached (build hash). */
  shellVersion: string;
}
