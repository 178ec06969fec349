// Demo evaluation loop: a support prompt with two versions (v1 in production, v2 in staging), a small golden dataset
// and one run of recorded outputs per version, scored by the real evaluators, so the Prompts and Datasets pages and the
// run comparison have something to show on first start. The answers are hand-written demo content.
import type { Db } from "@/db/client";
import type { ProjectActor } from "@/lib/auth/actor";
import { createPromptVersion } from "@/lib/evaluation/store/prompts";
import { addDatasetItems, upsertDataset } from "@/lib/evaluation/store/datasets";
import { createRun } from "@/lib/evaluation/store/runs";
import { createRunSchema } from "@/lib/evaluation/dataset-input";

const golden: { question: string; expected: string; v1: string; v2: string }[] = [
  { question: "How do I reset my password?", expected: "Go to Settings → Security and choose Reset password.", v1: "You can reset it somewhere in the settings.", v2: "Go to Settings → Security and choose Reset password." },
  { question: "Can I export my conversations?", expected: "Yes: Settings → Data → Export creates a JSON file.", v1: "Yes: Settings → Data → Export creates a JSON file.", v2: "Yes: Settings → Data → Export creates a JSON file." },
  { question: "How do I cancel my plan?", expected: "Open Billing and choose Cancel plan; it ends at the period's close.", v1: "Please contact support to cancel.", v2: "Open Billing and choose Cancel plan; it ends at the period's close." },
  { question: "Which languages are supported?", expected: "English, French, German and Spanish.", v1: "English, French, German and Spanish.", v2: "English, French, German and Spanish." },
  { question: "Is there a mobile app?", expected: "Yes, for iOS and Android.", v1: "Not yet, but the website works on phones.", v2: "Yes, for iOS and Android." },
  { question: "How do I invite a teammate?", expected: "Settings → Members → Invite, then enter their email.", v1: "Settings → Members → Invite, then enter their email.", v2: "Settings → Members → Invite, then enter their email." },
  { question: "Where are my invoices?", expected: "Billing → Invoices lists every invoice as a PDF.", v1: "Invoices are emailed to you.", v2: "Billing → Invoices lists every invoice as a PDF." },
  { question: "Can I change my email address?", expected: "Yes, in Settings → Profile.", v1: "Yes, in Settings → Profile.", v2: "You can change it in your profile settings." },
  { question: "Does the assistant remember past chats?", expected: "Only if Memory is on in Settings → Privacy.", v1: "Yes, always.", v2: "Only if Memory is on in Settings → Privacy." },
  { question: "How do I delete my account?", expected: "Settings → Privacy → Delete account; it takes effect at once.", v1: "Settings → Privacy → Delete account; it takes effect at once.", v2: "Settings → Privacy → Delete account; it takes effect at once." },
];

const evaluators = [{ type: "exact_match", caseSensitive: false }, { type: "fuzzy_match" }, { type: "length", max: 120 }];

export async function seedEvaluationDemo(db: Db, actor: ProjectActor) {
  const system = "You are Acme Assistant's support agent. Answer in one sentence, naming the exact menu path.";
  await createPromptVersion(db, actor, { name: "support-answer", type: "chat", prompt: [{ role: "system", content: system }, { role: "user", content: "{{question}}" }], config: { model: "gpt-4o-mini", temperature: 0.3 }, labels: ["production"], commitMessage: "First version" });
  await createPromptVersion(db, actor, {
    name: "support-answer",
    type: "chat",
    prompt: [{ role: "system", content: `${system} Use the help-center article when one is given; never guess a path.` }, { role: "user", content: "{{question}}" }],
    config: { model: "gpt-4o-mini", temperature: 0 },
    labels: ["staging"],
    commitMessage: "Ground answers in the help center",
  });
  await upsertDataset(db, actor, { name: "support-golden", description: "Support questions with the answers the help center gives" });
  const { items } = await addDatasetItems(db, actor, "support-golden", golden.map((g) => ({ input: { question: g.question }, expectedOutput: g.expected })));
  for (const [index, version] of (["v1", "v2"] as const).entries()) {
    const outputs = items.map((item, i) => ({ itemId: item.id, output: golden[i]![version] }));
    await createRun(db, actor, "support-golden", createRunSchema.parse({ name: `support-answer ${version}`, promptName: "support-answer", promptVersion: index + 1, outputs, evaluators }));
  }
}
