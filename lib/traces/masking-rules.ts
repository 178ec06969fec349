// Built-in PII / secret detectors, run as a few passes in priority order
// (secrets, emails, IPv6, then everything digit-based). Each pass is one
// combined regex and is skipped outright when the string lacks the character
// it needs ("@", ":", a digit), which most strings do. Every rule starts with
// a negative lookbehind on its own character class: a match can only begin
// at the start of a token, which keeps scanning linear on long tokens (base64
// blobs, digit runs) instead of retrying from every position inside them.
// Regexes find candidates; validators (Luhn, digit counts, IPv6 grammar) then
// decide, so arbitrary numbers, dates and times are not masked.

export const BUILTIN_RULE_IDS = ["secret", "email", "ip", "card", "phone"] as const;
export type BuiltinRuleId = (typeof BUILTIN_RULE_IDS)[number];

export const MASK_TOKENS: Readonly<Record<BuiltinRuleId, string>> = {
  secret: "[SECRET]",
  email: "[EMAIL]",
  ip: "[IP]",
  card: "[CARD]",
  phone: "[PHONE]",
};

type PassName = "secret" | "email" | "ipv6" | "digits";

/** Passes run in this order; earlier passes win overlapping text. */
const PASS_ORDER: readonly PassName[] = ["secret", "email", "ipv6", "digits"];

const HAS_DIGIT = /\d/;
const PASS_GATES: Readonly<Record<PassName, (s: string) => boolean>> = {
  secret: () => true,
  email: (s) => s.indexOf("@") !== -1,
  ipv6: (s) => s.indexOf(":") !== -1,
  digits: (s) => HAS_DIGIT.test(s),
};

interface RulePart {
  rule: BuiltinRuleId;
  pass: PassName;
  /** Regex source without an outer group; may contain `innerGroups` groups. */
  source: string;
  innerGroups: number;
  /** Replacement, or null to leave the candidate untouched. */
  replace(match: string, inner: readonly (string | undefined)[]): string | null;
}

// ---- validators ----------------------------------------------------------

/** Luhn checksum over the digits of `text`, ignoring separators. */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let digits = 0;
  let double = false;
  let nonZero = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    if (c !== 0) nonZero = true;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return nonZero && digits >= 13 && digits <= 19 && sum % 10 === 0;
}

/**
 * Issuer prefixes of the card networks (Visa 4, Mastercard 51-55/2221-2720,
 * Amex 34/37, Diners 30/36/38/39, JCB 35, Discover/UnionPay/Maestro 5x/6x).
 * With Luhn alone 1 in 10 arbitrary digit runs would pass; this rejects e.g.
 * millisecond and nanosecond timestamps, which start with 1.
 */
export function hasCardIssuerPrefix(text: string): boolean {
  let digits = "";
  for (let i = 0; i < text.length && digits.length < 4; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
  }
  switch (digits[0]) {
    case "4":
    case "5":
    case "6":
      return true;
    case "3":
      return digits[1] !== "1" && digits[1] !== "2" && digits[1] !== "3";
    case "2": {
      const four = Number(digits);
      return four >= 2221 && four <= 2720;
    }
    default:
      return false;
  }
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function isIpv4(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === "0") || Number(p) > 255) return false;
  }
  return true;
}

/** Full IPv6 grammar check on a candidate (incl. "::" and an IPv4 tail). */
export function isIpv6(text: string): boolean {
  if (countDigits(text) === 0) return false; // "dead::beef", "Foo::bar"-like code
  const halves = text.split("::");
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === "") continue;
    const parts = halves[h].split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const lastOfAll = h === halves.length - 1 && i === parts.length - 1;
      if (lastOfAll && p.includes(".")) {
        if (!isIpv4(p)) return false;
        groups += 2;
        continue;
      }
      if (p.length === 0 || p.length > 4 || !/^[0-9A-Fa-f]+$/.test(p)) return false;
      groups++;
    }
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}

const DATE_LIKE = /^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$|^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{4}$/;

// ---- rules ---------------------------------------------------------------

const SECRET_SOURCE = [
  // OpenAI / Anthropic style keys (sk-..., sk-proj-..., sk-ant-api03-...)
  "(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}",
  // AWS access key ids
  "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])",
  // GitHub tokens
  "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}",
  "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}",
  // Slack and Google API keys
  "(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}",
  "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}",
  // JWTs: base64url JSON header and payload both start with eyJ ('{"')
  "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*",
].join("|");

