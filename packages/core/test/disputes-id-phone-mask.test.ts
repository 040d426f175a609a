import { describe, expect, it } from 'vitest';
import {
  idNumberCheckDigit,
  idNumberProblem,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  maskPartyName,
  maskPhone,
  normalizePhone,
  parsePhone,
  phoneKind,
} from '../src/disputes/index.ts';
import { normalizeCode } from '../src/text/normalize.ts';

const today = '2024-07-01';

// Check characters computed independently (Python, ISO 7064 MOD 11-2), not with the code under test.
const valid = [
  '11010519491231002X', // GB 11643-1999 example
  '310101199001011234',
  '440306198506152013',
  '510108197712034427',
  '110101200002290018', // 29 Feb in a leap year
  '110101190001010014', // earliest accepted birth date
  '11010120240701001X', // born "today"
];

describe('resident ID number (GB 11643-1999)', () => {
  it.each(valid)('accepts %s', (id) => {
    expect(idNumberProblem(id, today)).toBeNull();
    expect(isValidIdNumber(id, today)).toBe(true);
  });

  it('refuses an address code outside the provinces of GB/T 2260', () => {
    expect(idNumberProblem('990426199112010074', today)).toBe('region');
    const withRegion = (region: string) => {
      const first17 = `${region}0101199001011${'23'}`.slice(0, 17);
      return first17 + idNumberCheckDigit(first17);
    };
    for (const region of ['00', '10', '16', '19', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '84', '90', '99']) {
      expect(idNumberProblem(withRegion(region), today), region).toBe('region');
    }
    const provinces = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'];
    for (const region of provinces) expect(idNumberProblem(withRegion(region), today), region).toBeNull();
  });

  it.each(valid)('rejects %s with its check character changed', (id) => {
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(idNumberProblem(wrong, today)).toBe('checkDigit');
    expect(isValidIdNumber(wrong, today)).toBe(false);
  });

  it('computes the check character, including X', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('31010119900101123')).toBe('4');
    expect(idNumberCheckDigit('44030619850615201')).toBe('3');
    expect(() => idNumberCheckDigit('1101051949123100')).toThrow();
    expect(() => idNumberCheckDigit('1101051949123100A')).toThrow();
  });

  it('rejects birth dates that do not exist', () => {
    expect(idNumberProblem('11010119990230001X', today)).toBe('birthDate'); // 30 Feb, correct check digit
    expect(idNumberProblem('110101190002290011', today)).toBe('birthDate'); // 1900 was not a leap year
    expect(idNumberProblem('110101199913010018', today)).toBe('birthDate'); // month 13
    expect(idNumberProblem('110101199901000015', today)).toBe('birthDate'); // day 0
  });

  it('rejects birth dates before 1900 or after today', () => {
    // The widely quoted example 440524188001010014 has a correct check digit but a birth in 1880.
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
    expect(idNumberProblem('440524188001010014', today)).toBe('birthDate');
    expect(idNumberProblem('11010118991231001X', today)).toBe('birthDate');
    expect(idNumberProblem('110101202407020015', today)).toBe('birthDate'); // tomorrow
    expect(idNumberProblem('110101202407020015', '2024-07-02')).toBeNull();
  });

  it('reads a Date as the calendar date in China (UTC+8)', () => {
    // 16:30 UTC on 30 June is already 1 July in Beijing.
    expect(idNumberProblem('11010120240701001X', new Date('2024-06-30T16:30:00Z'))).toBeNull();
    expect(idNumberProblem('11010120240701001X', new Date('2024-06-30T15:59:00Z'))).toBe('birthDate');
  });

  it('rejects a malformed today', () => {
    expect(() => idNumberProblem('11010519491231002X', '2024/07/01')).toThrow();
  });

  it('reports wrong lengths, including first-generation 15-digit numbers', () => {
    expect(idNumberProblem('', today)).toBe('length');
    expect(idNumberProblem('11010519491231002', today)).toBe('length');
    expect(idNumberProblem('11010519491231002X1', today)).toBe('length');
    expect(idNumberProblem('110105491231002', today)).toBe('length');
  });

  it('reports letters and a lower-case x before normalising', () => {
    expect(idNumberProblem('1101051949123100AX', today)).toBe('characters');
    expect(idNumberProblem('11010X194912310021', today)).toBe('characters'); // X only as the last character
    expect(idNumberProblem('11010519491231002x', today)).toBe('characters');
    expect(idNumberProblem('１１０１０５１９４９１２３１００２X', today)).toBe('characters'); // full-width digits
  });

  it('normalises what people type', () => {
    expect(normalizeCode(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normalizeCode('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(isValidIdNumber(normalizeCode('11010519491231002x'), today)).toBe(true);
  });
});

describe('phone numbers', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['+8613812341234', '13812341234'],
    ['0086-13812341234', '13812341234'],
    ['(+86)13812341234', '13812341234'],
    ['19912341234', '19912341234'],
    ['１３８１２３４１２３４', '13812341234'], // full-width digits (a Chinese input method)
    ['＋８６　１３８　１２３４　１２３４', '13812341234'],
  ])('reads the mobile %s', (input, canonical) => {
    expect(phoneKind(input)).toBe('mobile');
    expect(normalizePhone(input)).toBe(canonical);
  });

  it.each([
    ['021-12345678', '021-12345678'],
    ['(021)12345678', '021-12345678'],
    ['（021）12345678', '021-12345678'],
    ['02112345678', '021-12345678'],
    ['021 1234 5678', '021-12345678'],
    ['021-1234-5678', '021-12345678'],
    ['010-87654321', '010-87654321'],
    ['0755-12345678', '0755-12345678'],
    ['07551234567', '0755-1234567'],
    ['0755 123 4567', '0755-1234567'],
    ['021-12345678-123', '021-12345678-123'],
    ['(021)12345678-8001', '021-12345678-8001'],
    ['0571－87654321', '0571-87654321'], // full-width hyphen
    ['（０２１）６２３４５６７８', '021-62345678'], // full-width brackets and digits
    ['400-123-4567', '400-123-4567'],
    ['4001234567', '400-123-4567'],
    ['800 123 4567', '800-123-4567'],
  ])('reads the landline %s', (input, canonical) => {
    expect(phoneKind(input)).toBe('landline');
    expect(normalizePhone(input)).toBe(canonical);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['138123412345', '12 digits'],
    ['1381234123', '10 digits'],
    ['1234567', 'local number without area code'],
    ['23800138000', 'does not start with 1 or 0'],
    ['12812341234', 'no 12x mobile range'],
    ['1381234abcd', 'letters'],
    ['phone', 'letters only'],
    ['021-123456', 'local number too short'],
    ['021-123456789', 'local number too long'],
    ['0211-12345678', '02x codes have three digits'],
    ['00-12345678', 'no such area code'],
    ['+86 021-12345678', '+86 only for mobiles'],
    ['4001234', 'short service number'],
    ['021-12345678-', 'empty extension'],
  ])('rejects %s (%s)', (input) => {
    expect(phoneKind(input)).toBeNull();
    expect(normalizePhone(input)).toBeNull();
  });

  it('exposes the parts', () => {
    expect(parsePhone('(0755)1234567-12')).toEqual({
      kind: 'landline',
      canonical: '0755-1234567-12',
      prefix: '0755',
      subscriber: '1234567',
      extension: '12',
    });
  });
});

