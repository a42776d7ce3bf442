/**
 * What a comment says about a loop's order, for sequential-await in both
 * languages: the words authors use when they keep a loop sequential on purpose,
 * and ESLint's own rule for the problem.
 */

/**
 * A comment in or just above a loop saying the order is intended. `in order to` is ordinary English, not a statement about order.
 */
export const ORDER_INTENDED = /\bsequential(?:ly)?\b(?!-)|\bin (?:order|sequence|series|turn)\b(?!\s+to\b)|\bone (?:at a time|by one|after (?:the )?other|after another)\b|\bserial(?:ly|i[sz]e[sd]?)?\b|\border (?:matters|is important|is significant)\b|\b(?:avoid|prevent|no|not|don'?t|never|without)\b[\w\s,-]{0,20}\b(?:concurren\w*|parallel\w*)|\b(?:on purpose|intentional(?:ly)?|deliberate(?:ly)?)\b|\brate.?limit/i;
/** ESLint's own rule for this: an `eslint-disable…` naming it anywhere in the loop says the author chose. */
export const PEER_RULE_COMMENT = /eslint-disable(?:-next-line|-line)?\b[^\n]*\bno-await-in-loop\b/;

