// A generated catalog and feedback history with latent user tastes (seeded, pure): items belong to topics and have a
// long-tailed popularity; each user prefers one topic, a second a little, and the rest barely; reactions to
// preferred topics are plays, likes and purchases, to others views, skips and dislikes. Used by the quality test,
// the benchmark and the demo project, so that "ALS beats popularity" is measured on data where tastes exist.
import { createRandom } from "@/lib/primitives/random";
import type { InteractionType } from "./feedback";
import type { InteractionRecord } from "./dataset";

export interface SyntheticOptions {
  users: number;
  items: number;
  topics: number;
  /** Mean interactions per user (each user has at least 5). */
  interactionsPerUser: number;
  seed: number;
  /** Interactions fall in the `days` before `end` (epoch ms). */
  end: number;
  days: number;
}

export interface SyntheticItem {
  itemId: string;
  title: string;
  categories: string[];
  creator: string;
}

const TOPIC_NAMES = ["jazz", "rock", "classical", "hip-hop", "electronic", "folk", "soul", "ambient", "country", "latin", "metal", "pop"];

const LIKED: Record<string, number> = { view: 0.25, play: 0.35, like: 0.2, purchase: 0.12, skip: 0.08 };
const OTHER: Record<string, number> = { view: 0.5, play: 0.15, skip: 0.25, dislike: 0.1 };

export function topicName(t: number) {
  return TOPIC_NAMES[t % TOPIC_NAMES.length] + (t >= TOPIC_NAMES.length ? `-${Math.floor(t / TOPIC_NAMES.length)}` : "");
}

/** Index of the first cumulative weight above `r` (binary search). */
function pickCumulative(cumulative: Float64Array, r: number) {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function generateTasteData(o: SyntheticOptions): { items: SyntheticItem[]; interactions: InteractionRecord[] } {
  const rand = createRandom(o.seed);
  const topicOf = new Int32Array(o.items);
  const members: number[][] = Array.from({ length: o.topics }, () => []);
  const items: SyntheticItem[] = [];
  for (let i = 0; i < o.items; i++) {
    const t = i % o.topics;
    topicOf[i] = t;
    members[t].push(i);
    items.push({ itemId: `item-${String(i).padStart(5, "0")}`, title: `${topicName(t)} track ${i}`, categories: [topicName(t)], creator: `artist-${t}-${i % 7}` });
  }
  // Long-tailed popularity within each topic (Zipf over a random order), as cumulative weights per topic.
  const cumulative = members.map((list) => {
    const order = list.map((i) => ({ i, key: rand.next() })).sort((a, b) => a.key - b.key);
    const c = new Float64Array(order.length);
    let s = 0;
    order.forEach((_, r) => (c[r] = s += 1 / Math.pow(r + 1, 0.9)));
    for (let r = 0; r < c.length; r++) c[r] /= s;
    return { order: order.map((x) => x.i), c };
  });
  const interactions: InteractionRecord[] = [];
  const span = o.days * 86_400_000;
  const start = o.end - span;
  for (let u = 0; u < o.users; u++) {
    const userId = `user-${String(u).padStart(6, "0")}`;
    const primary = rand.int(0, o.topics - 1);
    const secondary = (primary + rand.int(1, o.topics - 1)) % o.topics;
    const n = Math.max(5, rand.poisson(o.interactionsPerUser));
    // Each user's history is spread over the window in time order.
    let at = start + rand.next() * span * 0.2;
    const step = (o.end - at) / (n + 1);
    for (let k = 0; k < n; k++) {
      const r = rand.next();
      const topic = r < 0.75 ? primary : r < 0.93 ? secondary : rand.int(0, o.topics - 1);
      const { order, c } = cumulative[topic];
      const item = order[pickCumulative(c, rand.next())];
      const liked = topic === primary || topic === secondary;
      const type = rand.weighted(liked ? LIKED : OTHER) as InteractionType;
      at += step * (0.5 + rand.next());
      interactions.push({ userId, itemId: items[item].itemId, type, at: Math.min(Math.round(at), o.end) });
    }
  }
  return { items, interactions };
}
