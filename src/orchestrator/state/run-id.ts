/**
 * Run ids are UUIDv7 (RFC 9562): a 48-bit Unix-millisecond timestamp, then
 * random bits. They sort by creation time as plain text in both databases.
 * Within one generator the 12-bit `rand_a` field is a counter (RFC 9562
 * §6.2, method 1), so ids made in the same millisecond still sort in the
 * order they were made.
 */
import { webcrypto } from 'node:crypto';

const MAX_COUNTER = 0xfff;

export type UuidV7Generator = (timeMs: number) => string;

export function createUuidV7Generator(): UuidV7Generator {
  let lastMs = -1;
  let counter = 0;
  return (timeMs: number): string => {
    let ms = Math.max(Math.floor(timeMs), lastMs);
    if (ms === lastMs) {
      counter += 1;
      if (counter > MAX_COUNTER) {
        // 4096 ids in one millisecond: borrow the next millisecond.
        ms += 1;
        counter = randomCounterStart();
      }
    } else {
      counter = randomCounterStart();
    }
    lastMs = ms;
    return formatUuidV7(ms, counter);
  };
}

/** The creation time encoded in a UUIDv7 id. */
export function uuidV7Time(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}

// Start low in the counter space so a burst in one millisecond rarely overflows.
function randomCounterStart(): number {
  return webcrypto.getRandomValues(new Uint16Array(1))[0] & 0x3ff;
}

function formatUuidV7(ms: number, counter: number): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  // 48-bit big-endian timestamp; divide rather than shift, shifts are 32-bit in JS.
  let rest = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = 0x70 | (counter >> 8); // version 7 + high 4 bits of the counter
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // RFC 9562 variant
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
