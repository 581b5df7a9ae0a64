/** Weibo Open API v2 over HTTP: token placement, response reading and error mapping. */
import { AuthExpired, BadPayload, Transient } from "../contract.ts";
import { JsonSyntaxError, looksTruncatedJson, parseLenientJson } from "../shared/lenient-json.ts";
import { readErrorCode, toHttpError, toWeiboError } from "./errors.ts";

export type WeiboParams = Record<string, string | number | null | undefined>;

export interface WeiboClientOptions {
  apiBase: string;
  accessToken: string | null | undefined;
  fetch: typeof fetch;
  now: () => Date;
  signal?: AbortSignal;
}

export interface WeiboClient {
  get(path: string, params?: WeiboParams): Promise<unknown>;
  post(path: string, params?: WeiboParams): Promise<unknown>;
}

export function createWeiboClient(options: WeiboClientOptions): WeiboClient {
  const base = options.apiBase.replace(/\/+$/, "");
  const request = async (method: "GET" | "POST", path: string, params: WeiboParams = {}): Promise<unknown> => {
    const token = options.accessToken;
    if (!token) throw new AuthExpired("微博账号尚未授权 / the Weibo account is not authorised yet", "no_token");
    const form = toSearchParams({ ...params, access_token: token });
    const url = new URL(`${base}${path}`);
    if (method === "GET") url.search = form.toString();
    const init: RequestInit = {
      method,
      // both placements, as the SDKs do: some endpoints read the header, others the parameter
      headers: {
        authorization: `OAuth2 ${token}`,
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(method === "POST" ? { body: form.toString() } : {}),
      signal: withTimeout(options.signal),
    };
    return sendWeiboRequest(options.fetch, url, init, options.now);
  };
  return {
    get: (path, params) => request("GET", path, params),
    post: (path, params) => request("POST", path, params),
  };
}

/** Sends one request and returns the parsed JSON body, or throws the contract error the response means. */
export async function sendWeiboRequest(
  fetchImpl: typeof fetch,
  url: URL,
  init: RequestInit,
  now: () => Date,
): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, init);
    text = await response.text();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Transient(`无法连接微博 / network error: ${reason}`, "network");
  }
  let body: unknown;
  try {
    body = parseLenientJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (!response.ok) throw toHttpError(response.status);
    if (looksTruncatedJson(text)) {
      throw new Transient("微博返回的数据不完整（连接中断） / truncated JSON from Weibo, will retry", "truncated_json");
    }
    throw new BadPayload("微博返回了无法解析的内容 / unreadable body from Weibo", text, "unparseable");
  }
  // read the body on every status: Weibo sends its JSON error with 400/403 and occasionally with 200
  if (readErrorCode(body) !== null) throw toWeiboError(body, response.status, now());
  if (!response.ok) throw toHttpError(response.status);
  return body;
}

/** a platform that never answers must not hold a crawler lease forever */
const REQUEST_TIMEOUT_MS = 30_000;

function withTimeout(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function toSearchParams(params: WeiboParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  return search;
}
