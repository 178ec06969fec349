import { describe, expect, it } from "vitest";
import { createMasker, MaskingConfigError, passesLuhn } from "./masking";
import type { ObservationRecord } from "./types";

const mask = createMasker();

describe("built-in rules", () => {
  it.each([
    ["mail john.doe+tag@mail.example.co.uk now", "mail [EMAIL] now"],
    ["<a@b.io>", "<[EMAIL]>"],
  ])("email: %s", (input, expected) => expect(mask.maskString(input)).toBe(expected));

  it.each([
    "+1 (555) 123-4567",
    "+44 20 7946 0958",
    "+33 1 23 45 67 89",
    "+4915112345678",
    "+49 30 1234567",
    "(555) 123-4567",
    "555-123-4567",
    "020 7946 0958",
    "06 12 34 56 78",
  ])("phone: %s", (phone) => {
    expect(mask.maskString(`call ${phone} today`)).toBe("call [PHONE] today");
  });

  it.each([
    "released 2024-08-06",
    "at 12:30:45",
    "order 12345",
    "pi is 3.14159",
    "1 000 000 tokens",
    "v1.2.3",
    "id 20240806123000",
  ])("leaves non-phones alone: %s", (text) => {
    expect(mask.maskString(text)).toBe(text);
  });

  it("cards: Luhn-valid numbers in common groupings are masked", () => {
    expect(mask.maskString("card 4111 1111 1111 1111 exp")).toBe("card [CARD] exp");
    expect(mask.maskString("4111111111111111")).toBe("[CARD]");
    expect(mask.maskString("5500-0000-0000-0004")).toBe("[CARD]");
    expect(mask.maskString("amex 378282246310005")).toBe("amex [CARD]");
    expect(mask.maskString("mc 2223000048400011, discover 6011111111111117, jcb 3566002020360505")).toBe(
      "mc [CARD], discover [CARD], jcb [CARD]",
    );
  });

  it("cards: Luhn-valid runs without a card issuer prefix are not masked", () => {
    expect(passesLuhn("1751371200000002")).toBe(true); // a timestamp-like id
    expect(mask.maskString("ts 1751371200000002")).toBe("ts 1751371200000002");
  });

  it("cards: Luhn failures and longer digit runs are not masked", () => {
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(mask.maskString("ref 4111 1111 1111 1112")).toBe("ref 4111 1111 1111 1112");
    expect(mask.maskString("trace 4111111111111111111111111")).toBe("trace 4111111111111111111111111");
    expect(passesLuhn("0000000000000000")).toBe(false);
  });

  it.each([
    ["key sk-proj-AbCdEf0123456789ghIJklmnOP end", "key [SECRET] end"],
    ["sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "[SECRET]"],
    ["Authorization: Bearer abcdef0123456789xyzXYZ", "Authorization: Bearer [SECRET]"],
    ["aws AKIAIOSFODNN7EXAMPLE", "aws [SECRET]"],
    [`gh ghp_${"a1B2".repeat(9)}`, "gh [SECRET]"],
    [
      "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "jwt [SECRET]",
    ],
  ])("secret: %s", (input, expected) => expect(mask.maskString(input)).toBe(expected));

  it.each([
    ["from 10.0.0.1 to", "from [IP] to"],
    ["host 192.168.1.254.", "host [IP]."],
    ["v6 2001:db8::ff00:42:8329 ok", "v6 [IP] ok"],
    ["loopback ::1", "loopback [IP]"],
    ["full 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "full [IP]"],
    ["mapped ::ffff:192.168.0.1", "mapped [IP]"],
  ])("ip: %s", (input, expected) => expect(mask.maskString(input)).toBe(expected));

  it.each(["at 12:30:45", "mac 00:1A:2B:3C:4D:5E", "std::vector<int>", "bad 999.1.1.1", "dead::beef"])(
    "leaves non-IPs alone: %s",
    (text) => expect(mask.maskString(text)).toBe(text),
  );

  it("rules can be switched off per project", () => {
    const noEmail = createMasker({ rules: { email: false } });
    expect(noEmail.maskString("a@b.io 10.0.0.1")).toBe("a@b.io [IP]");
    expect(createMasker({ enabled: false }).maskString("a@b.io")).toBe("a@b.io");
  });

  it("stays fast on pathological input (no catastrophic backtracking)", () => {
    const inputs = [
      "a".repeat(200_000),
      "1".repeat(100_000),
      "a.".repeat(50_000),
      "a@".repeat(50_000),
      "1 ".repeat(50_000),
      "a:".repeat(50_000),
      `+${"1-".repeat(30_000)}`,
    ];
    // CPU time, not wall time: a busy machine must not fail this (catastrophic backtracking would take minutes).
    const cpu = process.cpuUsage();
    for (const s of inputs) mask.maskString(s);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});

describe("JSON values", () => {
  it("masks nested message arrays and shares untouched subtrees", () => {
    const untouched = { role: "system", parts: [{ type: "text", content: "Be kind." }] };
    const messages = [
      untouched,
      { role: "user", parts: [{ type: "text", content: "I am bob@corp.com, card 4111111111111111" }] },
    ];
    const masked = mask(messages);
    expect(masked).toEqual([
      untouched,
      { role: "user", parts: [{ type: "text", content: "I am [EMAIL], card [CARD]" }] },
    ]);
    expect(masked[0]).toBe(untouched);
    expect(messages[1].parts[0].content).toContain("bob@corp.com"); // input not mutated
    expect(mask(42)).toBe(42);
    expect(mask(undefined)).toBeUndefined();
  });
});

describe("custom patterns", () => {
  it("replaces with [CUSTOM:label] and runs before the built-ins", () => {
    const m = createMasker({
      customPatterns: [
        { label: "order", pattern: "ORD-\\d{6}" },
        { label: "acct", pattern: "acct-\\d{3} \\d{3} \\d{4}", flags: "i" },
      ],
    });
    expect(m.maskString("order ORD-123456 for ACCT-555 123 4567")).toBe("order [CUSTOM:order] for [CUSTOM:acct]");
  });

  it("rejects invalid regexes with a clear error", () => {
    expect(() => createMasker({ customPatterns: [{ label: "bad", pattern: "(unclosed" }] })).toThrowError(
      MaskingConfigError,
    );
    expect(() => createMasker({ customPatterns: [{ label: "bad", pattern: "(unclosed" }] })).toThrowError(
      /Invalid custom masking pattern "bad"/,
    );
    expect(() => createMasker({ customPatterns: [{ label: "empty", pattern: "x*" }] })).toThrowError(
      /matches the empty string/,
    );
    expect(() => createMasker({ customPatterns: [{ label: "has space", pattern: "x" }] })).toThrowError(/label/);
    expect(() => createMasker({ customPatterns: [{ label: "f", pattern: "x", flags: "g" }] })).toThrowError(/flags/);
  });
});

function record(overrides: Partial<ObservationRecord> = {}): ObservationRecord {
  return {
    id: "s",
    traceId: "t",
    parentObservationId: null,
    type: "generation",
    name: "chat",
    startTime: new Date(0),
    endTime: null,
    level: "ERROR",
    statusMessage: "failed for eve@x.io",
    model: "gpt-4o",
    provider: "openai",
    modelParameters: { temperature: 0, user: "eve@x.io" },
    usage: null,
    cost: null,
    costSource: null,
    priceId: null,
    input: [{ role: "user", content: "my ip is 10.1.2.3" }],
    output: "call +44 20 7946 0958",
    metadata: { "app.customer": "eve@x.io", resource: { "host.ip": "10.0.0.7" }, count: 3 },
    events: [{ name: "exception", time: new Date(0), attributes: { "exception.message": "bad key sk-abcdefghijklmnopqrstuvwxyz" } }],
    environment: "default",
    sessionId: null,
    userId: null,
    conversationId: null,
    tags: [],
    ...overrides,
  };
}

describe("maskObservation", () => {
  it("masks input, output, metadata, event attributes, status message and parameters", () => {
    const r = mask.maskObservation(record());
    expect(r.input).toEqual([{ role: "user", content: "my ip is [IP]" }]);
    expect(r.output).toBe("call [PHONE]");
    expect(r.metadata).toEqual({ "app.customer": "[EMAIL]", resource: { "host.ip": "[IP]" }, count: 3 });
    expect(r.events[0].attributes["exception.message"]).toBe("bad key [SECRET]");
    expect(r.statusMessage).toBe("failed for [EMAIL]");
    expect(r.modelParameters).toEqual({ temperature: 0, user: "[EMAIL]" });
  });

  it("dropPayloads removes input/output but still masks metadata", () => {
    const r = createMasker({ dropPayloads: true }).maskObservation(record());
    expect(r.input).toBeUndefined();
    expect(r.output).toBeUndefined();
    expect(r.metadata["app.customer"]).toBe("[EMAIL]");
  });

  it("returns the same record when nothing needs masking", () => {
    const clean = record({
      statusMessage: null,
      modelParameters: null,
      input: "hi",
      output: "hello",
      metadata: { a: 1 },
      events: [],
    });
    expect(mask.maskObservation(clean)).toBe(clean);
  });
});
