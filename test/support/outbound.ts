import { createOutbound } from '../../src/platform/net/outbound.ts';

/**
 * Tests only: an outbound policy that allows private addresses, for the gateway simulators and
 * receivers that listen on 127.0.0.1. Production code never imports this.
 */
export const localOutbound = createOutbound({ allowPrivate: true });
