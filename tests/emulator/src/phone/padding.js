// WhatsApp pads every plaintext before Signal encryption (docs/protocol.md §10.5): n bytes of value n.
// Senders use 1..15 (Baileys writeRandomPadMax16, whatsmeow padMessage); receivers accept 1..16.
import { randomBytes } from 'node:crypto';

export function pad(bytes, n = (randomBytes(1)[0] & 0x0f) || 15) {
    if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`pad length must be 1..16, got ${n}`);
    return Buffer.concat([Buffer.from(bytes), Buffer.alloc(n, n)]);
}

export function unpad(bytes) {
    const buffer = Buffer.from(bytes);
    if (!buffer.length) throw new Error('empty plaintext has no padding');
    const n = buffer[buffer.length - 1];
    if (n < 1 || n > 16 || n > buffer.length) throw new Error(`invalid padding length ${n} for ${buffer.length} bytes`);
    return buffer.subarray(0, buffer.length - n);
}
