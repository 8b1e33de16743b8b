/**
 * First-start setup: the first admin (ADMIN_PASSWORD or a random password printed once), the queue
 * integration token (QUEUE_TOKEN) and, in an empty store, the demo hall.
 */
import type { Slide } from '../content/model';
import { screenFromInput } from '../content/screen-defaults';
import { DEMO_HALL, DEMO_SCREENS, DEMO_SLIDES } from '../content/demo-hall';
import { demoKioskApp } from '../content/demo-kiosk';
import { ingestDemoArt, insertDemoArt } from './media/demo-art';
import type { MediaStore } from './media/media-store';
import { renditionWidths } from './media/pipeline';
import { generatePassword, hashPassword } from './auth/passwords';
import { sha256Hex } from './auth/secrets';
import { newId } from './ids';
import type { Store } from './store/store';

export interface SeedResult {
  /** Set only when a password was generated: print it once. */
  generatedAdminPassword?: string;
  seededDemo: boolean;
}

export async function seed(store: Store, opts: { fresh: boolean; adminPassword?: string; queueToken?: string; now: number; /** Where demo artwork is stored; without it the demo has no images. */ dataDir?: string; /** Media store (default the folder dataDir/media) and where files wait before moving in. */ media?: MediaStore; uploadDir?: string }): Promise<SeedResult> {
  const at = new Date(opts.now).toISOString();
  const result: SeedResult = { seededDemo: false };
  if (!store.list('users').some((u) => u.role === 'admin')) {
    const password = opts.adminPassword ?? generatePassword();
    if (!opts.adminPassword) result.generatedAdminPassword = password;
    const passwordHash = await hashPassword(password);
    await store.transact((tx) => tx.insert('users', { id: newId('usr'), username: 'admin', displayName: '系统管理员', role: 'admin', passwordHash, createdAt: at }));
  }
  if (opts.queueToken) {
    const tokenHash = sha256Hex(opts.queueToken);
    if (!store.list('tokens').some((t) => t.tokenHash === tokenHash))
      await store.transact((tx) => tx.insert('tokens', { id: newId('tok'), name: 'queue (QUEUE_TOKEN)', tokenHash, scopes: ['queue:write'], hallIds: [], createdAt: at }));
  }
  if (!opts.fresh || store.list('halls').length > 0) return result;

  const art = opts.dataDir ? await ingestDemoArt(opts.dataDir, renditionWidths(DEMO_SCREENS.map((s) => ({ resolution: s.resolution ?? { width: 1920, height: 1080 } }))), opts.media, opts.uploadDir) : [];

  await store.transact((tx) => {
    const hall = tx.insert('halls', { id: newId('hall'), ...DEMO_HALL, createdAt: at });
    for (const s of DEMO_SCREENS) {
      const screen = screenFromInput({ ...s, hallId: hall.id }, newId('scr'), at);
      tx.insert('screens', screen);
    }
    const slides = DEMO_SLIDES.map((input) => tx.insert('slides', { ...input, id: newId('sld'), status: 'approved', createdAt: at, updatedAt: at } as Slide));
    const playlist = tx.insert('playlists', {
      id: newId('pl'),
      name: '营业厅默认轮播',
      items: slides.map((s) => ({ slideId: s.id })),
      createdAt: at,
      updatedAt: at,
    });
    tx.insert('schedules', { id: newId('sch'), name: '全厅默认内容', target: { hallIds: [hall.id] }, playlistId: playlist.id, priority: 0, createdAt: at, updatedAt: at });
    // The self-service kiosk's attract loop ends with the touch app: a touch anywhere opens its menu.
    const price = slides.find((sl) => sl.type === 'priceTable');
    const welcome = slides.find((sl) => sl.type === 'welcome');
    if (price && welcome) {
      const app = tx.insert('slides', { ...demoKioskApp({ priceSlideId: price.id }), id: newId('sld'), status: 'approved', createdAt: at, updatedAt: at } as Slide);
      const loop = tx.insert('playlists', {
        id: newId('pl'),
        name: '自助终端触摸查询',
        items: [{ slideId: welcome.id }, { slideId: price.id }, { slideId: app.id }],
        createdAt: at,
        updatedAt: at,
      });
      tx.insert('schedules', {
        id: newId('sch'),
        name: '自助服务区触摸查询',
        target: { hallIds: [hall.id], areas: ['selfService'] },
        playlistId: loop.id,
        priority: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
    insertDemoArt(tx, art, hall.id, at);
  });
  result.seededDemo = true;
  return result;
}
