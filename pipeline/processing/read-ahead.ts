/**
 * Lets a producer work ahead of its consumer, e.g. ffmpeg decoding the next video frames while the detector looks at
 * this one. At most `depth` items wait, which bounds memory (a 1080p RGB frame is 6 MB).
 */

/**
 * Yields what `source` yields, in order, keeping `depth` requests for the next items open. `source` is an async
 * generator: it answers overlapping requests one after the other, so the open requests are what it may produce ahead.
 * When the consumer stops early, the source is closed once it has answered the requests already open.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>, depth: number): AsyncGenerator<T> {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`read-ahead depth must be a positive integer, got ${depth}`);
  const requested: Promise<IteratorResult<T>>[] = [];
  const request = (): void => {
    const next = source.next();
    // a failure is rethrown when its turn comes; until then it must not count as an unhandled rejection
    next.catch(() => undefined);
    requested.push(next);
  };
  try {
    for (let i = 0; i < depth; i++) request();
    for (;;) {
      const result = await requested.shift()!;
      if (result.done === true) return;
      request();
      yield result.value;
    }
  } finally {
    await source.return(undefined);
  }
}
