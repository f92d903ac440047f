// Small helpers for Baileys's BinaryNode objects {tag, attrs, content}.
export const S_WHATSAPP_NET = '@s.whatsapp.net';

export function node(tag, attrs = {}, content) {
    const clean = {};
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) clean[k] = String(v);
    return content === undefined ? { tag, attrs: clean } : { tag, attrs: clean, content };
}

export function children(n, tag) {
    if (!Array.isArray(n?.content)) return [];
    return tag ? n.content.filter((c) => c?.tag === tag) : n.content.filter((c) => c && typeof c === 'object' && 'tag' in c);
}

export function child(n, tag) {
    return children(n, tag)[0];
}

/** Byte content of a node (Buffer), or undefined. Strings are taken as UTF-8. */
export function bytes(n) {
    if (!n) return undefined;
    if (Buffer.isBuffer(n.content)) return n.content;
    if (n.content instanceof Uint8Array) return Buffer.from(n.content);
    if (typeof n.content === 'string') return Buffer.from(n.content, 'utf8');
    return undefined;
}

export function childBytes(n, tag) {
    return bytes(child(n, tag));
}

export function uintBE(value, length) {
    const b = Buffer.alloc(length);
    b.writeUIntBE(value, 0, length);
    return b;
}

export function readUintBE(buf) {
    if (!buf || buf.length === 0 || buf.length > 6) return undefined;
    return buf.readUIntBE(0, buf.length);
}

export function unixNow() {
    return String(Math.floor(Date.now() / 1000));
}

/** '5511…:3@s.whatsapp.net' -> { user, device, server }, or null when it is not a user/device jid. */
export function parseJid(jid) {
    const m = /^([0-9]+)(?:_[0-9]+)?(?::([0-9]+))?@(s\.whatsapp\.net|lid|c\.us)$/.exec(String(jid ?? ''));
    if (!m) return null;
    return { user: m[1], device: m[2] === undefined ? 0 : Number(m[2]), server: m[3] === 'c.us' ? 's.whatsapp.net' : m[3] };
}

export function deviceJid(user, device, server = 's.whatsapp.net') {
    return device ? `${user}:${device}@${server}` : `${user}@${server}`;
}
