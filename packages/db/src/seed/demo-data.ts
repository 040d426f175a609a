/**
 * The demo world: 新虹街道 (Xinhong subdistrict, Minhang, beside the Hongqiao hub) with its five
 * building work stations, and 华漕镇 (Huacao town) next door with two — so tenant isolation is
 * visible in the demo.
 */
export interface DemoStation {
  code: string;
  name: string;
  nameEn: string;
  address: string;
  phone: string;
  buildings: { name: string; nameEn: string; address: string; floors: number }[];
}

export const xinhongStations: DemoStation[] = [
  {
    code: 'XH01',
    name: '虹桥天地楼宇工作站',
    nameEn: 'Hongqiao Tiandi Building Station',
    address: '闵行区申长路688号虹桥天地2号楼1层',
    phone: '021-34710001',
    buildings: [
      { name: '虹桥天地1号楼', nameEn: 'The Hub Tower 1', address: '闵行区申长路688号', floors: 22 },
      { name: '虹桥天地2号楼', nameEn: 'The Hub Tower 2', address: '闵行区申长路688号', floors: 18 },
      { name: '虹桥天地3号楼', nameEn: 'The Hub Tower 3', address: '闵行区申长路688号', floors: 16 },
    ],
  },
  {
    code: 'XH02',
    name: '虹桥万科中心楼宇工作站',
    nameEn: 'Hongqiao Vanke Center Building Station',
    address: '闵行区申长路988弄虹桥万科中心6号楼1层',
    phone: '021-34710002',
    buildings: [
      { name: '虹桥万科中心1号楼', nameEn: 'Vanke Center Tower 1', address: '闵行区申长路988弄1号', floors: 12 },
      { name: '虹桥万科中心2号楼', nameEn: 'Vanke Center Tower 2', address: '闵行区申长路988弄2号', floors: 12 },
      { name: '虹桥万科中心6号楼', nameEn: 'Vanke Center Tower 6', address: '闵行区申长路988弄6号', floors: 10 },
    ],
  },
  {
    code: 'XH03',
    name: '龙湖虹桥天街楼宇工作站',
    nameEn: 'Longfor Hongqiao Paradise Walk Building Station',
    address: '闵行区申长路1466弄龙湖天街D栋2层',
    phone: '021-34710003',
    buildings: [
      { name: '龙湖天街A栋', nameEn: 'Paradise Walk Block A', address: '闵行区申长路1466弄1号', floors: 15 },
      { name: '龙湖天街D栋', nameEn: 'Paradise Walk Block D', address: '闵行区申长路1466弄4号', floors: 15 },
    ],
  },
  {
    code: 'XH04',
    name: '虹桥汇楼宇工作站',
    nameEn: 'Hongqiao Hui Building Station',
    address: '闵行区申虹路1188号虹桥汇T3一层',
    phone: '021-34710004',
    buildings: [
      { name: '虹桥汇T1', nameEn: 'Hongqiao Hui T1', address: '闵行区申虹路1188号', floors: 20 },
      { name: '虹桥汇T2', nameEn: 'Hongqiao Hui T2', address: '闵行区申虹路1188号', floors: 20 },
      { name: '虹桥汇T3', nameEn: 'Hongqiao Hui T3', address: '闵行区申虹路1188号', floors: 12 },
    ],
  },
  {
    code: 'XH05',
    name: '新虹桥商务区楼宇工作站',
    nameEn: 'New Hongqiao Business Quarter Building Station',
    address: '闵行区扬虹路99号宝业中心1层',
    phone: '021-34710005',
    buildings: [
      { name: '宝业中心', nameEn: 'Baoye Center', address: '闵行区扬虹路99号', floors: 14 },
      { name: '正荣中心', nameEn: 'Zhenro Center', address: '闵行区申滨南路1226号', floors: 18 },
      { name: '虹桥国际商务广场', nameEn: 'Hongqiao International Business Plaza', address: '闵行区申滨南路938号', floors: 16 },
    ],
  },
];

export const huacaoStations: DemoStation[] = [
  {
    code: 'HC01',
    name: '华漕国际商务区楼宇工作站',
    nameEn: 'Huacao International Business Building Station',
    address: '闵行区纪翟路1号',
    phone: '021-62210001',
    buildings: [
      { name: '华漕国际商务中心A座', nameEn: 'Huacao Business Center A', address: '闵行区纪翟路1号', floors: 12 },
      { name: '华漕国际商务中心B座', nameEn: 'Huacao Business Center B', address: '闵行区纪翟路3号', floors: 12 },
    ],
  },
  {
    code: 'HC02',
    name: '紫竹国家高新区楼宇工作站',
    nameEn: 'Zizhu Hi-tech Park Building Station',
    address: '闵行区紫星路588号',
    phone: '021-62210002',
    buildings: [{ name: '紫竹科技园1号楼', nameEn: 'Zizhu Park Building 1', address: '闵行区紫星路588号', floors: 8 }],
  },
];

export const DEMO_PASSWORD = 'Demo!2026';

export const demoAccounts = {
  operator: 'operator@stationdesk.test',
  xinhongManager: 'manager@xinhong.test',
  xinhongStaff: 'staff@xinhong.test',
  xinhongEnterprise: 'enterprise@xinhong.test',
  huacaoManager: 'manager@huacao.test',
} as const;
