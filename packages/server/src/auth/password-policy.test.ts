import { describe, expect, it } from 'vitest';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from './password-policy.js';
import { generatePassword } from './passwords.js';

describe('password policy', () => {
  it('refuses the passwords the issue saw accepted, and others guessed first, by hand', () => {
    for (const password of [
      '1234567890',
      'password12',
      'Password123!',
      '0987654321',
      'qwertyuiop',
      'QWERTY12345',
      'aaaaaaaaaa',
      'abcabcabcabc',
      '5201314520',
      'woaini1314',
      '!admin2026!',
      '1qaz2wsx3edc',
      '2026031988',
    ]) {
      expect(passwordProblem(password), password).toBe('common');
    }
    expect(passwordProblem('short')).toBe('too_short');
    expect(passwordProblem('viewera2026', 'viewerA')).toBe('like_login');
    expect(passwordProblem('Viewer A!!', 'viewera')).toBe('like_login');
  });

  it('accepts passwords nobody guesses first', () => {
    for (const password of [
      'correct horse battery staple',
      'a-new-password',
      '汉字也可以当密码用的哦',
      'Tr0ub4dor&3xyz',
    ]) {
      expect(passwordProblem(password, 'viewera'), password).toBeUndefined();
    }
    for (let index = 0; index < 200; index++) expect(passwordProblem(generatePassword())).toBeUndefined();
  });

  it('refuses every run of ten or more along the digits and the alphabet, either way', () => {
    // Independently of the policy's run table: build each run by character codes.
    const runs: string[] = [];
    for (const [first, count] of [
      ['0', 10],
      ['a', 26],
    ] as const) {
      const sequence = Array.from({ length: count }, (_, index) =>
        String.fromCharCode(first.charCodeAt(0) + index),
      );
      const cyclic = first === '0' ? [...sequence, ...sequence] : sequence;
      for (let length = 10; length <= cyclic.length; length++) {
        for (let start = 0; start + length <= cyclic.length; start++) {
          const run = cyclic.slice(start, start + length).join('');
          runs.push(run, [...run].reverse().join(''));
        }
      }
    }
    expect(runs.length).toBeGreaterThan(300);
    for (const run of runs) expect(passwordProblem(run), run).toBe('common');
  });

  it('says each refusal in English and Chinese', () => {
    for (const message of Object.values(PASSWORD_PROBLEM_MESSAGES)) {
      expect(message.en.length).toBeGreaterThan(0);
      expect(message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
