import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { isPublicAddress, publicHttpsAgent, publicOnlyLookup } from "./public-address";

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
