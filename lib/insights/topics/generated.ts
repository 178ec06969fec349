// Generated first messages from known topics with distinct vocabularies (shared filler words mixed in), for the
// clustering's tests and the route test: the right grouping and the right names are known.
import { createRandom } from "@/lib/primitives/random";

export const TOPIC_VOCABULARIES = {
  billing: ["invoice", "refund", "charged", "billing", "payment", "subscription", "receipt", "card"],
  travel: ["flight", "hotel", "booking", "airport", "luggage", "passport", "itinerary", "train"],
  cooking: ["recipe", "oven", "garlic", "pasta", "bake", "flour", "sauce", "onion"],
  coding: ["python", "function", "compile", "error", "typescript", "debug", "variable", "loop"],
} as const;
export type GeneratedTopic = keyof typeof TOPIC_VOCABULARIES;

const FILLER = ["please", "can", "you", "help", "with", "my", "the", "today", "quick", "question", "about", "need", "how", "do", "i"];

/** n messages per topic: 4 to 6 topic words among 3 to 6 filler words, in random order. */
export function generatedMessages(topics: readonly GeneratedTopic[], perTopic: number, seed = 7): { topic: GeneratedTopic; text: string }[] {
  const r = createRandom(seed);
  const out: { topic: GeneratedTopic; text: string }[] = [];
  for (const topic of topics) {
    for (let i = 0; i < perTopic; i++) {
      const words = [
        ...Array.from({ length: r.int(4, 6) }, () => r.pick(TOPIC_VOCABULARIES[topic])),
        ...Array.from({ length: r.int(3, 6) }, () => r.pick(FILLER)),
      ];
      for (let j = words.length - 1; j > 0; j--) {
        const k = Math.floor(r.next() * (j + 1));
        [words[j], words[k]] = [words[k], words[j]];
      }
      out.push({ topic, text: words.join(" ") });
    }
  }
  return out;
}