const PARTS: readonly RulePart[] = [
  {
    rule: "secret",
    pass: "secret",
    // Bearer tokens keep their scheme so logs still read naturally.
    source: `(?<![A-Za-z])((?:[Bb]earer|BEARER)\\s+)[A-Za-z0-9._~+/=-]{16,}|${SECRET_SOURCE}`,
    innerGroups: 1,
    replace: (_m, inner) => (inner[0] !== undefined ? `${inner[0]}${MASK_TOKENS.secret}` : MASK_TOKENS.secret),
  },
  {
    rule: "email",
    pass: "email",
    source: "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}",
    innerGroups: 0,
    replace: () => MASK_TOKENS.email,
  },
  {
    rule: "ip",
    pass: "ipv6",
    // Candidates (incl. an IPv4 tail), then validated against the grammar.
    source:
      "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![0-9A-Za-z:]|\\.\\d)",
    innerGroups: 0,
    replace: (m) => (isIpv6(m) ? MASK_TOKENS.ip : null),
  },
  {
    rule: "ip",
    pass: "digits",
    source: "(?<![0-9.])(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}(?!\\.?\\d)",
    innerGroups: 0,
    replace: () => MASK_TOKENS.ip,
  },
  {
    rule: "card",
    pass: "digits",
    // 13–19 digits, optionally grouped by single spaces or dashes.
    source: "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?!\\d)",
    innerGroups: 0,
    replace: (m) => (hasCardIssuerPrefix(m) && passesLuhn(m) ? MASK_TOKENS.card : null),
  },
  {
    rule: "phone",
    pass: "digits",
    source:
      // International: +CC then digit groups, or compact E.164.
      "(?<![\\w+])\\+(?:\\d{7,15}(?!\\d)|\\d{1,3}(?:[ .-]?\\(\\d{1,4}\\))?(?:[ .-]?\\d{1,4})?(?:[ .-]\\d{1,8}){1,5}(?!\\d))" +
      // North American (555) 123-4567 / 555-123-4567.
      "|(?<![\\w+.-])(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w]|[.-]\\d)" +
      // National trunk-prefixed: 020 7946 0958, 06 12 34 56 78, 030 1234567.
      "|(?<![\\w+.-])\\(?0\\d{1,4}\\)?(?:[ .-]\\d{2,8}){1,4}(?![\\w]|[.-]\\d)",
    innerGroups: 0,
    replace: (m) => {
      const digits = countDigits(m);
      if (m.charCodeAt(0) === 43 /* + */) return digits >= 8 && digits <= 15 ? MASK_TOKENS.phone : null;
      if (digits < 9 || digits > 12 || DATE_LIKE.test(m)) return null;
      return MASK_TOKENS.phone;
    },
  },
];

export interface MaskingPass {
  /** Cheap check: false means the pass cannot match this string. */
  mayMatch: (s: string) => boolean;
  regex: RegExp;
  replacer: (match: string, ...args: unknown[]) => string;
}

function compilePass(name: PassName, parts: readonly RulePart[]): MaskingPass {
  // Each part is wrapped in its own group; remember where each group sits.
  const offsets: number[] = [];
  let next = 0;
  for (const p of parts) {
    offsets.push(next);
    next += 1 + p.innerGroups;
  }
  const regex = new RegExp(parts.map((p) => `(${p.source})`).join("|"), "g");
  const replacer = (match: string, ...args: unknown[]): string => {
    for (let i = 0; i < parts.length; i++) {
      if (args[offsets[i]] === undefined) continue;
      const inner = args.slice(offsets[i] + 1, offsets[i] + 1 + parts[i].innerGroups) as (string | undefined)[];
      return parts[i].replace(match, inner) ?? match;
    }
    return match;
  };
  return { mayMatch: PASS_GATES[name], regex, replacer };
}

/** The passes needed for the enabled rules, in priority order. */
export function compileBuiltinRules(enabled: ReadonlySet<BuiltinRuleId>): MaskingPass[] {
  const passes: MaskingPass[] = [];
  for (const name of PASS_ORDER) {
    const parts = PARTS.filter((p) => p.pass === name && enabled.has(p.rule));
    if (parts.length > 0) passes.push(compilePass(name, parts));
  }
  return passes;
}
