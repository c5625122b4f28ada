/**
 * A phone's Wi-Fi between a browser and the server: a TCP proxy on 127.0.0.1 that carries what the browser sends at
 * a slow, steady rate (so an upload takes long enough to be cut off in the middle) and can drop every connection at
 * once and refuse new ones for a while, as driving out of the depot's Wi-Fi does.
 */
import { type AddressInfo, connect, createServer, type Socket } from "node:net";

export interface FlakyNetwork {
  /** http://127.0.0.1:<port>, the proxy's address for the server behind it */
  url: string;
  /** bytes carried from the browser to the server so far */
  readonly uploadedBytes: number;
  /** cuts every open connection, both ways, and refuses new ones for `outageMs` */
  drop(outageMs: number): void;
  close(): Promise<void>;
}

/** Time slices the upload rate is kept in. */
const SLICE_MS = 50;

export async function startFlakyNetwork(serverUrl: string, uploadBytesPerSecond: number): Promise<FlakyNetwork> {
  const target = new URL(serverUrl);
  const open = new Set<Socket>();
  let uploadedBytes = 0;
  let offlineUntilMs = 0;
  const bytesPerSlice = Math.max(1, Math.round((uploadBytesPerSecond * SLICE_MS) / 1000));

  const proxy = createServer((browserSide) => {
    if (Date.now() < offlineUntilMs) {
      browserSide.destroy();
      return;
    }
    const serverSide = connect(Number(target.port), target.hostname);
    open.add(browserSide).add(serverSide);
    const forget = () => {
      open.delete(browserSide);
      open.delete(serverSide);
      browserSide.destroy();
      serverSide.destroy();
    };
    browserSide.on("close", forget).on("error", forget);
    serverSide.on("close", forget).on("error", forget);
    serverSide.pipe(browserSide);
    // the browser's bytes go on a slice at a time; the socket waits while they are on their way
    browserSide.on("data", (chunk: Buffer) => {
      browserSide.pause();
      void sendSlowly(chunk, serverSide, bytesPerSlice, (sent) => (uploadedBytes += sent)).then(() => browserSide.resume());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    get uploadedBytes() {
      return uploadedBytes;
    },
    drop: (outageMs) => {
      offlineUntilMs = Date.now() + outageMs;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

async function sendSlowly(chunk: Buffer, to: Socket, bytesPerSlice: number, onSent: (bytes: number) => void): Promise<void> {
  for (let start = 0; start < chunk.length && !to.destroyed; start += bytesPerSlice) {
    const slice = chunk.subarray(start, start + bytesPerSlice);
    to.write(slice);
    onSent(slice.length);
    await new Promise((resolve) => setTimeout(resolve, SLICE_MS));
  }
}
