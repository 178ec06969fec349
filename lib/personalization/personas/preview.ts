// A user's top persona suggestions for the dashboard's user page: scored on their latest message at its UTC hour, as
// the API would for that turn, without storing a suggestion (a preview is not something the product served).
import type { Db } from "@/db/client";
import { lastUserMessage } from "../store/persona-feedback";
import { suggestPersonasFor, type PersonaSuggestions } from "./index";

export interface UserPersonaPreview {
  /** When the message the suggestions were scored on was sent (null: the user has sent none). */
  messageAt: Date | null;
  hour: number | null;
  result: PersonaSuggestions | null;
}

export async function userPersonaPreview(db: Db, projectId: string, userId: string, now = new Date()): Promise<UserPersonaPreview> {
  const message = await lastUserMessage(db, projectId, userId);
  if (!message) return { messageAt: null, hour: null, result: null };
  const hour = message.at.getUTCHours();
  const result = await suggestPersonasFor(db, projectId, { userId, text: message.text, hour }, now);
  return { messageAt: message.at, hour, result };
}
