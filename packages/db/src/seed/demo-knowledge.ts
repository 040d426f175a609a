import { sql } from 'kysely';
import type { Db } from '../client.ts';
import { withTenant } from '../tenant.ts';

/**
 * 知识库 for the demo (issue 22): thirty articles staff of a subdistrict actually write — how to
 * change a business registration, the fit-out permit's materials, stable-employment subsidies,
 * residence-permit points, social-insurance and tax set-up … — each in Chinese and English, two of
 * them still drafts, each with its first revision; and a month of "this answered my question" by
 * the demo company so the KPI dashboard's deflection rate has something to say.
 */
export interface KnowledgeSeedOptions {
  now: Date;
  staffId: string;
  enterpriseAdminId: string;
}

type Category = 'business_registration' | 'tax' | 'social_security' | 'employment' | 'talent' | 'fit_out' | 'subsidy' | 'property' | 'other';

interface DemoArticle {
  title: string;
  titleEn: string;
  category: Category;
  tags: string[];
  agencyTypes?: string[];
  body: string;
  bodyEn: string;
  draft?: boolean;
}

export const demoArticles: DemoArticle[] = [
  {
    title: '工商变更登记步骤（名称、地址、法定代表人）',
    titleEn: 'Changing a business registration (name, address, legal representative)',
    category: 'business_registration',
    tags: ['工商变更', '一网通办'],
    agencyTypes: ['registration_change'],
    body: '## 办理步骤\n\n1. 登录**上海市一网通办**，进入“企业登记在线”，选择“变更登记”。\n2. 填写变更事项，上传股东会决议、章程修正案等材料。\n3. 全体股东、法定代表人通过“电子营业执照”或“随申办”完成实名签名。\n4. 审核通过后，可选择邮寄或到区市场监管局窗口领取新执照。\n\n## 注意\n\n- 变更住所须提供新地址的**租赁合同和产权证明**。\n- 变更后 30 日内同步办理税务、社保、银行信息变更。\n\n工作站可代为预审材料，如需代办请在门户提交“工商变更”申请。',
    bodyEn: '## Steps\n\n1. Sign in to **Yiwangtongban** and choose *Change registration*.\n2. Fill in what changes and upload the shareholders\' resolution and the amended articles.\n3. All shareholders and the legal representative sign electronically.\n4. Collect the new licence by post or at the district market-regulation office.\n\nWithin 30 days, update tax, social insurance and bank records too.',
  },
  {
    title: '二次装修施工许可材料清单',
    titleEn: 'Fit-out works permit: documents to prepare',
    category: 'fit_out',
    tags: ['二次装修', '施工许可', '消防'],
    agencyTypes: ['fit_out'],
    body: '## 所需材料\n\n1. 装修施工申请表（加盖公章）\n2. 装修设计方案及图纸（平面图、消防设施布置图）\n3. 物业公司出具的装修同意书\n4. 施工单位营业执照及资质证书复印件\n5. 租赁合同或产权证明\n\n## 办理时限\n\n材料齐全后 **10 个工作日**内完成审核。面积超过 300 平方米或涉及消防设施改动的，需另行办理消防设计审查。\n\n> 提示：开工前请在楼内公示施工时间，夜间（22:00–6:00）禁止噪声作业。',
    bodyEn: '## Documents\n\n1. Fit-out application form (stamped)\n2. Design plans, including the fire-safety layout\n3. The property manager\'s consent letter\n4. The contractor\'s business licence and qualification\n5. Lease or title certificate\n\nReviewed within **10 working days**. Over 300 m² or with fire-system changes, a separate fire-design review is required.',
  },
  {
    title: '稳岗补贴申领条件与流程',
    titleEn: 'Stable-employment subsidy: who qualifies and how to apply',
    category: 'subsidy',
    tags: ['稳岗补贴', '失业保险'],
    body: '## 申领条件\n\n- 在本市依法参加失业保险并足额缴费满 **12 个月**；\n- 上年度未裁员或裁员率不高于城镇调查失业率控制目标；\n- 未被列入严重失信主体名单。\n\n## 流程\n\n符合条件的企业一般**免申即享**，人社部门比对数据后直接返还至企业对公账户。未收到返还的，可在一网通办“稳岗返还”栏目查询并申请复核。',
    bodyEn: '## Conditions\n\n- Unemployment insurance paid in full for **12 months**;\n- No lay-offs last year, or a lay-off rate within the target;\n- Not on the list of seriously dishonest entities.\n\nEligible companies usually receive it **without applying**; check or ask for a review on Yiwangtongban.',
  },
  {
    title: '居住证积分办理指南',
    titleEn: 'Residence permit points: a guide',
    category: 'talent',
    tags: ['居住证积分', '人才'],
    body: '## 基本条件\n\n持有效《上海市居住证》，在本市连续缴纳职工社会保险满 6 个月。\n\n## 积分指标\n\n- 年龄、教育背景、专业技术职称和技能等级；\n- 在本市工作及缴纳社保年限；\n- 重点区域就业、紧缺专业等加分项。\n\n积分达到标准分值 **120 分**，可享受子女在本市参加中高考等公共服务。\n\n## 申请方式\n\n由用人单位经办人在“居住证积分管理信息系统”提交，个人不能自行申请。',
    bodyEn: '## Basics\n\nA valid Shanghai residence permit and six months of social insurance.\n\nScoring covers age, education, titles and skills, years of work and bonus items. At **120 points** the holder\'s children may sit the entrance exams here.\n\nThe employer applies through the points system; individuals cannot apply themselves.',
  },
  {
    title: '新设立企业社保开户',
    titleEn: 'Opening a social-insurance account for a new company',
    category: 'social_security',
    tags: ['社保开户', '新设企业'],
    agencyTypes: ['social_insurance'],
    body: '## 办理渠道\n\n企业在办理设立登记时可**一并勾选**社保登记，无需另行跑腿。未勾选的，可在一网通办“单位参保登记”办理。\n\n## 需要准备\n\n- 营业执照\n- 法定代表人身份证\n- 单位银行账户信息\n\n开户后请在**招用员工 30 日内**办理参保增员。',
    bodyEn: 'Tick social-insurance registration when registering the company, or register later on Yiwangtongban with the licence, the legal representative\'s ID and the company\'s bank account. Enrol each employee within **30 days** of hiring.',
  },
  {
    title: '新办纳税人税务登记与信息确认',
    titleEn: 'Tax registration for new taxpayers',
    category: 'tax',
    tags: ['税务登记', '电子税务局'],
    agencyTypes: ['tax'],
    body: '## 说明\n\n“多证合一”后，营业执照即具有税务登记证的作用，**无需单独办理税务登记证**。\n\n## 首次办税\n\n1. 登录电子税务局，完成“新办纳税人套餐”信息确认；\n2. 办理财务会计制度备案、三方协议签订；\n3. 按需申领发票（数电票默认开通）。\n\n首次申报期为设立次月，零申报也须按期申报。',
    bodyEn: 'The business licence doubles as the tax registration. In the e-tax bureau, confirm the new-taxpayer package, file the accounting system, sign the tripartite debit agreement and request invoices. File every month from the month after registration, even with nothing to declare.',
  },
  {
    title: '公积金单位开户与缴存基数调整',
    titleEn: 'Housing fund: opening an account and adjusting the base',
    category: 'social_security',
    tags: ['公积金'],
    agencyTypes: ['social_insurance'],
    body: '## 单位开户\n\n在上海公积金网上业务系统提交开户申请，上传营业执照即可，一般 1 个工作日完成。\n\n## 基数调整\n\n每年 **7 月**统一调整缴存基数，基数为职工上一年度月平均工资，且不得低于本市最低工资标准、不得高于上年度职工月平均工资的 3 倍。',
    bodyEn: 'Open the account online with the business licence (about one working day). Each **July** the base is reset to last year\'s average monthly wage, within the city\'s floor and three times the average wage.',
  },
  {
    title: '企业年报填报时间与常见问题',
    titleEn: 'Annual company report: deadline and common questions',
    category: 'business_registration',
    tags: ['企业年报', '经营异常'],
    body: '每年 **1 月 1 日至 6 月 30 日**通过国家企业信用信息公示系统报送上一年度年报。\n\n## 常见问题\n\n- **逾期未报**：将被列入经营异常名录，补报后可申请移出。\n- **数据填错**：6 月 30 日前可自行修改，之后修改会留痕。\n- **社保信息**：须与实际参保人数一致。',
    bodyEn: 'File last year\'s report between **1 January and 30 June** in the enterprise credit system. Late filers are listed as abnormal until they file; figures can be corrected freely until 30 June.',
  },
  {
    title: '经营异常名录移出办理',
    titleEn: 'Getting off the abnormal-operations list',
    category: 'business_registration',
    tags: ['经营异常', '信用修复'],
    body: '## 常见原因\n\n未按时年报、通过登记的住所无法联系、公示信息隐瞒真实情况。\n\n## 移出办法\n\n补报年报或办理住所变更后，通过国家企业信用信息公示系统提交移出申请，市场监管部门 **5 个工作日**内作出决定。',
    bodyEn: 'Causes: a late annual report, an address where the company cannot be reached, or false public information. Fix the cause, then apply online; a decision follows within **5 working days**.',
  },
  {
    title: '一次性吸纳就业补贴',
    titleEn: 'One-off subsidy for hiring',
    category: 'subsidy',
    tags: ['就业补贴', '高校毕业生'],
    body: '企业招用离校 2 年内未就业高校毕业生、登记失业半年以上人员，签订 1 年以上劳动合同并缴纳社保满 **3 个月**的，按每人 **2000 元**给予一次性补贴。\n\n在一网通办“一次性吸纳就业补贴”栏目申请，每年 12 月 31 日截止。',
    bodyEn: 'Hire a graduate unemployed within two years of leaving school, or someone registered unemployed for six months, on a contract of a year or more with three months of social insurance: **CNY 2,000** per person. Apply online by 31 December.',
  },
  {
    title: '高新技术企业认定材料',
    titleEn: 'High-tech enterprise recognition: documents',
    category: 'subsidy',
    tags: ['高新技术企业', '税收优惠'],
    body: '## 基本条件\n\n- 注册成立一年以上；\n- 拥有核心自主知识产权；\n- 科技人员占职工总数不低于 10%；\n- 近三年研发费用占比达到规定比例。\n\n## 材料\n\n申请书、知识产权证明、研发项目立项资料、专项审计报告、高新技术产品收入说明等。认定后企业所得税减按 **15%** 征收。',
    bodyEn: 'At least a year old, core IP, 10% technical staff and enough R&D spending. Submit the application, IP certificates, R&D projects and an audit report. Recognised companies pay **15%** corporate income tax.',
  },
  {
    title: '小微企业税收优惠一览',
    titleEn: 'Tax relief for small and micro businesses',
    category: 'tax',
    tags: ['小微企业', '税收优惠'],
    body: '- 小规模纳税人月销售额 **10 万元**以下免征增值税；\n- 小型微利企业年应纳税所得额不超过 300 万元的部分，减按 25% 计入应纳税所得额，按 20% 税率缴纳；\n- “六税两费”减半征收。\n\n优惠均在申报时**自动享受**，无需备案。',
    bodyEn: 'No VAT under **CNY 100,000** of monthly sales for small-scale taxpayers; reduced income tax for small low-profit companies; half the "six taxes and two fees". All applied automatically when filing.',
  },
  {
    title: '发票申领与数电票开具',
    titleEn: 'Invoices: requesting them and issuing digital invoices',
    category: 'tax',
    tags: ['发票', '数电票'],
    body: '新办纳税人完成信息确认后，**数电票**默认开通，在电子税务局“开票业务”中开具，无需领用税控设备。\n\n开票额度由系统按纳税信用自动调整；额度不足可在线申请调整。',
    bodyEn: 'Digital invoices are on by default once the new-taxpayer package is confirmed; issue them in the e-tax bureau with no device. The limit follows the tax credit rating and can be raised online.',
  },
  {
    title: '劳动合同签订与试用期规定',
    titleEn: 'Employment contracts and probation',
    category: 'employment',
    tags: ['劳动合同', '试用期'],
    body: '- 用工之日起 **1 个月**内须订立书面劳动合同，超过 1 个月不满 1 年未签的，应支付二倍工资；\n- 合同期限 3 个月以上不满 1 年的，试用期不超过 1 个月；1 年以上不满 3 年的，不超过 2 个月；3 年以上的，不超过 6 个月；\n- 同一用人单位与同一劳动者只能约定一次试用期。',
    bodyEn: 'Sign a written contract within **one month** of the start, or pay double wages. Probation: at most 1 month for contracts under a year, 2 months under three years, 6 months otherwise; only once per employee.',
  },
  {
    title: '劳动争议调解申请',
    titleEn: 'Applying for labour-dispute mediation',
    category: 'employment',
    tags: ['劳动争议', '调解'],
    body: '街道劳动人事争议调解中心免费受理工资、加班、解除合同、经济补偿等争议。\n\n## 需要准备\n\n申请书、身份证明、劳动关系证明（合同、工资流水、工牌等）。\n\n调解期限一般为 **15 日**，达成的调解协议可申请仲裁审查确认。',
    bodyEn: 'The subdistrict\'s mediation centre hears wage, overtime, dismissal and severance disputes for free. Bring the application, ID and proof of employment. Mediation usually takes **15 days**.',
  },
  {
    title: '人才引进落户申请条件',
    titleEn: 'Hukou for recruited talent: conditions',
    category: 'talent',
    tags: ['人才引进', '落户'],
    body: '重点机构紧缺急需人才、高级专业技术人才、高技能人才等，可通过用人单位申请**人才引进落户**。\n\n一般要求：与单位签订 3 年以上劳动合同，在本市缴纳社保，个人所得税与工资相符。具体以人社部门当年政策为准。',
    bodyEn: 'Scarce talent at key organisations, senior professionals and highly skilled workers may obtain a hukou through their employer: a contract of three years or more, local social insurance and matching income tax.',
  },
  {
    title: '居住证办理与签注',
    titleEn: 'Residence permit: applying and renewing',
    category: 'talent',
    tags: ['居住证'],
    body: '在本市合法稳定居住满 6 个月，并具有合法稳定就业、住所或连续就读条件之一的，可申领居住证。\n\n居住证有效期 3 年，**每年签注一次**，可在随申办“居住证签注”自助办理。',
    bodyEn: 'After six months of lawful residence with a job, home or studies here, apply for a residence permit. It is valid three years and must be endorsed **yearly** in the Suishenban app.',
  },
  {
    title: '户外招牌设置审批',
    titleEn: 'Outdoor signboards: approval',
    category: 'fit_out',
    tags: ['招牌', '市容'],
    body: '在建筑物外立面设置招牌、广告牌，需向区绿化市容部门申请设置审批。\n\n## 材料\n\n设置申请表、设计效果图、结构安全说明、物业或业主同意书。\n\n楼宇统一规划招牌位置的，须符合楼宇的招牌设置导则。',
    bodyEn: 'A sign on a building\'s façade needs the district city-appearance bureau\'s approval: the form, a design rendering, a structural safety note and the owner\'s consent.',
  },
  {
    title: '消防安全检查常见隐患',
    titleEn: 'Fire-safety inspections: common hazards',
    category: 'fit_out',
    tags: ['消防', '安全生产'],
    body: '- 疏散通道、安全出口堆放杂物或上锁；\n- 灭火器过期、压力不足；\n- 私拉乱接电线、电动自行车室内充电；\n- 常闭式防火门处于开启状态。\n\n工作站巡查发现隐患会发出整改通知，请在期限内整改并上传整改照片。',
    bodyEn: 'Blocked or locked exits, expired extinguishers, improvised wiring, e-bikes charging indoors and fire doors propped open. Fix what the patrol notice lists in time and upload photos.',
  },
  {
    title: '办公场地租赁备案',
    titleEn: 'Registering an office lease',
    category: 'property',
    tags: ['租赁', '备案'],
    body: '企业承租办公用房，出租方应在合同签订后 **30 日**内办理租赁备案。备案证明可用于工商注册地址、居住证积分等事项。\n\n楼宇物业可协助提供产权证明复印件。',
    bodyEn: 'The landlord registers the lease within **30 days** of signing. The certificate serves as proof of address for registration and residence-permit points.',
  },
  {
    title: '楼宇物业费与公共维修常见问答',
    titleEn: 'Building service charges and repairs: questions',
    category: 'property',
    tags: ['物业'],
    body: '**空调、电梯故障**：请先联系楼宇物业服务中心报修；48 小时内未处理的，可在门户提交诉求，工作站协调。\n\n**物业费争议**：以租赁合同和物业服务合同约定为准，工作站可组织三方沟通。',
    bodyEn: 'Report lift or air-conditioning faults to the building\'s property manager first; after 48 hours, raise it in the portal and the station will follow up.',
  },
  {
    title: '企业注销简易程序',
    titleEn: 'Simplified deregistration',
    category: 'business_registration',
    tags: ['注销', '简易注销'],
    agencyTypes: ['registration_change'],
    body: '未开业或无债权债务的企业，可申请**简易注销**：\n\n1. 在一网通办提交简易注销申请，公示 **20 日**；\n2. 公示期内无异议的，市场监管部门作出准予注销登记；\n3. 注销前须结清税款、社保，注销银行账户。',
    bodyEn: 'A company that never traded or has no debts may deregister simply: a **20-day** public notice online, then approval if nobody objects. Settle taxes and social insurance first.',
  },
  {
    title: '残疾人就业保障金申报',
    titleEn: 'Disability employment security fund',
    category: 'tax',
    tags: ['残保金'],
    body: '安排残疾人就业比例未达到职工总数 **1.5%** 的用人单位，应缴纳残疾人就业保障金。在职职工 30 人（含）以下的企业暂免征收。\n\n每年在电子税务局申报，同时可申报安排残疾人就业人数。',
    bodyEn: 'Employers with fewer than **1.5%** disabled employees pay the fund; companies with 30 staff or fewer are exempt. File yearly in the e-tax bureau.',
  },
  {
    title: '职业技能培训补贴',
    titleEn: 'Vocational training subsidies',
    category: 'subsidy',
    tags: ['培训补贴', '技能提升'],
    body: '企业组织职工参加职业技能培训并取得证书的，可按培训项目目录申请补贴，补贴标准为培训费的 **50%–100%**。\n\n在“上海市职业技能培训信息管理系统”备案培训计划后开班。',
    bodyEn: 'Training that ends in a certificate earns **50–100%** of its cost back. File the training plan in the city\'s training system before the course starts.',
  },
  {
    title: '招用退役军人税收扣减',
    titleEn: 'Tax deductions for hiring veterans',
    category: 'tax',
    tags: ['退役军人', '税收优惠'],
    body: '企业招用自主就业退役士兵，签订 1 年以上劳动合同并缴纳社保的，3 年内按每人每年 **9000 元**定额依次扣减增值税、城市维护建设税、教育费附加和企业所得税。',
    bodyEn: 'Hiring a self-employed discharged soldier on a contract of a year or more: **CNY 9,000** per person per year off VAT and related taxes for three years.',
  },
  {
    title: '两新组织党组织组建指引',
    titleEn: 'Setting up a party organisation in a new-economy company',
    category: 'other',
    tags: ['两新组织', '党建'],
    body: '有正式党员 **3 人以上**的企业，应成立党支部；不足 3 人的，可与邻近企业联合组建或纳入楼宇联合党支部。\n\n工作站党群服务中心可提供组建指导和活动场地。',
    bodyEn: 'With **three or more** party members a company sets up its own branch; otherwise it joins a neighbour or the building\'s joint branch. The station\'s party-service centre helps.',
  },
  {
    title: '外籍人员工作许可办理',
    titleEn: 'Work permits for foreign employees',
    category: 'talent',
    tags: ['外籍人才', '工作许可'],
    body: '用人单位在“外国人来华工作管理服务系统”注册后，为外籍员工申请工作许可。\n\n## 材料\n\n工作资历证明、最高学位证书、无犯罪记录证明、体检证明、劳动合同（或任职证明）、护照。\n\n获得许可后，员工再办理工作类居留许可。',
    bodyEn: 'The employer registers in the foreigners\' work-permit system and applies with proof of experience, degree, a clean record, a medical certificate, the contract and passport. A residence permit follows.',
  },
  {
    title: '知识产权质押融资',
    titleEn: 'Loans secured on intellectual property',
    category: 'subsidy',
    tags: ['知识产权', '融资'],
    body: '拥有有效专利、商标的科技型中小企业，可向合作银行申请知识产权质押贷款，区财政对符合条件的贷款给予**贴息**。\n\n工作站可协助对接银行和评估机构。',
    bodyEn: 'Small tech companies with patents or trademarks can borrow against them; the district pays part of the **interest** on eligible loans. The station introduces banks and valuers.',
  },
  {
    title: '企业开办“一窗通”全流程',
    titleEn: 'Starting a company through the one-window service',
    category: 'business_registration',
    tags: ['企业开办', '一网通办'],
    body: '通过“一窗通”平台一次填报，**1 个工作日**内完成营业执照、印章刻制、发票申领、社保登记、公积金开户和银行预约开户。\n\n住所可使用楼宇提供的租赁合同，园区企业可申请集中登记地。',
    bodyEn: 'One online form: licence, seals, invoices, social insurance, housing fund and a bank appointment within **one working day**.',
    draft: true,
  },
  {
    title: '夜间施工许可申请',
    titleEn: 'Night-time construction permits',
    category: 'fit_out',
    tags: ['施工许可', '噪声'],
    body: '因生产工艺或特殊需要必须连续作业的，应提前 3 日向区生态环境部门申请夜间施工许可，并在施工现场公示。\n\n写字楼内装修一般**不予批准**夜间噪声作业。',
    bodyEn: 'Apply three days ahead to the district environment bureau and post the permit on site. Office fit-outs are normally **refused** night-time noisy work.',
    draft: true,
  },
];

