/**
 * English words that no French sentence of the UI uses: one of them on screen means a message of
 * the core (or of a library) reached the operator instead of its French wording. Short French
 * homographs (`on`, `a`, `en`, `ne`, `me`, `in` as in "intégrité"…) are left out on purpose: the
 * list must never fire on French.
 */
const ENGLISH = [
  'the',
  'is',
  'are',
  'not',
  'wrong',
  'unknown',
  'already',
  'first',
  'try',
  'again',
  'you',
  'cannot',
  'taken',
  'found',
  'please',
  'failed',
  'must',
  'should',
  'shift',
  'only',
  'reserved',
  'disabled',
  'this',
  'that',
  'with',
  'from',
  'there',
  'has',
  'have',
  'open',
  'too',
  'many',
  'exists',
  'error',
  'invalid',
  'internal',
  'details',
];
const PATTERN = new RegExp(`(?<![\\p{L}\\d_-])(${ENGLISH.join('|')})(?![\\p{L}\\d_-])`, 'giu');

/** The English words found in `text` (lower-cased, once each). */
export function englishWords(text: string): string[] {
  return [...new Set([...text.matchAll(PATTERN)].map((match) => match[1]!.toLowerCase()))];
}
