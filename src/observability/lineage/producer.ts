/**
 * Who produced an event: floe at a version. OpenLineage wants a URI; a tree
 * URL of the release tag lets a reader find the exact code that emitted it.
 */
export interface LineageProducer {
  /** floe's version, e.g. `0.1.0`. */
  version: string;
  /** The `producer` / `_producer` URI. */
  uri: string;
}

export function lineageProducer(version: string): LineageProducer {
  return { version, uri: `https://github.com/floe-dev/floe/tree/${encodeURIComponent(version)}` };
}
