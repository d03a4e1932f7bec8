import { describe, expect, it } from "vitest";
import { checkUrl, classifyAddress } from "./ssrf";

// A resolver with fixed answers: the guard's decisions must not depend on this machine's DNS.
function fakeDns(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup = async (host: string) => {
    asked.push(host);
    const answer = table[host];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answer;
  };
  return { lookup, asked };
}

describe("classifyAddress", () => {
  it.each([
    ["169.254.169.254", "link_local"],
    ["169.254.0.1", "link_local"],
    ["fe80::1", "link_local"],
    ["febf:ffff::1", "link_local"],
    ["::ffff:169.254.169.254", "link_local"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["[fe80::1]", "link_local"],
    ["64:ff9b::169.254.169.254", "link_local"],
    ["2002:a9fe:a9fe::1", "link_local"],
    ["fd00:ec2::254", "metadata"],
    ["fd00:ec2:0:0:0:0:0:254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["168.63.129.16", "metadata"],
    ["192.0.0.192", "metadata"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.255", "private"],
    ["0.0.0.0", "private"],
    ["0.1.2.3", "private"],
    ["::", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:192.168.0.1", "private"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["172.15.255.255", "public"],
    ["100.128.0.1", "public"],
    ["169.253.255.255", "public"],
    ["2606:4700:4700::1111", "public"],
    ["::ffff:8.8.8.8", "public"],
    ["fec0::1", "private"],
  ])("%s is %s", (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it("throws on what is not an IP address", () => {
    expect(() => classifyAddress("example.com")).toThrow();
    expect(() => classifyAddress("")).toThrow();
  });
});

describe("checkUrl", () => {
  it("refuses the metadata service by address, naming the URL, the address and why", async () => {
    const r = await checkUrl("http://169.254.169.254/latest/meta-data", { blockPrivate: false });
    expect(r).toEqual({
      ok: false,
      reason:
        "Blocked request to http://169.254.169.254/latest/meta-data: 169.254.169.254 is a link-local address (cloud metadata); the runner never reaches it",
      cause: "169.254.169.254 is a link-local address (cloud metadata)",
    });
  });

  it("refuses link-local and metadata addresses even when private networks are allowed", async () => {
    for (const url of [
      "http://[fe80::1]/",
      "http://[::ffff:169.254.169.254]/",
      "https://[fd00:ec2::254]/latest",
      "http://169.254.10.10:8080/",
      // Spellings the URL parser turns into 169.254.169.254.
      "http://0xa9fea9fe/",
      "http://2852039166/",
      "http://0251.0376.0251.0376/",
    ]) {
      const r = await checkUrl(url, { blockPrivate: false });
      expect(r.ok, url).toBe(false);
    }
  });

  it("allows loopback and private addresses unless blockPrivate", async () => {
    for (const url of ["http://127.0.0.1:3000/demo-shop", "http://[::1]/", "http://10.0.0.5/", "http://192.168.1.1/"]) {
      expect(await checkUrl(url, { blockPrivate: false }), url).toEqual({ ok: true });
      const blocked = await checkUrl(url, { blockPrivate: true });
      expect(blocked.ok, url).toBe(false);
      if (!blocked.ok) expect(blocked.reason).toMatch(/is a (loopback|private) address; this runner does not reach private networks$/);
    }
  });

  it("resolves host names and refuses when any address is forbidden", async () => {
    const dns = fakeDns({
      "shop.example": ["93.184.215.14"],
      "mixed.example": ["93.184.215.14", "169.254.169.254"],
      "intranet.example": ["2606:4700::1", "10.1.2.3"],
      "v6meta.example": ["fd00:ec2::254"],
    });
    expect(await checkUrl("https://shop.example/cart", { blockPrivate: true, lookup: dns.lookup })).toEqual({ ok: true });
    expect(await checkUrl("https://mixed.example/", { blockPrivate: false, lookup: dns.lookup })).toEqual({
      ok: false,
      reason:
        "Blocked request to https://mixed.example/: mixed.example resolves to 169.254.169.254, a link-local address (cloud metadata); the runner never reaches it",
      cause: "mixed.example resolves to 169.254.169.254, a link-local address (cloud metadata)",
    });
    expect(await checkUrl("https://intranet.example/", { blockPrivate: false, lookup: dns.lookup })).toEqual({ ok: true });
    const intranet = await checkUrl("https://intranet.example/", { blockPrivate: true, lookup: dns.lookup });
    expect(intranet).toMatchObject({ ok: false, reason: expect.stringContaining("resolves to 10.1.2.3, a private address") });
    const meta = await checkUrl("http://v6meta.example/", { blockPrivate: false, lookup: dns.lookup });
    expect(meta).toMatchObject({ ok: false, reason: expect.stringContaining("a cloud metadata address") });
  });

  it("does not look up IP literals", async () => {
    const dns = fakeDns({});
    expect(await checkUrl("http://93.184.215.14/", { blockPrivate: true, lookup: dns.lookup })).toEqual({ ok: true });
    expect(await checkUrl("http://[2606:4700::1]:8443/", { blockPrivate: true, lookup: dns.lookup })).toEqual({ ok: true });
    expect(dns.asked).toEqual([]);
  });

  it("reports a host that does not resolve as unresolved, not as an attack", async () => {
    const dns = fakeDns({ "empty.example": [] });
    expect(await checkUrl("http://nowhere.example/", { blockPrivate: false, lookup: dns.lookup })).toEqual({
      ok: false,
      reason: "Could not resolve nowhere.example: ENOTFOUND",
      cause: "could not resolve nowhere.example: ENOTFOUND",
      unresolved: true,
    });
    expect(await checkUrl("http://empty.example/", { blockPrivate: false, lookup: dns.lookup })).toMatchObject({
      ok: false,
      unresolved: true,
    });
  });

  it("uses the system resolver by default", async () => {
    // localhost resolves from /etc/hosts, without a network.
    const r = await checkUrl("http://localhost:9/", { blockPrivate: true });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^Blocked request to http:\/\/localhost:9\/: localhost resolves to (127\.0\.0\.1|::1), a loopback address/) });
  });

  it("allows data:, blob: and about: URLs and refuses other schemes", async () => {
    for (const url of ["data:text/html,<p>hi</p>", "blob:http://shop.example/1b2c", "about:blank"]) {
      expect(await checkUrl(url, { blockPrivate: true }), url).toEqual({ ok: true });
    }
    for (const url of ["file:///etc/passwd", "ftp://ftp.example/", "chrome://settings", "javascript:alert(1)", "gopher://x/"]) {
      const r = await checkUrl(url, { blockPrivate: false });
      expect(r.ok, url).toBe(false);
    }
    expect(await checkUrl("file:///etc/passwd", { blockPrivate: false })).toEqual({
      ok: false,
      reason:
        "Blocked request to file:///etc/passwd: the file: scheme is not allowed; the runner loads only http(s), data:, blob: and about: URLs",
      cause: "the file: scheme is not allowed",
    });
    expect(await checkUrl("not a url", { blockPrivate: false })).toEqual({
      ok: false,
      reason: "Blocked request to not a url: not a valid URL",
      cause: "not a valid URL",
    });
  });
});

describe("names the browser resolves itself", () => {
  it("judges localhost and *.localhost as loopback without asking DNS (Chromium never does)", async () => {
    const dns = fakeDns({});
    for (const url of ["http://localhost:3000/", "http://secret.localhost/", "http://a.b.LOCALHOST./x"]) {
      const verdict = await checkUrl(url, { blockPrivate: true, lookup: dns.lookup });
      expect(verdict.ok, url).toBe(false);
      expect(verdict.ok ? "" : verdict.reason).toMatch(/loopback/);
      expect(await checkUrl(url, { blockPrivate: false, lookup: dns.lookup })).toEqual({ ok: true });
    }
    expect(dns.asked).toEqual([]);
  });
});
