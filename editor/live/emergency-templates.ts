/** Ready-made 紧急通知 texts a duty operator can send in seconds and adjust before sending. */

export interface EmergencyTemplate { key: string; label: string; title: string; body: string }

export const EMERGENCY_TEMPLATES: readonly EmergencyTemplate[] = [
  {
    key: 'outage',
    label: '停电通知',
    title: '停电通知',
    body: '因供电线路故障，本营业厅所在区域临时停电，部分业务暂停办理。抢修人员正在全力处理，请您耐心等候。咨询电话：95598。',
  },
  {
    key: 'equipment',
    label: '设备故障暂停服务',
    title: '系统故障，暂停办理业务',
    body: '因营业系统设备故障，本厅业务暂停办理，恢复时间另行通知。您也可以通过“网上国网”App 办理大部分业务，给您带来不便，敬请谅解。',
  },
  {
    key: 'weather',
    label: '恶劣天气提示',
    title: '恶劣天气提示',
    body: '受台风、暴雨等恶劣天气影响，请您注意出行安全，远离倒伏电杆和断落电线，发现险情请立即拨打 95598。',
  },
  {
    key: 'evacuation',
    label: '紧急疏散',
    title: '紧急疏散',
    body: '请立即停止办理业务，听从工作人员指挥，沿安全出口标志有序撤离，不要使用电梯。',
  },
  { key: 'custom', label: '自定义', title: '', body: '' },
];
