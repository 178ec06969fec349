import * as queuesRoute from "@/app/api/v1/annotation-queues/route";
import * as queueRoute from "@/app/api/v1/annotation-queues/[id]/route";
import * as itemsRoute from "@/app/api/v1/annotation-queues/[id]/items/route";
import * as nextRoute from "@/app/api/v1/annotation-queues/[id]/next/route";
import * as reviewRoute from "@/app/api/v1/annotation-queues/[id]/items/[itemId]/review/route";
import { bearer, call } from "./fixtures";

export type QueueCaller = { as?: string; headers?: Record<string, string> };

/** The annotation-queue routes, called as a signed-in user (`as`) or, by default, with the project's secret key. */
export function queueRoutes(secretKey: () => string) {
  const who = (o?: QueueCaller) => o ?? { headers: bearer(secretKey()) };
  return {
    list: (o?: QueueCaller) => call(queuesRoute.GET, "/x", who(o)),
    createQueue: (body: unknown, o?: QueueCaller) => call(queuesRoute.POST, "/x", { method: "POST", body, ...who(o) }),
    addItems: (id: string, body: unknown, o?: QueueCaller) => call(itemsRoute.POST, "/x", { method: "POST", params: { id }, body, ...who(o) }),
    next: (id: string, o?: QueueCaller, qs = "") => call(nextRoute.GET, `/x${qs}`, { params: { id }, ...who(o) }),
    review: (id: string, itemId: string, body: unknown, o?: QueueCaller) =>
      call(reviewRoute.POST, "/x", { method: "POST", params: { id, itemId }, body, ...who(o) }),
    summary: (id: string, o?: QueueCaller) => call(queueRoute.GET, "/x", { params: { id }, ...who(o) }),
  };
}
