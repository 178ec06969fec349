// Built-in PII / secret detectors. They are combined into ONE regex so each
// string is scanned once. Every rule starts with a negative lookbehind on its
// own character class: a match can only begin at the start of a token, which
// keeps scanning linear on long tokens (base64 blobs, digit runs) instead of
// retrying from every position inside them.
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

interface BuiltinRule {
  id: BuiltinRuleId;
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

const RULES: readonly BuiltinRule[] = [
  {
    id: "secret",
    // Bearer tokens keep their scheme so logs still read naturally.
    source: `(?<![A-Za-z])((?:[Bb]earer|BEARER)\\s+)[A-Za-z0-9._~+/=-]{16,}|${SECRET_SOURCE}`,
    innerGroups: 1,
    replace: (_m, inner) => (inner[0] !== undefined ? `${inner[0]}${MASK_TOKENS.secret}` : MASK_TOKENS.secret),
  },
  {
    id: "email",
    source: "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}",
    innerGroups: 0,
    replace: () => MASK_TOKENS.email,
  },
  {
    id: "ip",
    source:
      // IPv6 candidates (validated), then IPv4 with octet ranges.
      "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![0-9A-Za-z:]|\\.\\d)" +
      "|(?<![0-9.])(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}(?!\\.?\\d)",
    innerGroups: 0,
    replace: (m) => (m.includes(":") ? (isIpv6(m) ? MASK_TOKENS.ip : null) : MASK_TOKENS.ip),
  },
  {
    id: "card",
    // 13–19 digits, optionally grouped by single spaces or dashes.
    source: "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?!\\d)",
    innerGroups: 0,
    replace: (m) => (passesLuhn(m) ? MASK_TOKENS.card : null),
  },
  {
    id: "phone",
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

export interface CompiledBuiltins {
  regex: RegExp;
  replacer: (match: string, ...args: unknown[]) => string;
}

/** Builds the combined regex for the enabled rules, or null when none are. */
export function compileBuiltinRules(enabled: ReadonlySet<BuiltinRuleId>): CompiledBuiltins | null {
  const active = RULES.filter((r) => enabled.has(r.id));
  if (active.length === 0) return null;
  // Each rule is wrapped in its own group; remember where each group sits.
  const offsets: number[] = [];
  let next = 0;
  for (const r of active) {
    offsets.push(next);
    next += 1 + r.innerGroups;
  }
  const regex = new RegExp(active.map((r) => `(${r.source})`).join("|"), "g");
  const replacer = (match: string, ...args: unknown[]): string => {
    for (let i = 0; i < active.length; i++) {
      if (args[offsets[i]] === undefined) continue;
      const inner = args.slice(offsets[i] + 1, offsets[i] + 1 + active[i].innerGroups) as (string | undefined)[];
      return active[i].replace(match, inner) ?? match;
    }
    return match;
  };
  return { regex, replacer };
}
