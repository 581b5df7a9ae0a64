/** The SSRF guard: internal addresses refused (literal, resolved, redirected to), allowed hosts pass. */
import { afterEach, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer, text } from "../test-support/fixture-server.ts";
import { assertPublicUrl, BlockedUrlError, fetchGuarded, type HostLookup } from "./guarded-fetch.ts";
import { isInternalAddress } from "./internal-address.ts";

const fakeDns: Record<string, string[]> = {
  "intranet.example": ["127.0.0.1"],
  "mixed.example": ["93.184.216.34", "10.1.2.3"],
  "public.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
};
const lookup: HostLookup = async (hostname) => fakeDns[hostname] ?? [];

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("isInternalAddress", () => {
  it.each([
    "127.0.0.1",
    "127.10.20.30",
    "10.0.0.8",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1%eth0",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::a00:1",
    "2002:a00:1::",
    "224.0.0.1",
  ])("%s is internal", (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])(
    "%s is public",
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );
});

describe("assertPublicUrl", () => {
  it.each([
    "http://127.0.0.1:4100/",
    "http://10.2.3.4/index.htm",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://0.0.0.0:3000/",
    "http://2130706433/", // 127.0.0.1 written as one number: the URL parser normalises it
    "http://intranet.example/feed.xml",
    "http://mixed.example/", // every resolved address is checked, not just the first
  ])("refuses %s", async (url) => {
    await expect(assertPublicUrl(new URL(url), { lookup })).rejects.toBeInstanceOf(BlockedUrlError);
  });

  it("refuses non-http schemes", async () => {
    await expect(assertPublicUrl(new URL("file:///etc/passwd"), { lookup })).rejects.toThrow(/http/);
  });

  it("allows public hosts, and internal ones the operator listed", async () => {
    await expect(assertPublicUrl(new URL("https://public.example/rss"), { lookup })).resolves.toBeUndefined();
    await expect(
      assertPublicUrl(new URL("http://127.0.0.1:4100/portal-a/index.htm"), { allowedHosts: ["127.0.0.1:4100"] }),
    ).resolves.toBeUndefined();
    // the allowance is for that port only
    await expect(
      assertPublicUrl(new URL("http://127.0.0.1:4101/"), { allowedHosts: ["127.0.0.1:4100"] }),
    ).rejects.toBeInstanceOf(BlockedUrlError);
  });

  it("resolves localhost through real DNS and refuses it", async () => {
    await expect(assertPublicUrl(new URL("http://localhost:3000/"))).rejects.toBeInstanceOf(BlockedUrlError);
  });
});

describe("fetchGuarded", () => {
  it("fetches an allowed local host and never contacts a refused one", async () => {
    server = await startFixtureServer(() => text("ok"));
    const { response, finalUrl } = await fetchGuarded(fetch, `${server.origin}/a`, {}, { allowedHosts: [server.host] });
    expect(await response.text()).toBe("ok");
    expect(finalUrl.pathname).toBe("/a");
    await expect(fetchGuarded(fetch, `${server.origin}/b`)).rejects.toBeInstanceOf(BlockedUrlError);
    expect(server.requests.map((r) => r.path)).toEqual(["/a"]);
  });

  it("re-checks every redirect target", async () => {
    server = await startFixtureServer((request) =>
      request.path === "/hop"
        ? { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } }
        : { status: 301, headers: { location: "/hop" } },
    );
    const attempt = fetchGuarded(fetch, `${server.origin}/start`, {}, { allowedHosts: [server.host] });
    await expect(attempt).rejects.toThrow(/169\.254\.169\.254/);
    expect(server.requests.map((r) => r.path)).toEqual(["/start", "/hop"]);
  });
});
