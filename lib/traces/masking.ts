// PII masking for ingested observations. A masker is compiled once per
// project config and then applied to every record: strings are scanned with
// one combined regex, JSON is walked copy-on-write (untouched subtrees are
// shared, not copied), and `dropPayloads` removes input/output entirely.

import { z } from "zod";
import { compileSafePattern, type SafePattern } from "@/lib/patterns/safe-pattern";
import { setAttribute } from "./otlp/attributes";
import { BUILTIN_RULE_IDS, compileBuiltinRules, type BuiltinRuleId } from "./masking-rules";
import type { AttributeValue, Attributes, ObservationEvent, ObservationRecord } from "./types";

export { BUILTIN_RULE_IDS, MASK_TOKENS, passesLuhn, type BuiltinRuleId } from "./masking-rules";

const MAX_DEPTH = 100;
/** Replaces subtrees nested deeper than MAX_DEPTH: unmasked data must not leak. */
export const DEPTH_LIMIT_TOKEN = "[DEPTH_LIMIT]";

function compileCustom(pattern: string, flags: string | undefined): SafePattern {
  return compileSafePattern(pattern, flags ?? "");
}

const customPatternSchema = z
  .object({
    label: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, "label must be 1-40 letters, digits, '_', '.' or '-'"),
    pattern: z.string().min(1).max(1000),
    flags: z
      .string()
      .regex(/^(?!.*(.).*\1)[imsu]*$/, "flags may only use i, m, s, u once each")
      .optional(),
  })
  .superRefine((p, ctx) => {
    let re: SafePattern;
    try {
      re = compileCustom(p.pattern, p.flags);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      ctx.addIssue({ code: "custom", message: `Invalid custom masking pattern "${p.label}": ${reason}` });
      return;
    }
    // An empty match would splice the token between every character.
    if (re.test("")) {
      ctx.addIssue({
        code: "custom",
        message: `Invalid custom masking pattern "${p.label}": it matches the empty string`,
      });
    }
  });

export const maskingConfigSchema = z.object({
  /** Master switch; a disabled masker still honours dropPayloads. */
  enabled: z.boolean().default(true),
  /** Built-in rules, all on unless switched off. */
  rules: z.partialRecord(z.enum(BUILTIN_RULE_IDS), z.boolean()).default({}),
  customPatterns: z.array(customPatternSchema).max(50).default([]),
  /** Remove input/output entirely (metadata and events are still masked). */
  dropPayloads: z.boolean().default(false),
});

export type MaskingConfig = z.input<typeof maskingConfigSchema>;

export class MaskingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MaskingConfigError";
  }
}

export interface Masker {
  /** Masks a string or deeply masks a JSON value (same as maskValue). */
  <T extends AttributeValue | undefined>(value: T): T;
  maskString(value: string): string;
  maskValue<T extends AttributeValue | undefined>(value: T): T;
  maskAttributes(attributes: Attributes): Attributes;
  maskObservation(record: ObservationRecord): ObservationRecord;
  readonly dropPayloads: boolean;
}

/** Parses config (throws MaskingConfigError with a readable message). */
export function parseMaskingConfig(config: MaskingConfig): z.output<typeof maskingConfigSchema> {
  const parsed = maskingConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new MaskingConfigError(parsed.error.issues.map((i) => i.message).join("; "));
  }
  return parsed.data;
}

