import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../records/field-cipher';
import { maskValue } from '../plugin-api';
import { maskedContact, openContact, PHONE_PATTERN, sealContact } from './person-contact';

describe('person contact', () => {
  const cipher = FieldCipher.fromKey(randomBytes(32));

  it('seals each column under its own id, so a phone copied into the email column does not open', () => {
    const phone = sealContact(cipher, 'phone', '13800138000');
    expect(phone).toMatch(/^enc:v1:/);
    expect(openContact(cipher, 'phone', phone)).toBe('13800138000');
    expect(openContact(cipher, 'email', phone)).toBeNull();
    expect(sealContact(cipher, 'email', null)).toBeNull();
  });

  it('masks like ID numbers: the phone keeps 3 + 4 digits, the address its first letter and domain', () => {
    expect(maskedContact(cipher, { phone: sealContact(cipher, 'phone', '13800138000'), email: sealContact(cipher, 'email', 'linqing@example.cn') })).toEqual({ phone: '138****8000', email: 'l***@example.cn' });
    expect(maskedContact(cipher, { phone: null, email: null })).toEqual({ phone: null, email: null });
    expect(maskValue('email', '@x')).toBe('******');
  });

  it('accepts mainland mobile numbers only', () => {
    expect(['13800138000', '+8619912345678'].every((p) => PHONE_PATTERN.test(p))).toBe(true);
    expect(['12345678901', '1380013800', '010-12345678'].some((p) => PHONE_PATTERN.test(p))).toBe(false);
  });
});
