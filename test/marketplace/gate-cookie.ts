// Test support: the request header that passes the gated site's age gate.
import { GATE_COOKIE } from '../../scripts/marketplace/index.ts';

export const COOKIE_HEADER_FOR_TESTS = { cookie: `${GATE_COOKIE}=1` };