export function createMasker(config: MaskingConfig = {}): Masker {
  const cfg = parseMaskingConfig(config);
  const enabledRules = new Set<BuiltinRuleId>(
    cfg.enabled ? BUILTIN_RULE_IDS.filter((id) => cfg.rules[id] !== false) : [],
  );
  const builtins = compileBuiltinRules(enabledRules);
  // Project patterns run first: they are more specific than the generic
  // rules, which could otherwise rewrite part of what they should match.
  const custom = cfg.enabled
    ? cfg.customPatterns.map((p) => ({ pattern: compileCustom(p.pattern, p.flags), token: `[CUSTOM:${p.label}]` }))
    : [];
  const active = builtins.length > 0 || custom.length > 0;

  const maskString = (value: string): string => {
    let out = value;
    for (let i = 0; i < custom.length; i++) out = custom[i].pattern.replaceAll(out, custom[i].token);
    // No built-in match is shorter than "::1".
    if (out.length < 3) return out;
    for (let i = 0; i < builtins.length; i++) {
      const pass = builtins[i];
      if (pass.mayMatch(out)) out = out.replace(pass.regex, pass.replacer);
    }
    return out;
  };

  const walk = (value: AttributeValue | undefined, depth: number): AttributeValue | undefined => {
    if (typeof value === "string") return maskString(value);
    if (value === null || typeof value !== "object") return value;
    if (depth >= MAX_DEPTH) return DEPTH_LIMIT_TOKEN;
    if (Array.isArray(value)) {
      let copy: AttributeValue[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const masked = walk(value[i], depth + 1) as AttributeValue;
        if (masked !== value[i]) {
          copy ??= value.slice();
          copy[i] = masked;
        }
      }
      return copy ?? value;
    }
    let copy: Attributes | null = null;
    for (const key in value) {
      const masked = walk(value[key], depth + 1) as AttributeValue;
      if (masked !== value[key]) {
        copy ??= { ...value };
        setAttribute(copy, key, masked);
      }
    }
    return copy ?? value;
  };

  const maskValue = <T extends AttributeValue | undefined>(value: T): T =>
    (active ? walk(value, 0) : value) as T;

  // Resource/scope metadata objects are shared by every span of a batch;
  // remember their masked form so each is scanned once, not once per span.
  const sharedMemo = new WeakMap<object, AttributeValue>();
  const maskAttributes = (attributes: Attributes): Attributes => {
    if (!active) return attributes;
    let copy: Attributes | null = null;
    for (const key in attributes) {
      const v = attributes[key];
      let masked: AttributeValue;
      if (v !== null && typeof v === "object") {
        const memo = sharedMemo.get(v);
        if (memo !== undefined) {
          masked = memo;
        } else {
          masked = walk(v, 1) as AttributeValue;
          sharedMemo.set(v, masked);
        }
      } else {
        masked = walk(v, 1) as AttributeValue;
      }
      if (masked !== v) {
        copy ??= { ...attributes };
        setAttribute(copy, key, masked);
      }
    }
    return copy ?? attributes;
  };

  const maskEvents = (events: ObservationEvent[]): ObservationEvent[] => {
    let copy: ObservationEvent[] | null = null;
    for (let i = 0; i < events.length; i++) {
      const attributes = maskAttributes(events[i].attributes);
      if (attributes !== events[i].attributes) {
        copy ??= events.slice();
        copy[i] = { ...events[i], attributes };
      }
    }
    return copy ?? events;
  };

  const maskObservation = (r: ObservationRecord): ObservationRecord => {
    const input = cfg.dropPayloads ? undefined : maskValue(r.input);
    const output = cfg.dropPayloads ? undefined : maskValue(r.output);
    const metadata = maskAttributes(r.metadata);
    const events = active ? maskEvents(r.events) : r.events;
    // Exception messages and request settings (OpenAI's `user`) echo PII too.
    const statusMessage = r.statusMessage !== null && active ? maskString(r.statusMessage) : r.statusMessage;
    const modelParameters = r.modelParameters !== null ? maskAttributes(r.modelParameters) : null;
    if (
      input === r.input &&
      output === r.output &&
      metadata === r.metadata &&
      events === r.events &&
      statusMessage === r.statusMessage &&
      modelParameters === r.modelParameters
    ) {
      return r;
    }
    return { ...r, input, output, metadata, events, statusMessage, modelParameters };
  };

  const masker = (<T extends AttributeValue | undefined>(value: T): T => maskValue(value)) as Masker;
  return Object.assign(masker, {
    maskString: (value: string) => (active ? maskString(value) : value),
    maskValue,
    maskAttributes,
    maskObservation,
    dropPayloads: cfg.dropPayloads,
  });
}
