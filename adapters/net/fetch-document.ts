/** Fetch a configured page or feed as bytes through the SSRF guard and decode it (shared by h5 and rss). */
import { ChannelError, Transient } from "../contract.ts";
import { type DecodedBody, decodeBody } from "./decode-body.ts";
import { fetchGuarded, type GuardOptions } from "./guarded-fetch.ts";

export interface FetchedDocument {
  status: number;
  /** after redirects */
  url: URL;
  headers: Headers;
  bytes: Uint8Array;
  decoded: DecodedBody;
}

export interface FetchDocumentOptions extends GuardOptions {
  kind: "html" | "xml";
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; qnzs-hub/0.1; +https://qnzs.youth.cn)";

export async function fetchDocument(
  fetchImpl: typeof fetch,
  url: string | URL,
  options: FetchDocumentOptions,
): Promise<FetchedDocument> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let guarded: Awaited<ReturnType<typeof fetchGuarded>>;
  let bytes: Uint8Array;
  try {
    guarded = await fetchGuarded(
      fetchImpl,
      url,
      { headers: { "user-agent": DEFAULT_USER_AGENT, ...options.headers }, signal },
      options,
    );
    bytes = new Uint8Array(await guarded.response.arrayBuffer());
  } catch (error) {
    if (error instanceof ChannelError) throw error; // the guard's own refusal
    const reason = error instanceof Error ? error.message : String(error);
    throw new Transient(`网络错误，无法获取 ${String(url)} / network error: ${reason}`, "network");
  }
  const { response, finalUrl } = guarded;
  return {
    status: response.status,
    url: finalUrl,
    headers: response.headers,
    bytes,
    decoded: decodeBody(bytes, response.headers.get("content-type"), options.kind),
  };
}
