import { creditCodeCheckCharacter } from '@stationdesk/core';

/**
 * A few hundred believable enterprises for the demo: names, credit codes, contacts, licences
 * (some close to expiry), party branches and tags — generated from a fixed seed so every demo
 * database looks the same.
 */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const brand = '虹智,新桥,申虹,博瑞,汇丰,嘉禾,恒信,启明,睿思,鼎华,宏远,德泰,凯晟,卓越,华研,云帆,星河,铭德,景程,安捷,信达,泰和,润泽,瀚海,中盈,君合,远景,天元,金桥,同创,海纳,正通,优联,明道,创元,锦程,慧聚,协力,聚能,朗新'.split(',');
const trade: [string, string][] = [
  ['信息科技', 'I'],
  ['网络科技', 'I'],
  ['数据服务', 'I'],
  ['软件开发', 'I'],
  ['国际贸易', 'F'],
  ['供应链管理', 'G'],
  ['物流', 'G'],
  ['企业管理咨询', 'L'],
  ['商务咨询', 'L'],
  ['人力资源', 'L'],
  ['会展服务', 'L'],
  ['医疗器械', 'F'],
  ['生物科技', 'M'],
  ['检测技术', 'M'],
  ['建筑设计', 'M'],
  ['文化传媒', 'R'],
  ['餐饮管理', 'H'],
  ['融资租赁', 'J'],
  ['投资管理', 'J'],
  ['物业管理', 'K'],
  ['教育科技', 'P'],
  ['健康管理', 'Q'],
];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const given = '伟,芳,娜,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀兰,霞,平,刚,桂英,建华,晓燕,志强,海燕,思远,雨萱,子涵,浩然,欣怡,宇航,梓萱,俊杰,诗涵'.split(',');
const titles = ['总经理', '行政经理', '人事主管', '财务经理', '办公室主任', '法务专员', '综合部经理', '董事长助理'];
export const demoTags = ['两新组织', '重点企业', '外资企业', '高新技术企业', '总部企业', '楼宇党建联建单位'] as const;

export interface DemoEnterprise {
  name: string;
  nameEn: string | null;
  creditCode: string;
  industry: string;
  legalRepresentative: string;
  registeredCapitalWan: number;
  establishedOn: string;
  employees: number;
  floor: string;
  room: string;
  status: 'active' | 'moving_out' | 'moved_out' | 'deregistered';
  movedInOn: string;
  hasPartyBranch: boolean;
  partyBranchName: string | null;
  partyMembers: number | null;
  partySecretary: string | null;
  contacts: { name: string; title: string; phone: string; email: string; isPrimary: boolean }[];
  documents: { docType: string; number: string; issuer: string; issuedOn: string; expiresOn: string | null }[];
  tags: string[];
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function demoEnterprises(count: number, opts: { seed: number; today: Date; floors: number }): DemoEnterprise[] {
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const person = () => pick(surnames) + pick(given);
  const mobile = () => `1${pick(['35', '36', '37', '38', '39', '50', '58', '59', '80', '86', '89', '77'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const days = (n: number) => dateOf(new Date(opts.today.getTime() + n * 86_400_000));
  const used = new Set<string>();
  const out: DemoEnterprise[] = [];
  for (let i = 0; out.length < count; i++) {
    const [tradeName, industry] = pick(trade);
    const name = `上海${pick(brand)}${tradeName}有限公司`;
    if (used.has(name)) continue;
    used.add(name);
    let tail = '';
    for (let k = 0, v = 5000 + i * 7919; k < 6; k++, v = Math.floor(v / 31)) tail = ALPHABET[v % 31] + tail;
    const body = `91310112MA1${tail}`;
    const established = new Date(Date.UTC(2005 + Math.floor(r() * 20), Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
    const roll = r();
    const status = roll < 0.86 ? 'active' : roll < 0.93 ? 'moving_out' : roll < 0.98 ? 'moved_out' : 'deregistered';
    const party = r() < 0.3;
    const contactsN = 1 + Math.floor(r() * 3);
    const contacts = Array.from({ length: contactsN }, (_, k) => ({
      name: person(),
      title: pick(titles),
      phone: k === 1 && r() < 0.5 ? `021-${6200 + Math.floor(r() * 3000)}${String(Math.floor(r() * 1e4)).padStart(4, '0')}` : mobile(),
      email: `contact${i}${k}@example.cn`,
      isPrimary: k === 0,
    }));
    const leaseDays = Math.floor(r() * 900) - 40; // some already lapsed, many within the year
    const documents = [
      { docType: 'business_licence', number: body + creditCodeCheckCharacter(body), issuer: '上海市闵行区市场监督管理局', issuedOn: dateOf(established), expiresOn: null },
      { docType: 'lease', number: `ZL${established.getUTCFullYear()}-${String(i).padStart(4, '0')}`, issuer: '虹桥商务区物业', issuedOn: days(leaseDays - 1095), expiresOn: days(leaseDays) },
      ...(r() < 0.4
        ? [{ docType: 'fire_safety', number: `沪闵消验字〔2024〕第${100 + i}号`, issuer: '闵行区消防救援支队', issuedOn: days(-400), expiresOn: days(Math.floor(r() * 500) - 20) }]
        : []),
      ...(industry === 'H' ? [{ docType: 'food_business', number: `JY231011200${String(i).padStart(5, '0')}`, issuer: '闵行区市场监督管理局', issuedOn: days(-700), expiresOn: days(Math.floor(r() * 1000)) }] : []),
    ];
    const tags = demoTags.filter((_, k) => r() < [0.25, 0.12, 0.1, 0.15, 0.05, 0.08][k]!);
    out.push({
      name,
      nameEn: r() < 0.3 ? `Shanghai ${pick(['Hongzhi', 'Xinqiao', 'Borui', 'Jiahe', 'Qiming', 'Ruisi', 'Yunfan', 'Xinghe', 'Anjie', 'Tianyuan'])} ${pick(['Technology', 'Trading', 'Consulting', 'Logistics', 'Media'])} Co., Ltd.` : null,
      creditCode: body + creditCodeCheckCharacter(body),
      industry,
      legalRepresentative: person(),
      registeredCapitalWan: [50, 100, 200, 500, 1000, 3000, 5000][Math.floor(r() * 7)]!,
      establishedOn: dateOf(established),
      employees: 3 + Math.floor(r() ** 2 * 600),
      floor: `${2 + Math.floor(r() * (opts.floors - 2))}F`,
      room: `${pad(1 + Math.floor(r() * 20))}${pad(Math.floor(r() * 12))}`,
      status,
      movedInOn: dateOf(new Date(Math.max(established.getTime(), Date.UTC(2012, 0, 1)))),
      hasPartyBranch: party,
      partyBranchName: party ? `${name.replace('有限公司', '')}党支部` : null,
      partyMembers: party ? 3 + Math.floor(r() * 40) : null,
      partySecretary: party ? person() : null,
      contacts,
      documents,
      tags,
    });
  }
  return out;
}
