/**
 * The browser apps' first import (player/main.ts, editor/main.ts): zod parses without generated code.
 *
 * When zod builds its first object schema it probes `new Function('')` (inside a try) to decide whether to
 * compile a fast parser. Under the pages' eval-free CSP (server/static/security-headers.ts) that probe is
 * blocked, and although zod swallows the error, the browser still reports a `securitypolicyviolation` for
 * it. `jitless` skips the probe and the generated parser; zod parses the same, only through its
 * interpreter — which is what it did in the browser anyway once the probe failed.
 *
 * It must run before any schema module (the content/ schemas are built at import), so each entry imports
 * it first; e2e/startup.e2e.ts fails on any CSP report, which is what catches a chunk order that breaks
 * this. The server does not import it: it has no CSP and keeps zod's faster generated parsers.
 */
import { z } from 'zod';

z.config({ jitless: true });
