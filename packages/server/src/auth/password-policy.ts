/**
 * What a new password must be (OWASP ASVS 2.1): at least `MIN_PASSWORD_LENGTH` (10) characters and
 * not one people guess first. Guessed first are, checked on the password lower-cased with
 * spaces removed:
 *
 * - the common passwords below (lists of leaked passwords agree on their top entries, Chinese
 *   ones included: `5201314`, `woaini1314`, `qq123456`);
 * - a common word followed or preceded by digits and symbols only (`password12`, `!admin2026`);
 * - a run along the digits, the alphabet or a keyboard row, either way (`1234567890`,
 *   `qwertyuiop`, `0987654321`), or one character or a short piece repeated (`aaaaaaaaaa`,
 *   `abcabcabcabc`);
 * - the login name itself, or the login name with digits and symbols.
 *
 * The list is written here and kept short on purpose: it is the passwords that are guessed in
 * the first few thousand tries, which the login throttle alone would let through over days.
 */
import type { Said } from '@markpi/core';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

const COMMON_WORDS = [
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'trustno1',
  'starwars',
  'whatever',
  'freedom',
  'computer',
  'internet',
  'changeme',
  'secret',
  'login',
  'default',
  'root',
  'test',
  'guest',
  'user',
  'markpi',
  'marketing',
  'woaini',
  'woaini1314',
  'wodemima',
  'mima',
  'nihao',
  'zhangwei',
  'wangwei',
  'abc',
  'abcd',
  'asdf',
  'zxcv',
  'zxcvbnm',
  'asdfghjkl',
  'qazwsx',
  'qq',
  'aa',
  'a',
];

const COMMON_PASSWORDS = new Set([
  '5201314',
  '1314520',
  '5211314',
  '123456789a',
  'a123456789',
  'qq123456',
  'aa123456',
  'abc123456',
  '1qaz2wsx',
  '1q2w3e4r5t',
  '1q2w3e4r',
  'q1w2e3r4t5',
  'zaq12wsx',
  '123qweasd',
  'qweasdzxc',
  'iloveyou1',
  'password1',
  'football1',
  'michael1',
  'jennifer',
  'superman1',
  'princess1',
  'sunshine1',
  'qwertyuiop1',
  '1234qwer',
  'qwer1234',
  'asdf1234',
  'zxcv1234',
  'abcd1234',
]);

const RUNS = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
];

/** Digits and symbols that people add to a word to pass a rule. */
const PADDING = /^[\d\W_]*$/;

function isRun(text: string): boolean {
  return RUNS.some((run) => run.includes(text) || [...run].reverse().join('').includes(text));
}

function isRepeated(text: string): boolean {
  for (let size = 1; size <= 4; size++) {
    if (
      text.length % size === 0 &&
      text.length / size >= 3 &&
      text.slice(0, size).repeat(text.length / size) === text
    )
      return true;
  }
  return false;
}

function isPaddedWord(text: string, words: readonly string[]): boolean {
  return words.some((word) => {
    const at = text.indexOf(word);
    return at >= 0 && PADDING.test(text.slice(0, at)) && PADDING.test(text.slice(at + word.length));
  });
}

export type PasswordProblem = 'too_short' | 'common' | 'like_login';

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, login?: string): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  const text = password.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const name = login?.normalize('NFKC').toLowerCase().trim();
  if (name && name.length >= 2 && isPaddedWord(text, [name])) return 'like_login';
  if (COMMON_PASSWORDS.has(text) || isRun(text) || isRepeated(text) || isPaddedWord(text, COMMON_WORDS))
    return 'common';
  // Digits alone: a runs-and-repeats miss such as a date still falls to a few million guesses.
  if (/^\d+$/.test(text) && text.length < 12) return 'common';
  return undefined;
}

/** A refusal as a message key and parameters (core's `auth.password.*`), said in either language. */
export function passwordSaid(problem: PasswordProblem): Said {
  return problem === 'too_short'
    ? { key: 'auth.password.too_short', params: { length: MIN_PASSWORD_LENGTH } }
    : { key: `auth.password.${problem}`, params: {} };
}

/** What a refusal says, in English and Chinese (core's `auth.password.*` say the same). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, { en: string; zh: string }> = {
  too_short: {
    en: `at least ${MIN_PASSWORD_LENGTH} characters`,
    zh: `至少 ${MIN_PASSWORD_LENGTH} 个字符`,
  },
  common: {
    en: 'one of the passwords guessed first (a common word, a run of keys or digits); choose another',
    zh: '这是最先被猜到的密码之一（常见词、连续按键或数字），请换一个',
  },
  like_login: {
    en: 'must not be the login name, with or without digits',
    zh: '不能是登录名（无论是否加数字）',
  },
};
