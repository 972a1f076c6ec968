import { passwordProblems, temporaryPassword } from './password';

describe('password rules', () => {
  it('refuses short, single-kind and name-bearing passwords, naming the field', () => {
    expect(passwordProblems('a1b2c3', 'li')).toEqual([{ field: 'password', key: 'validation.min_length', params: { min: 8 } }]);
    expect(passwordProblems('abcdefghij', 'li', 'newPassword')).toEqual([{ field: 'newPassword', key: 'validation.password_kinds' }]);
    expect(passwordProblems('12345678', 'li')[0].key).toBe('validation.password_kinds');
    expect(passwordProblems('Zhang-san-2026', 'zhangsan')).toEqual([]);
    expect(passwordProblems('zhangsan2026', 'ZhangSan')[0].key).toBe('validation.password_username');
    expect(passwordProblems('x'.repeat(250) + '1234567', 'li')[0].key).toBe('validation.max_length');
  });

  it('accepts the demo and test passwords and Chinese passphrases', () => {
    expect(passwordProblems('demo2026', 'admin')).toEqual([]);
    expect(passwordProblems('test-password-1', 'alpha-staff')).toEqual([]);
    expect(passwordProblems('廉政风险防控平台2026', 'admin')).toEqual([]);
  });

  it('makes temporary passwords that pass the rules and differ each time', () => {
    const made = new Set(Array.from({ length: 200 }, () => temporaryPassword()));
    expect(made.size).toBe(200);
    for (const p of made) {
      expect(p).toMatch(/^[a-zA-Z2-9]{12}$/);
      expect(passwordProblems(p, 'someone')).toEqual([]);
    }
  });
});
