/**
 * The demo hall seeded on first start: one hall with all five areas, six screens of different kinds
 * and approved Chinese slides a real 供电营业厅 would show. Prices are illustrative; the note says so.
 */
import type { ScreenInput, SlideInput } from './model';

/** The demo hall, with the slide-text variables its notices use (`{服务热线}`, `{地址}`). */
export const DEMO_HALL = {
  name: '国网示范供电营业厅',
  timezone: 'Asia/Shanghai',
  variables: { 服务热线: '95598', 地址: '示范市人民路 1 号' },
};

/** Screens of the demo hall (`hallId` is filled in by the seeder). */
export const DEMO_SCREENS: Omit<ScreenInput, 'hallId'>[] = [
  { name: '引导区 LED 大屏', area: 'guide', kind: 'ledWall', resolution: { width: 1920, height: 1080 } },
  { name: '业务待办区 叫号电视', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 }, announce: true },
  { name: '1 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['1'], resolution: { width: 320, height: 64 } },
  { name: '2 号窗口条屏', area: 'counter', kind: 'ledStrip', counters: ['2'], resolution: { width: 320, height: 64 } },
  { name: '展示区 互动屏', area: 'exhibition', kind: 'tv', resolution: { width: 1920, height: 1080 } },
  { name: '自助服务区 24 小时终端', area: 'selfService', kind: 'kiosk', resolution: { width: 1080, height: 1920 } },
];

export const DEMO_SLIDES: SlideInput[] = [
  {
    type: 'welcome',
    title: '欢迎光临',
    hallName: DEMO_HALL.name,
    slogan: '人民电业为人民 · 竭诚为您服务',
    durationMs: 8000,
    transition: 'fade',
  },
  {
    type: 'notice',
    title: '“获得电力”服务再提速',
    body: '即日起，低压居民用户新装、增容业务实行“一证办电”，凭身份证即可申请，全程不超过 3 个工作日。您也可以通过“网上国网”App 足不出户在线办理。',
    level: 'important',
    durationMs: 12000,
    transition: 'fade',
  },
  {
    type: 'priceTable',
    title: '居民阶梯电价',
    tiers: [
      { name: '第一档', range: '0–2160 千瓦时/年', price: '0.4883 元/千瓦时' },
      { name: '第二档', range: '2161–4200 千瓦时/年', price: '0.5383 元/千瓦时' },
      { name: '第三档', range: '4200 千瓦时/年以上', price: '0.7883 元/千瓦时' },
    ],
    note: '示例价格，以当地价格主管部门公布的文件为准。',
    periods: [
      { name: '高峰', hours: '8:00–22:00', price: '0.5483 元/千瓦时' },
      { name: '低谷', hours: '22:00–次日 8:00', price: '0.3083 元/千瓦时' },
    ],
    tariff: {
      basis: 'year',
      tiers: [
        { name: '第一档', upToKwh: 2160, pricePerKwh: 0.4883 },
        { name: '第二档', upToKwh: 4200, pricePerKwh: 0.5383 },
        { name: '第三档', upToKwh: null, pricePerKwh: 0.7883 },
      ],
      timeOfUse: [
        { name: '高峰', hours: '8:00–22:00', pricePerKwh: 0.5483 },
        { name: '低谷', hours: '22:00–次日 8:00', pricePerKwh: 0.3083 },
      ],
    },
    durationMs: 12000,
    transition: 'slide',
  },
  {
    type: 'safetyTip',
    title: '安全用电小贴士',
    tips: [
      '不私拉乱接电线，不超负荷用电。',
      '发现电线断落，请远离并拨打 {服务热线}。',
      '家用电器长期不用时请拔掉插头。',
      '雷雨天气尽量不使用室外用电设备。',
    ],
    durationMs: 10000,
    transition: 'fade',
  },
  {
    type: 'payChannels',
    title: '多种缴费渠道',
    channels: [
      { name: '网上国网 App', hint: '交费、查询、办电一站式服务' },
      { name: '微信', hint: '“国家电网”公众号 · 生活缴费' },
      { name: '支付宝', hint: '生活缴费 · 电费' },
      { name: '95598', hint: '24 小时供电服务热线' },
    ],
    durationMs: 10000,
    transition: 'fade',
  },
];
