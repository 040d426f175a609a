import { describe, expect, it } from 'vitest';
import {
  findDuplicateCodes,
  importColumns,
  industrySectionNames,
  matchHeaders,
  parseImportDate,
  parseIndustry,
  importRowCells,
  validateImportRow,
  type ImportCells,
  type ImportContext,
} from '../src/enterprise/import-row.ts';

const ctx: ImportContext = {
  buildings: new Map([
    ['新虹示例大厦', { id: 'b-1', stationId: 's-1' }],
    ['虹桥商务大厦', { id: 'b-2', stationId: 's-2' }],
  ]),
  allowedStationIds: null,
  today: '2024-07-01',
};

const minimal: ImportCells = { name: '上海示例科技有限公司', creditCode: '91440300708461136T', building: '虹桥商务大厦' };

const exampleCells = Object.fromEntries(importColumns.map((c) => [c.key, c.example])) as ImportCells;

function errorsOf(cells: ImportCells, context: ImportContext = ctx) {
  const result = validateImportRow(cells, context);
  return result.ok ? [] : result.errors;
}

function valueOf(cells: ImportCells, context: ImportContext = ctx) {
  const result = validateImportRow(cells, context);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('the template columns', () => {
  it('are the 21 columns of the issue, in order, three of them required', () => {
    expect(importColumns.map((c) => c.key)).toEqual([
      'name', 'nameEn', 'creditCode', 'legalRepresentative', 'registeredCapitalWan', 'industry', 'establishedOn', 'employees',
      'building', 'floor', 'room', 'status', 'contactName', 'contactTitle', 'contactPhone', 'contactEmail', 'hasPartyBranch',
      'partyBranchName', 'partyMembers', 'partySecretary', 'tags',
    ]);
    expect(importColumns.filter((c) => c.required).map((c) => c.header)).toEqual(['企业名称*', '统一社会信用代码*', '所在楼宇*']);
    expect(importColumns.find((c) => c.key === 'registeredCapitalWan')!.header).toBe('注册资本（万元）');
  });

  it('has an example row that passes every rule', () => {
    expect(valueOf(exampleCells)).toEqual({
      name: '上海新虹示例科技有限公司',
      nameEn: 'Shanghai Xinhong Example Technology Co., Ltd.',
      creditCode: '91350100M000100Y43',
      legalRepresentative: '张三',
      registeredCapitalWan: '500',
      industry: 'I',
      establishedOn: '2019-03-15',
      employees: 120,
      buildingId: 'b-1',
      stationId: 's-1',
      floor: '12',
      room: '1205',
      status: 'active',
      contact: { name: '李四', title: '行政经理', phone: '13800138000', email: 'lisi@example.com' },
      hasPartyBranch: true,
      partyBranchName: '上海新虹示例科技有限公司党支部',
      partyMembers: 8,
      partySecretary: '王五',
      tags: ['高新技术企业', '专精特新'],
    });
  });

  it('names the 20 sections of GB/T 4754-2017', () => {
    expect(Object.keys(industrySectionNames)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
    expect(industrySectionNames.I).toBe('信息传输、软件和信息技术服务业');
    expect(industrySectionNames.T).toBe('国际组织');
  });
});

describe('matchHeaders', () => {
  it('maps the template’s Chinese headers', () => {
    const result = matchHeaders(importColumns.map((c) => c.header));
    expect(result).toEqual({ ok: true, columnIndex: Object.fromEntries(importColumns.map((c, i) => [c.key, i])) });
  });

  it('maps English headers in any order and case', () => {
    const result = matchHeaders(['Unified social credit code', 'BUILDING', 'enterprise name*', 'Registered capital (10k CNY)']);
    expect(result).toEqual({ ok: true, columnIndex: { creditCode: 0, building: 1, name: 2, registeredCapitalWan: 3 } });
  });

  it('ignores spaces, the required mark and the width of brackets', () => {
    const result = matchHeaders([' 企业名称 ', '统一社会信用代码＊', '所在楼宇 *', '注册资本(万元)', '联系\u3000电话']);
    expect(result).toEqual({ ok: true, columnIndex: { name: 0, creditCode: 1, building: 2, registeredCapitalWan: 3, contactPhone: 4 } });
  });

  it('ignores blank header cells', () => {
    expect(matchHeaders(['', '企业名称*', '  ', '统一社会信用代码*', '所在楼宇*', ''])).toEqual({
      ok: true,
      columnIndex: { name: 1, creditCode: 3, building: 4 },
    });
  });

  it('reports missing required columns by their Chinese header', () => {
    expect(matchHeaders(['企业名称*', '楼层'])).toEqual({
      ok: false,
      errors: [
        { column: 'creditCode', key: 'errors.import.missingColumn', params: { header: '统一社会信用代码' } },
        { column: 'building', key: 'errors.import.missingColumn', params: { header: '所在楼宇' } },
      ],
    });
  });

  it('reports unknown and repeated columns with where they are', () => {
    const long = '甲'.repeat(50);
    expect(matchHeaders(['企业名称*', '统一社会信用代码*', '所在楼宇*', '备注', '企业名称', long])).toEqual({
      ok: false,
      errors: [
        { column: null, key: 'errors.import.unknownColumn', params: { header: '备注', columnLetter: 'D' } },
        { column: 'name', key: 'errors.import.duplicateColumn', params: { header: '企业名称' } },
        { column: null, key: 'errors.import.unknownColumn', params: { header: `${'甲'.repeat(30)}…`, columnLetter: 'F' } },
      ],
    });
    const wide = [...importColumns.map((c) => c.header), ...Array.from({ length: 7 }, () => ''), 'x'];
    const result = matchHeaders(wide);
    expect(result.ok ? null : result.errors[0]!.params).toEqual({ header: 'x', columnLetter: 'AC' });
  });

  it('turns a row into cells by key, blank where the file has no such column', () => {
    const header = matchHeaders(['所在楼宇*', '统一社会信用代码*', '企业名称*']);
    if (!header.ok) throw new Error('headers should match');
    const cells = importRowCells(header.columnIndex, ['虹桥商务大厦', '91440300708461136T']);
    expect(cells.building).toBe('虹桥商务大厦');
    expect(cells.creditCode).toBe('91440300708461136T');
    expect(cells.name).toBe('');
    expect(cells.tags).toBe('');
  });
});

describe('validateImportRow', () => {
  it('accepts a minimal row with the defaults', () => {
    expect(valueOf(minimal)).toEqual({
      name: '上海示例科技有限公司',
      nameEn: null,
      creditCode: '91440300708461136T',
      legalRepresentative: null,
      registeredCapitalWan: null,
      industry: null,
      establishedOn: null,
      employees: null,
      buildingId: 'b-2',
      stationId: 's-2',
      floor: null,
      room: null,
      status: 'active',
      contact: null,
      hasPartyBranch: false,
      partyBranchName: null,
      partyMembers: null,
      partySecretary: null,
      tags: [],
    });
  });

  it('requires name, credit code and building', () => {
    expect(errorsOf({ name: ' ', creditCode: '\u3000', building: '' })).toEqual([
      { column: 'name', key: 'errors.import.required' },
      { column: 'creditCode', key: 'errors.import.required' },
      { column: 'building', key: 'errors.import.required' },
    ]);
  });

  it('trims ordinary, full-width and non-breaking spaces', () => {
    const value = valueOf({ ...minimal, name: '\u3000 上海示例科技有限公司\u00a0', building: ' 虹桥商务大厦\u3000', floor: '\u300012 ' });
    expect(value.name).toBe('上海示例科技有限公司');
    expect(value.buildingId).toBe('b-2');
    expect(value.floor).toBe('12');
  });

  it('normalises the credit code as people type it, full-width included', () => {
    expect(valueOf({ ...minimal, creditCode: ' 9144 0300 7084 6113 6t ' }).creditCode).toBe('91440300708461136T');
    expect(valueOf({ ...minimal, creditCode: '９１４４０３００７０８４６１１３６Ｔ' }).creditCode).toBe('91440300708461136T');
  });

  it('tells the three credit-code problems apart', () => {
    expect(errorsOf({ ...minimal, creditCode: '91440300708461136' })).toEqual([{ column: 'creditCode', key: 'errors.import.creditCodeLength' }]);
    expect(errorsOf({ ...minimal, creditCode: '9144030070846113IT' })).toEqual([{ column: 'creditCode', key: 'errors.import.creditCodeCharacters' }]);
    expect(errorsOf({ ...minimal, creditCode: '914403007084611360' })).toEqual([{ column: 'creditCode', key: 'errors.import.creditCodeCheckCharacter' }]);
  });

  it('limits lengths as the database does, counting characters not UTF-16 units', () => {
    expect(errorsOf({ ...minimal, name: '企'.repeat(201) })).toEqual([{ column: 'name', key: 'errors.import.tooLong', params: { max: 200 } }]);
    expect(valueOf({ ...minimal, name: '𠮷'.repeat(200) }).name).toHaveLength(400);
    expect(errorsOf({ ...minimal, nameEn: 'a'.repeat(301) })).toEqual([{ column: 'nameEn', key: 'errors.import.tooLong', params: { max: 300 } }]);
    expect(errorsOf({ ...minimal, legalRepresentative: '张'.repeat(101) })[0]!.params).toEqual({ max: 100 });
    expect(errorsOf({ ...minimal, floor: '1'.repeat(21) })[0]!.params).toEqual({ max: 20 });
    expect(errorsOf({ ...minimal, room: '1'.repeat(41) })[0]!.params).toEqual({ max: 40 });
    expect(errorsOf({ ...minimal, partyBranchName: '党'.repeat(201) })[0]!.params).toEqual({ max: 200 });
    expect(errorsOf({ ...minimal, partySecretary: '王'.repeat(101) })[0]!.params).toEqual({ max: 100 });
    expect(errorsOf({ ...minimal, contactName: '李'.repeat(101) })[0]!.params).toEqual({ max: 100 });
    expect(errorsOf({ ...minimal, contactName: '李四', contactTitle: '经'.repeat(101) })[0]).toEqual({
      column: 'contactTitle',
      key: 'errors.import.tooLong',
      params: { max: 100 },
    });
  });

  it('takes registered capital as decimal text with at most four decimals', () => {
    const capital = (text: string) => valueOf({ ...minimal, registeredCapitalWan: text }).registeredCapitalWan;
    expect(capital('500')).toBe('500');
    expect(capital('0')).toBe('0');
    expect(capital('0.0001')).toBe('0.0001');
    expect(capital('0012.3400')).toBe('12.34');
    expect(capital('1,000.50')).toBe('1000.5');
    expect(capital('9999999999.9999')).toBe('9999999999.9999');
    expect(capital('１００')).toBe('100');
    for (const bad of ['-1', '1.23456', '12345678901', 'abc', '500万', '1,00', '1e3']) {
      expect(errorsOf({ ...minimal, registeredCapitalWan: bad }), bad).toEqual([{ column: 'registeredCapitalWan', key: 'errors.import.capitalInvalid' }]);
    }
  });

  it('takes head counts as non-negative whole numbers within the database range', () => {
    expect(valueOf({ ...minimal, employees: '120', partyMembers: '0' })).toMatchObject({ employees: 120, partyMembers: 0 });
    expect(valueOf({ ...minimal, employees: '1,200', partyMembers: '100000' })).toMatchObject({ employees: 1200, partyMembers: 100_000 });
    expect(valueOf({ ...minimal, employees: '1000000' }).employees).toBe(1_000_000);
    for (const bad of ['1.5', '-3', '1000001', '十二', '12人']) {
      expect(errorsOf({ ...minimal, employees: bad }), bad).toEqual([{ column: 'employees', key: 'errors.import.integerInvalid', params: { max: 1_000_000 } }]);
    }
    expect(errorsOf({ ...minimal, partyMembers: '100001' })).toEqual([{ column: 'partyMembers', key: 'errors.import.integerInvalid', params: { max: 100_000 } }]);
  });

  it('takes the industry as a letter, a section name or both', () => {
    const industry = (text: string) => valueOf({ ...minimal, industry: text }).industry;
    expect(industry('I')).toBe('I');
    expect(industry('i')).toBe('I');
    expect(industry('信息传输、软件和信息技术服务业')).toBe('I');
    expect(industry('I 信息传输、软件和信息技术服务业')).toBe('I');
    expect(industry('A农、林、牧、渔业')).toBe('A');
    expect(industry('Ｊ')).toBe('J');
    expect(industry('教育')).toBe('P');
    for (const bad of ['Z', 'U', 'I 金融业', '软件业', 'IT']) {
      expect(errorsOf({ ...minimal, industry: bad }), bad).toEqual([{ column: 'industry', key: 'errors.import.industryUnknown' }]);
    }
    expect(parseIndustry('K 房地产业')).toBe('K');
  });

  it('reads the establishment date in the formats people use', () => {
    const date = (text: string) => valueOf({ ...minimal, establishedOn: text }).establishedOn;
    expect(date('2019-03-15')).toBe('2019-03-15');
    expect(date('2019-3-5')).toBe('2019-03-05');
    expect(date('2019/3/15')).toBe('2019-03-15');
    expect(date('2019.3.15')).toBe('2019-03-15');
    expect(date('2019年3月15日')).toBe('2019-03-15');
    expect(date('２０１９－０３－１５')).toBe('2019-03-15');
    expect(date('43539')).toBe('2019-03-15'); // Excel serial
    expect(date('36585')).toBe('2000-02-29');
    expect(date('43539.75')).toBe('2019-03-15'); // a time of day is dropped
    expect(date('2024-07-01')).toBe('2024-07-01'); // today
  });

  it('refuses dates that do not exist, bare years and dates after today', () => {
    for (const bad of ['2019-02-30', '2023-02-29', '2019-13-01', '2019-00-10', '2019', '0999-01-01', '昨天', '15/03/2019', '2019-03-15 10:00']) {
      expect(errorsOf({ ...minimal, establishedOn: bad }), bad).toEqual([{ column: 'establishedOn', key: 'errors.import.dateInvalid' }]);
    }
    expect(errorsOf({ ...minimal, establishedOn: '2024-07-02' })).toEqual([{ column: 'establishedOn', key: 'errors.import.dateInFuture' }]);
    expect(parseImportDate('2024-02-29')).toBe('2024-02-29');
  });

  it('matches the building by exact name within the tenant', () => {
    expect(errorsOf({ ...minimal, building: '虹桥商务' })).toEqual([
      { column: 'building', key: 'errors.import.buildingUnknown', params: { building: '虹桥商务' } },
    ]);
    expect(errorsOf({ ...minimal, building: '虹桥 商务大厦' })[0]!.key).toBe('errors.import.buildingUnknown');
  });

  it('keeps staff to the buildings of their own stations', () => {
    const staff = { ...ctx, allowedStationIds: ['s-1'] };
    expect(errorsOf(minimal, staff)).toEqual([
      { column: 'building', key: 'errors.import.buildingNotYours', params: { building: '虹桥商务大厦' } },
    ]);
    expect(valueOf({ ...minimal, building: '新虹示例大厦' }, staff).buildingId).toBe('b-1');
    expect(errorsOf(minimal, { ...ctx, allowedStationIds: [] })[0]!.key).toBe('errors.import.buildingNotYours');
  });

  it('reads the status in Chinese or as its code, blank meaning active', () => {
    const status = (text: string) => valueOf({ ...minimal, status: text }).status;
    expect(status('在驻')).toBe('active');
    expect(status('拟迁出')).toBe('moving_out');
    expect(status('已迁出')).toBe('moved_out');
    expect(status('已注销')).toBe('deregistered');
    expect(status('moving_out')).toBe('moving_out');
    expect(status('Moved out')).toBe('moved_out');
    expect(status('DEREGISTERED')).toBe('deregistered');
    expect(status('')).toBe('active');
    expect(errorsOf({ ...minimal, status: '迁出' })).toEqual([{ column: 'status', key: 'errors.import.statusUnknown' }]);
  });

  it('reads whether there is a party branch, blank meaning no', () => {
    const branch = (text: string) => valueOf({ ...minimal, hasPartyBranch: text }).hasPartyBranch;
    for (const yes of ['是', '有', 'Y', 'y', 'true', 'TRUE', 'Ｙ']) expect(branch(yes), yes).toBe(true);
    for (const no of ['否', '无', 'N', 'false', 'FALSE', '']) expect(branch(no), no).toBe(false);
    expect(errorsOf({ ...minimal, hasPartyBranch: '也许' })).toEqual([{ column: 'hasPartyBranch', key: 'errors.import.yesNoInvalid' }]);
  });

  it('keeps mainland mobile and landline numbers in canonical form', () => {
    const phone = (text: string) => valueOf({ ...minimal, contactName: '李四', contactPhone: text }).contact!.phone;
    expect(phone('13800138000')).toBe('13800138000');
    expect(phone('+86 138 0013 8000')).toBe('13800138000');
    expect(phone('021-62345678')).toBe('021-62345678');
    expect(phone('（021）6234 5678')).toBe('021-62345678');
    for (const bad of ['12345', '1380013800', '62345678', 'n/a']) {
      expect(errorsOf({ ...minimal, contactName: '李四', contactPhone: bad }), bad).toEqual([{ column: 'contactPhone', key: 'errors.import.phoneInvalid' }]);
    }
  });

  it('checks the shape of the e-mail address', () => {
    expect(valueOf({ ...minimal, contactName: '李四', contactEmail: 'lisi＠example.com' }).contact!.email).toBe('lisi@example.com');
    for (const bad of ['lisi', 'lisi@example', 'li si@example.com', `${'a'.repeat(250)}@x.cn`]) {
      expect(errorsOf({ ...minimal, contactName: '李四', contactEmail: bad }), bad).toEqual([{ column: 'contactEmail', key: 'errors.import.emailInvalid' }]);
    }
  });

  it('needs a contact name when other contact details are given', () => {
    expect(errorsOf({ ...minimal, contactPhone: '13800138000' })).toEqual([{ column: 'contactName', key: 'errors.import.contactNameRequired' }]);
    expect(errorsOf({ ...minimal, contactTitle: '经理' })[0]!.key).toBe('errors.import.contactNameRequired');
    expect(valueOf({ ...minimal, contactName: '李四' }).contact).toEqual({ name: '李四', title: null, phone: null, email: null });
  });

  it('splits tags on every separator, trims and drops repeats', () => {
    expect(valueOf({ ...minimal, tags: '高新技术企业、专精特新,外资；重点企业;  外资 ，，小巨人' }).tags).toEqual([
      '高新技术企业',
      '专精特新',
      '外资',
      '重点企业',
      '小巨人',
    ]);
    expect(valueOf({ ...minimal, tags: '标'.repeat(40) }).tags).toEqual(['标'.repeat(40)]);
    expect(errorsOf({ ...minimal, tags: `好、${'标'.repeat(41)}` })).toEqual([
      { column: 'tags', key: 'errors.import.tagTooLong', params: { tag: `${'标'.repeat(30)}…`, max: 40 } },
    ]);
  });

  it('refuses formulas in any cell, without evaluating or further checking them', () => {
    expect(errorsOf({ ...minimal, name: '=HYPERLINK("http://evil.example","点我")' })).toEqual([
      { column: 'name', key: 'errors.import.formulaNotAllowed' },
    ]);
    expect(errorsOf({ ...minimal, employees: ' =1+1', tags: '=cmd|" /C calc"!A0' })).toEqual([
      { column: 'employees', key: 'errors.import.formulaNotAllowed' },
      { column: 'tags', key: 'errors.import.formulaNotAllowed' },
    ]);
    expect(valueOf({ ...minimal, nameEn: 'A=B Ltd.' }).nameEn).toBe('A=B Ltd.');
  });

  it('reports every problem of a row in column order', () => {
    const errors = errorsOf({
      name: '',
      creditCode: '91440300708461136T',
      building: '无名楼',
      employees: '-1',
      contactPhone: '123',
      registeredCapitalWan: 'x',
      tags: '=1',
    });
    expect(errors.map((e) => `${e.column}:${e.key}`)).toEqual([
      'name:errors.import.required',
      'registeredCapitalWan:errors.import.capitalInvalid',
      'employees:errors.import.integerInvalid',
      'building:errors.import.buildingUnknown',
      'contactName:errors.import.contactNameRequired',
      'contactPhone:errors.import.phoneInvalid',
      'tags:errors.import.formulaNotAllowed',
    ]);
  });
});

describe('findDuplicateCodes', () => {
  it('points later rows at the first row with the same code', () => {
    const duplicates = findDuplicateCodes([
      { rowNumber: 2, creditCode: '91440300708461136T' },
      { rowNumber: 3, creditCode: '91350100M000100Y43' },
      { rowNumber: 4, creditCode: ' 9144 0300 7084 6113 6t' },
      { rowNumber: 6, creditCode: '' },
      { rowNumber: 7, creditCode: '' },
      { rowNumber: 9, creditCode: '91440300708461136T' },
    ]);
    expect([...duplicates]).toEqual([
      [4, { column: 'creditCode', key: 'errors.import.duplicateInFile', params: { firstRow: 2 } }],
      [9, { column: 'creditCode', key: 'errors.import.duplicateInFile', params: { firstRow: 2 } }],
    ]);
  });

  it('finds nothing in a file of distinct codes', () => {
    expect(findDuplicateCodes([{ rowNumber: 2, creditCode: '91440300708461136T' }, { rowNumber: 3, creditCode: '914403001922038216' }]).size).toBe(0);
  });
});