describe('masking', () => {
  it('masks names after the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张')).toBe('*');
    expect(maskName('欧阳娜娜')).toBe('欧***'); // compound surnames are not special-cased
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBeNull();
  });

  it('keeps spaces and middle dots in names', () => {
    expect(maskName('John Smith')).toBe('J*** *****');
    expect(maskName('买买提·艾力')).toBe('买**·**');
  });

  it('counts characters outside the BMP once', () => {
    expect(maskName('𠮷野')).toBe('𠮷*');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('masks only people, not organisations', () => {
    expect(maskPartyName('张三丰', 'person')).toBe('张**');
    expect(maskPartyName('上海某某科技有限公司', 'organisation')).toBe('上海某某科技有限公司');
    expect(maskPartyName(null, 'person')).toBeNull();
    expect(maskPartyName(null, 'organisation')).toBeNull();
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
    expect(maskPhone('021-12345678')).toBe('021-****5678');
    expect(maskPhone('(0755)1234567')).toBe('0755-***4567');
    expect(maskPhone('021-12345678-123')).toBe('021-****5678-***');
    expect(maskPhone('400-123-4567')).toBe('400-***-4567');
    expect(maskPhone(null)).toBeNull();
  });

  it('never shows junk phone data whole', () => {
    expect(maskPhone('call the office')).toBe('***********fice');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('')).toBe('');
  });

  it('masks ID numbers to the first and last four', () => {
    expect(maskIdNumber('310101199001011234')).toBe('3101**********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('110105491231002')).toBe('1101*******1002');
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber(null)).toBeNull();
  });
});
