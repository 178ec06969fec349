// The badge class for an observation or trace level (ERROR, WARNING, ...).

export const levelBadge: Record<string, string> = {
  ERROR: "badge badge-danger",
  WARNING: "badge badge-warn",
  DEFAULT: "badge",
  DEBUG: "badge",
};
