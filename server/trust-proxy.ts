/**
 * `TRUST_PROXY`: which peers may tell us the client's address (X-Forwarded-For) and scheme. Unset, nobody is
 * trusted and `req.ip` is the socket's peer, so a client cannot pick its own address to slip past per-IP limits.
 */

/** What express's `trust proxy` setting takes: off, a hop count, or addresses / subnets / express's names. */
export type TrustProxy = false | number | string[];

/**
 * Parses TRUST_PROXY: empty / `false` / `0` → off; a number → that many proxy hops; otherwise a comma list of
 * addresses, CIDR subnets or express's names (`loopback`, `linklocal`, `uniquelocal`). `true` is refused: trusting
 * every peer is the hole this setting closes.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === '*') throw new Error('TRUST_PROXY=true would trust X-Forwarded-For from anyone: name the proxy (e.g. loopback, 10.0.0.5, 10.0.0.0/8) or a hop count');
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !/^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/.test(s));
  if (bad) throw new Error(`TRUST_PROXY: "${bad}" is not an address, subnet, or one of loopback, linklocal, uniquelocal`);
  return list;
}
