// Tokenizer for the lexicon analyzer. It keeps exactly the surface signals the
// rules need (case, emoticons, emoji, !/? runs, clause punctuation) and drops
// content that carries no feeling of the user (code, URLs).

export type TokenKind = "word" | "emoji" | "emoticon" | "punct";

export interface Token {
  /** Original surface form. */
  text: string;
  /** Lookup form: lower-cased words with ASCII apostrophes; emoji without
   * variation selectors / skin tones; emoticons with the nose removed. */
  norm: string;
  kind: TokenKind;
  /** Word of >= 2 letters written entirely in capitals ("NEVER"). */
  allCaps: boolean;
  /** Word with a letter repeated 3+ times ("sooo", "ugggh"); its `norm` has
   * such runs collapsed to two letters and `alt` to one ("soo"/"so"), since
   * we cannot know whether the base word has a double letter ("reallyyy"). */
  elongated: boolean;
  alt?: string;
}

export interface Sentence {
  tokens: Token[];
  /** Number of "!" in the sentence (emphasis). */
  exclamations: number;
  /** Number of "?" in the sentence. */
  questions: number;
  /** Saw "?!" or "!?" (exasperated question). */
  interrobang: boolean;
}

export interface TokenizedText {
  sentences: Sentence[];
  /** The whole text is written in capitals (shouting). Caps emphasis of single
   * words is only meaningful when the rest of the text is not in caps. */
  shouting: boolean;
  wordCount: number;
}

// Emoticons beginning with punctuation; a trailing letter/digit would make
// them part of something else ("12:30", "Note:Do"), hence the lookahead.
const PUNCT_EMOTICON =
  String.raw`(?:>:[(\[]|[:;=][-o^']?(?:\)+|\(+|\]+|\[+|D+|[PpOoSs/\\|*@])|<\/?3|\^_?\^|-_-|[Tt]_[Tt]|;_;|[oO]_[oO])(?![\p{L}\p{N}])`;
// Emoticons beginning with a letter need a word boundary on both sides.
const LETTER_EMOTICON = String.raw`(?<![\p{L}\p{N}])[xX]D+(?![\p{L}\p{N}])`;
const EMOJI = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*`;
const WORD = String.raw`[\p{L}\p{M}\p{N}]+(?:'[\p{L}]+)*`;
const PUNCT = String.raw`[!?]+|[.;:,]+|…`;

const TOKEN_RE = new RegExp(`(${LETTER_EMOTICON}|${PUNCT_EMOTICON})|(${EMOJI})|(${WORD})|(${PUNCT})`, "gu");

const CODE_FENCE_RE = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE_RE = /`[^`\n]*`/g;
const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi;
const EMAIL_RE = /\S+@\S+\.\S+/g;

/** Removes parts of a message that are not the user's own words. */
export function stripNonProse(text: string): string {
  return text
    .replace(CODE_FENCE_RE, "\n")
    .replace(INLINE_CODE_RE, " ")
    .replace(URL_RE, " ")
    .replace(EMAIL_RE, " ");
}

function normaliseWord(raw: string): Pick<Token, "norm" | "elongated" | "alt"> {
  const lower = raw.toLowerCase();
  const norm = lower.replace(/(\p{L})\1{2,}/gu, "$1$1");
  if (norm === lower) return { norm, elongated: false };
  return { norm, elongated: true, alt: lower.replace(/(\p{L})\1{2,}/gu, "$1") };
}

function normaliseEmoticon(raw: string): string {
  // Drop noses and repeated mouths: ":-)))" -> ":)", so one table entry
  // covers all variants.
  if (/^[xX]D+$/.test(raw)) return "xD";
  return raw.replace(/^([:;=])[-o^](?=[()\[\]DPp/\\|])/, "$1").replace(/([()\[\]DPp/\\|])\1+$/, "$1");
}

function normaliseEmoji(raw: string): string {
  return raw.replace(/\uFE0F|\p{Emoji_Modifier}/gu, "").replace(/\u200D.*$/u, "");
}

const SENTENCE_END = /[.!?…]/;

function newSentence(): Sentence {
  return { tokens: [], exclamations: 0, questions: 0, interrobang: false };
}

export function tokenize(input: string): TokenizedText {
  const text = stripNonProse(input).normalize("NFKC").replace(/[\u2018\u2019\u02BC]/g, "'");
  const sentences: Sentence[] = [];
  let capsWords = 0;
  let letterWords = 0;
  let wordCount = 0;

  // Line breaks end sentences: chat messages often omit final punctuation.
  for (const line of text.split(/\n+/)) {
    let current = newSentence();
    for (const m of line.matchAll(TOKEN_RE)) {
      const [surface, emoticon, emoji, word, punct] = m;
      if (emoticon) {
        current.tokens.push({ text: surface, norm: normaliseEmoticon(emoticon), kind: "emoticon", allCaps: false, elongated: false });
      } else if (emoji) {
        current.tokens.push({ text: surface, norm: normaliseEmoji(emoji), kind: "emoji", allCaps: false, elongated: false });
      } else if (word) {
        const letters = word.replace(/[^\p{L}]/gu, "");
        const allCaps = letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
        if (letters.length >= 2) {
          letterWords++;
          if (allCaps) capsWords++;
        }
        wordCount++;
        current.tokens.push({ text: word, kind: "word", allCaps, ...normaliseWord(word) });
      } else if (punct) {
        current.tokens.push({ text: punct, norm: punct, kind: "punct", allCaps: false, elongated: false });
        current.exclamations += (punct.match(/!/g) ?? []).length;
        current.questions += (punct.match(/\?/g) ?? []).length;
        if (/\?!|!\?/.test(punct)) current.interrobang = true;
        if (SENTENCE_END.test(punct)) {
          sentences.push(current);
          current = newSentence();
        }
      }
    }
    if (current.tokens.length > 0) sentences.push(current);
  }

  const shouting = letterWords >= 3 && capsWords / letterWords >= 0.8;
  return { sentences, shouting, wordCount };
}
