import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { checkPublicUrl, isPublicAddress, nonPublicUrlReason, parseHostAllowlist, publicHttpsAgent, publicOnlyLookup } from "./public-address";

describe("public addresses only", () => {
  test.each([
    ["8.8.8.8", true],
    ["172.32.0.1", true],
    ["2001:4860:4860::8888", true],
    ["::ffff:8.8.8.8", true],
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.20.0.1", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["::", false],
    ["fd00::1", false],
    ["fe80::1", false],
    ["::ffff:127.0.0.1", false],
    ["push.example.com", false],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  test("the lookup refuses a name that resolves to loopback and passes a public address through", async () => {
    const lookup = (host: string, all: boolean) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        publicOnlyLookup(host, { all }, (err, address) => resolve({ err, address })),
      );
    const local = await lookup("localhost", false);
    expect(local.err?.code).toBe("ENOTPUBLIC");
    expect(local.err?.message).toMatch(/^localhost resolves to a non-public address/);
    expect((await lookup("localhost", true)).err?.code).toBe("ENOTPUBLIC");
    expect(await lookup("8.8.8.8", false)).toEqual({ err: null, address: "8.8.8.8" });
  });

  test("the agent never opens a connection to a local server reached by name", async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const agent = publicHttpsAgent();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = https.request({ host: "localhost", port, path: "/", agent, family: 4 }, () => resolve(new Error("connected")));
      req.on("error", resolve);
      req.end();
    });
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    expect(error.code).toBe("ENOTPUBLIC");
    expect(connections).toBe(0);
  });
});

describe("user-supplied URLs (alert webhooks)", () => {
  const none = parseHostAllowlist(undefined);
  test.each([
    ["http://2130706433/", "private"],
    ["http://0x7f.0.0.1/", "private"],
    ["http://[::1]:8080/", "private"],
    ["http://[::ffff:7f00:1]/", "private"],
    ["http://169.254.169.254/latest/meta-data/", "private"],
    ["http://10.0.0.1/", "private"],
    ["ftp://example.com/", "http(s)"],
  ])("%s is refused without DNS", (url, reason) => {
    expect(nonPublicUrlReason(new URL(url), none)).toContain(reason);
  });

  test("names are left to the connect-time lookup, except well-known local names when asked", () => {
    expect(nonPublicUrlReason(new URL("http://localhost:9000/"), none)).toBeNull();
    expect(nonPublicUrlReason(new URL("http://localhost.:9000/"), none, { names: true })).toMatch(/local host name/);
    expect(nonPublicUrlReason(new URL("http://metadata.google.internal/"), none, { names: true })).toMatch(/local host name/);
    expect(nonPublicUrlReason(new URL("https://hooks.slack.com/services/x"), none, { names: true })).toBeNull();
  });

  test("the allow-list opens exact host:port pairs only (default ports filled in, IPv6 brackets optional)", () => {
    const allow = parseHostAllowlist(" chat.internal:8065, 10.0.0.5:443,[::1]:9000 ");
    expect(nonPublicUrlReason(new URL("http://chat.internal:8065/hook"), allow, { names: true })).toBeNull();
    expect(nonPublicUrlReason(new URL("https://10.0.0.5/hook"), allow)).toBeNull();
    expect(nonPublicUrlReason(new URL("http://10.0.0.5/hook"), allow)).toMatch(/private/); // port 80, not 443
    expect(nonPublicUrlReason(new URL("http://[::1]:9000/"), allow)).toBeNull();
    expect(nonPublicUrlReason(new URL("http://[::1]:9001/"), allow)).toMatch(/private/);
  });

  test("on save, a name resolving to loopback is refused", async () => {
    expect(await checkPublicUrl("http://localhost:5432/", none)).toMatch(/local host name/);
    expect(await checkPublicUrl("not a url", none)).toBe("must be a URL");
  });
});
