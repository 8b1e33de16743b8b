/** The shape of the embedded store's document, validated on load so a bad hand edit fails loudly. */
import { z } from 'zod';
import { Hall, IntegrationToken, Media, Override, Playlist, QueueCall, Schedule, Screen, Slide, User } from '../../content/model';

export const Session = z.object({
  /** sha256 of the cookie token: a stolen data file does not yield live sessions. */
  id: z.string(),
  userId: z.string(),
  expiresAt: z.string(),
});
export type Session = z.infer<typeof Session>;

export const Data = z.object({
  schemaVersion: z.literal(1),
  halls: z.array(Hall),
  screens: z.array(Screen),
  slides: z.array(Slide),
  playlists: z.array(Playlist),
  schedules: z.array(Schedule),
  overrides: z.array(Override),
  calls: z.array(QueueCall),
  users: z.array(User),
  sessions: z.array(Session),
  tokens: z.array(IntegrationToken),
  media: z.array(Media),
});
export type Data = z.infer<typeof Data>;
export type CollectionName = Exclude<keyof Data, 'schemaVersion'>;
export type Item<C extends CollectionName> = Data[C][number];

/** An empty store. */
export function emptyData(): Data {
  return {
    schemaVersion: 1,
    halls: [],
    screens: [],
    slides: [],
    playlists: [],
    schedules: [],
    overrides: [],
    calls: [],
    users: [],
    sessions: [],
    tokens: [],
    media: [],
  };
}
