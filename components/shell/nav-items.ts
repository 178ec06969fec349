import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  children?: NavItem[];
  /**
   * The page reads its own window (a funnel or cohort window, or the stored 28-day topic clustering), so the app's
   * time range is not carried to it.
   */
  ownWindow?: true;
}

export const navItems: NavItem[] = [
  { href: "/overview", label: "Overview", permission: "dashboard:read" },
  {
    href: "/traces",
    label: "Traces",
    permission: "traces:read",
    children: [
      { href: "/judgments", label: "Judgments", permission: "traces:read" },
      { href: "/costs", label: "LLM costs", permission: "traces:read" },
    ],
  },
  { href: "/sessions", label: "Sessions", permission: "traces:read" },
  { href: "/experiments", label: "Experiments", permission: "experiments:read" },
  {
    href: "/prompts",
    label: "Prompts",
    permission: "evaluation:read",
    children: [
      { href: "/datasets", label: "Datasets", permission: "evaluation:read" },
      { href: "/evaluation/rules", label: "Evaluation rules", permission: "evaluation:read" },
      { href: "/review", label: "Review queues", permission: "evaluation:read" },
    ],
  },
  {
    href: "/monitoring",
    label: "Monitoring",
    permission: "monitoring:read",
    children: [
      { href: "/monitoring/anomalies", label: "Anomalies", permission: "monitoring:read" },
      { href: "/monitoring/drift", label: "Drift", permission: "monitoring:read" },
      { href: "/monitoring/forecasts", label: "Forecasts", permission: "monitoring:read" },
    ],
  },
  {
    href: "/insights",
    label: "Insights",
    permission: "insights:read",
    children: [
      { href: "/insights/personas", label: "Personas", permission: "insights:read" },
      { href: "/insights/topics", label: "Topics", permission: "insights:read", ownWindow: true },
    ],
  },
  { href: "/personalization", label: "Personalization", permission: "personalization:read" },
  {
    href: "/users",
    label: "Users",
    permission: "users:read",
    children: [
      { href: "/users/cohorts", label: "Cohorts", permission: "users:read" },
      { href: "/users/retention", label: "Retention", permission: "users:read", ownWindow: true },
      { href: "/users/lifecycle", label: "Lifecycle", permission: "users:read", ownWindow: true },
      { href: "/users/funnel", label: "Funnel", permission: "users:read", ownWindow: true },
      { href: "/users/sentiment", label: "Sentiment", permission: "users:read" },
      { href: "/users/churn", label: "Churn", permission: "insights:read" },
    ],
  },
  { href: "/spectrum", label: "Spectrum", permission: "spectrum:admin" },
  { href: "/data-quality", label: "Data quality", permission: "catalog:read" },
  { href: "/jobs", label: "Jobs", permission: "jobs:read" },
  { href: "/settings", label: "Settings", permission: "members:read" },
];
