/**
 * The demo hall's touch app (智能导航 / 查询终端): service guides for the four most asked-about
 * businesses, price look-up with the bill calculator, hall navigation and queue information.
 * Processes follow the public 网上国网 guides in outline; the seed fills in the price slide and map.
 */
import type { KioskPage } from './kiosk-model';
import type { SlideInput } from './model';

const WSGW = 'https://www.sgcc.com.cn/';

export function demoKioskApp(refs: { priceSlideId: string; mapMediaId?: string }): Extract<SlideInput, { type: 'kioskApp' }> {
  const pages: KioskPage[] = [
    {
      type: 'menu',
      id: 'home',
      title: '您好，请问需要办理什么业务？',
      tiles: [
        { label: '办事指南', hint: '新装、增容、过户', icon: '📋', target: 'guides' },
        { label: '电价查询', hint: '阶梯电价 · 电费计算', icon: '💡', target: 'prices' },
        { label: '大厅导航', hint: '找区域、找窗口', icon: '🧭', target: 'map' },
        { label: '排队信息', hint: '各业务等候人数', icon: '🎫', target: 'queue' },
      ],
    },
    {
      type: 'menu',
      id: 'guides',
      title: '办事指南',
      tiles: [
        { label: '居民新装', hint: '新房通电', icon: '🏠', target: 'guide-new' },
        { label: '增容', hint: '增加用电容量', icon: '⚡', target: 'guide-capacity' },
        { label: '更名过户', hint: '房屋买卖、继承', icon: '✍', target: 'guide-transfer' },
        { label: '缴费渠道', hint: '线上线下都能交', icon: '💳', target: 'guide-pay' },
      ],
    },
    {
      type: 'guide',
      id: 'guide-new',
      title: '居民生活用电新装',
      intro: '低压居民新装，资料齐全、具备装表条件的，一般 3 个工作日内装表接电。',
      steps: [
        { title: '提出申请', body: '在「网上国网」App 或营业厅提交用电申请。' },
        { title: '现场勘查', body: '工作人员预约上门，确定供电方案。' },
        { title: '装表接电', body: '验收合格后安装电能表，当场通电。' },
      ],
      documents: ['户主有效身份证件', '房屋产权证明或购房合同'],
      qrUrl: WSGW,
      qrLabel: '扫码在「网上国网」App 办理新装',
    },
    {
      type: 'guide',
      id: 'guide-capacity',
      title: '居民增容',
      intro: '家里新添空调、电暖器、充电桩，原有容量不够时申请增容。',
      steps: [
        { title: '提出申请', body: '说明需要增加到的容量（千瓦）。' },
        { title: '现场勘查', body: '确认线路与表箱是否需要改造。' },
        { title: '施工与换表', body: '完成改造后更换电能表，恢复供电。' },
      ],
      documents: ['户主有效身份证件', '用电户号或最近一期电费单'],
      qrUrl: WSGW,
      qrLabel: '扫码在「网上国网」App 申请增容',
    },
    {
      type: 'guide',
      id: 'guide-transfer',
      title: '更名过户',
      intro: '房屋产权变更后，请及时办理用电户名变更，电费结清后即可办理。',
      steps: [
        { title: '结清电费', body: '原户主结清截至办理日的电费。' },
        { title: '提交资料', body: '新户主携带资料到营业厅或线上提交。' },
        { title: '完成变更', body: '资料审核通过后当日完成更名。' },
      ],
      documents: ['新户主有效身份证件', '新的房屋产权证明', '原户主身份证件（过户时）'],
      qrUrl: WSGW,
      qrLabel: '扫码在「网上国网」App 办理更名过户',
    },
    {
      type: 'guide',
      id: 'guide-pay',
      title: '缴费渠道',
      intro: '电费可以随时随地交，不必专程到营业厅。',
      steps: [
        { title: '网上国网 App', body: '「交费」→ 选择户号 → 支付。' },
        { title: '微信 / 支付宝', body: '生活缴费 → 电费 → 输入户号。' },
        { title: '营业厅与自助终端', body: '本厅自助服务区 24 小时可交费。' },
      ],
      documents: ['用电户号（见电费单）'],
      qrUrl: WSGW,
      qrLabel: '扫码下载「网上国网」App',
    },
    { type: 'prices', id: 'prices', title: '电价查询', priceSlideId: refs.priceSlideId },
    {
      type: 'map',
      id: 'map',
      title: '大厅导航',
      ...(refs.mapMediaId && { mediaId: refs.mapMediaId }),
      areas: [
        { area: 'guide', x: 0.05, y: 0.72, w: 0.4, h: 0.23 },
        { area: 'waiting', x: 0.05, y: 0.38, w: 0.4, h: 0.3 },
        { area: 'counter', x: 0.05, y: 0.05, w: 0.9, h: 0.28 },
        { area: 'exhibition', x: 0.5, y: 0.38, w: 0.45, h: 0.3 },
        { area: 'selfService', x: 0.5, y: 0.72, w: 0.45, h: 0.23 },
      ],
      here: { x: 0.72, y: 0.84 },
      services: [
        { name: '新装、增容', area: 'counter', counters: ['1', '2'] },
        { name: '更名过户', area: 'counter', counters: ['3'] },
        { name: '电费缴纳', area: 'selfService', counters: [] },
        { name: '咨询、取号', area: 'guide', counters: [] },
        { name: '智慧用电体验', area: 'exhibition', counters: [] },
      ],
    },
    { type: 'queue', id: 'queue', title: '排队信息' },
  ];
  return { type: 'kioskApp', title: '触摸查询', home: 'home', pages, idleMs: 60_000, attractText: '触摸屏幕 开始查询', durationMs: 15_000 };
}
