// WhatsApp's 3-byte length framing (docs/protocol.md §1.2). Frames may be split across or packed into
// WebSocket messages, so the reader buffers. The intro (57 41 06 xx, optionally behind an ED routing
// block) precedes only the client's very first frame.
export const MAX_FRAME = 0xffffff;

export function encodeFrame(payload) {
    if (payload.length === 0) throw new Error('refusing to send a zero-length frame'); // docs/protocol.md §1.2
    if (payload.length > MAX_FRAME) throw new Error('frame too large');
    const frame = Buffer.alloc(3 + payload.length);
    frame.writeUInt8(payload.length >> 16, 0);
    frame.writeUInt16BE(payload.length & 0xffff, 1);
    Buffer.from(payload).copy(frame, 3);
    return frame;
}

export class FrameReader {
    constructor() {
        this.buffer = Buffer.alloc(0);
        this.intro = null; // set once the intro has been read
    }

    /**
     * Adds bytes; returns { frames, error }. The first call(s) must carry the intro. An error means the
     * stream is unusable (bad intro); frames read before it are still returned.
     */
    push(bytes) {
        this.buffer = Buffer.concat([this.buffer, bytes]);
        const frames = [];
        if (!this.intro) {
            const intro = this.readIntro();
            if (intro.error) return { frames, error: intro.error };
            if (!intro.done) return { frames, error: null };
        }
        while (this.buffer.length >= 3) {
            const size = (this.buffer[0] << 16) | this.buffer.readUInt16BE(1);
            if (this.buffer.length < 3 + size) break;
            frames.push(this.buffer.subarray(3, 3 + size));
            this.buffer = this.buffer.subarray(3 + size);
        }
        return { frames, error: null };
    }

    readIntro() {
        let offset = 0;
        if (this.buffer.length >= 1 && this.buffer[0] === 0x45) {
            // 'E' 'D' 00 01 len(3) routingInfo, then the WA header (docs/protocol.md §1.1)
            if (this.buffer.length < 7) return { done: false };
            if (this.buffer[1] !== 0x44) return { error: 'bad routing prefix' };
            const len = (this.buffer[4] << 16) | this.buffer.readUInt16BE(5);
            offset = 7 + len;
        }
        if (this.buffer.length < offset + 4) return { done: false };
        const header = this.buffer.subarray(offset, offset + 4);
        if (header[0] !== 0x57 || header[1] !== 0x41) return { error: `bad intro ${header.toString('hex')}` };
        this.intro = Buffer.from(header);
        this.buffer = this.buffer.subarray(offset + 4);
        return { done: true };
    }
}