const DAY = 86_400_000;

export async function seedDemoKnowledge(db: Db, tenantId: string, opts: KnowledgeSeedOptions): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    // The seed runs as the owner, whom row-level security does not hold: reads name the tenant.
    const types = new Set((await trx.selectFrom('agency_types').select('code').where('tenant_id', '=', tenantId).execute()).map((t) => t.code));
    const ids: string[] = [];
    for (const [i, a] of demoArticles.entries()) {
      // Written over the last two months, oldest first; published ones a day after.
      const written = new Date(opts.now.getTime() - (60 - i * 2) * DAY);
      const status = a.draft ? 'draft' : 'published';
      const row = await trx
        .insertInto('knowledge_articles')
        .values({
          tenant_id: tenantId,
          title: a.title,
          body: a.body,
          title_en: a.titleEn,
          body_en: a.bodyEn,
          category: a.category,
          tags: a.tags,
          agency_types: (a.agencyTypes ?? []).filter((c) => types.has(c)),
          status,
          version: 1,
          created_at: written,
          created_by: opts.staffId,
          updated_at: written,
          updated_by: opts.staffId,
          published_at: a.draft ? null : written,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`
        insert into knowledge_revisions (tenant_id, article_id, version, title, body, title_en, body_en, category, tags, agency_types, status, created_at, created_by)
        select tenant_id, id, version, title, body, title_en, body_en, category, tags, agency_types, status, updated_at, updated_by
          from knowledge_articles where tenant_id = ${tenantId} and id = ${row.id}`.execute(trx);
      if (!a.draft) ids.push(row.id);
    }
    // A month of questions the demo company did not need to ask (one every few days).
    const company = await trx.selectFrom('memberships').select('enterprise_id').where('user_id', '=', opts.enterpriseAdminId).where('role', '=', 'enterprise_admin').executeTakeFirst();
    const station = company?.enterprise_id ? await trx.selectFrom('enterprises').select('station_id').where('id', '=', company.enterprise_id).executeTakeFirst() : undefined;
    const questions = ['稳岗补贴怎么申请', '装修需要什么材料', '居住证积分怎么办', '新公司社保开户', '年报什么时候报', '发票怎么开', '公积金基数调整'];
    await trx
      .insertInto('knowledge_deflections')
      .values(
        questions.map((question, i) => ({
          tenant_id: tenantId,
          article_id: ids[(i * 5) % ids.length]!,
          user_id: opts.enterpriseAdminId,
          enterprise_id: company?.enterprise_id ?? null,
          station_id: station?.station_id ?? null,
          question,
          created_at: new Date(opts.now.getTime() - (28 - i * 4) * DAY),
        })),
      )
      .execute();
  });
}
