// Golden vectors for WhatsApp's media encryption (docs/protocol.md §13). The key expansion is Baileys 7's own
// `getMediaKeys`; the body is AES-256-CBC under those keys followed by the first 10 bytes of
// HMAC-SHA256(iv ‖ ciphertext), as Baileys 7's `encryptedStream` writes it (its media key is random, so the
// same steps are taken here with a fixed key), and the generator checks that Baileys 7's `aesDecryptWithIV`
// opens every body again. Keys and files are SHA-256 of labels, so the file regenerates byte for byte.
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { getMediaKeys, aesDecryptWithIV } from 'baileys';

const hex = (b) => Buffer.from(b).toString('hex');
const sha256 = (data) => createHash('sha256').update(data).digest();

// A deterministic file of `length` bytes: SHA-256 blocks of a label, end to end.
function fileOf(label, length) {
    const blocks = [];
    for (let i = 0; blocks.length * 32 < length; i++) blocks.push(sha256(`${label}/${i}`));
    return Buffer.concat(blocks).subarray(0, length);
}

// Baileys 7's media type names, as getMediaKeys takes them.
const CASES = [
    { type: 'image', length: 1000 },
    { type: 'video', length: 4096 }, // a whole number of blocks: padding adds a full block
    { type: 'audio', length: 777 },
    { type: 'document', length: 70000 },
    { type: 'sticker', length: 15 },
    { type: 'md-msg-hist', length: 300 },
    { type: 'md-app-state', length: 64 },
];

export async function generate() {
    const cases = [];
    for (const { type, length } of CASES) {
        const mediaKey = sha256(`balcao media key ${type}`);
        const plain = fileOf(`balcao media file ${type}`, length);
        const { iv, cipherKey, macKey } = await getMediaKeys(mediaKey, type);
        const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
        const enc = Buffer.concat([cipher.update(plain), cipher.final()]);
        const mac = createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
        const body = Buffer.concat([enc, mac]);
        const reopened = aesDecryptWithIV(enc, cipherKey, iv);
        if (!reopened.equals(plain)) throw new Error(`Baileys 7 cannot open the ${type} vector`);
        cases.push({
            type,
            mediaKey: hex(mediaKey),
            iv: hex(iv),
            cipherKey: hex(cipherKey),
            macKey: hex(macKey),
            plain: hex(plain),
            body: hex(body),
            fileSha256: hex(sha256(plain)),
            fileEncSha256: hex(sha256(body)),
            fileLength: plain.length,
        });
    }
    return { 'media.json': { cases } };
}
