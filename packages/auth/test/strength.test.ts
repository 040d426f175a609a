import { describe, expect, it } from 'vitest';
import { passwordMinLength, passwordProblem } from '../src/strength.ts';

describe('passwordProblem', () => {
  it('refuses a short password with the minimum as a parameter', () => {
    expect(passwordProblem('Xq7!vB2', [])).toEqual({ messageKey: 'errors.password.tooShort', params: { min: passwordMinLength } });
  });

  it('refuses long but guessable passwords', () => {
    for (const p of ['password123', '1234567890', 'qwertyuiop', 'aaaaaaaaaaaa', 'iloveyou2026']) {
      expect(passwordProblem(p, [])?.messageKey, p).toBe('errors.password.weak');
    }
  });

  it('penalises what the person is known by', () => {
    // Strong enough on its own, refused when it is built on the person's e-mail.
    const p = 'zhangweixin1987';
    expect(passwordProblem(p, ['zhangweixin1987@example.cn', '张伟'])?.messageKey).toBe('errors.password.personal');
  });

  it('accepts a long random-looking password and a passphrase', () => {
    expect(passwordProblem('tR7#kq2!Lm9z', ['someone@example.cn'])).toBeNull();
    expect(passwordProblem('orange tram velvet harbour', ['someone@example.cn'])).toBeNull();
  });

  it('refuses an absurdly long one without hashing it', () => {
    expect(passwordProblem('x'.repeat(500), [])?.messageKey).toBe('errors.password.tooLong');
  });
});
