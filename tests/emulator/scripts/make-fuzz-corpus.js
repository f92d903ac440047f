#!/usr/bin/env node
// Writes the seed corpus of tests/fuzz/fuzz_binary_decoder from the binary golden vectors: a few dozen small
// encodings (realistic stanzas, every string kind, compressed frames, v3-only JIDs), one file each.
//   node scripts/make-fuzz-corpus.js      (from tests/emulator, after npm run vectors)
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..', '..', 'fuzz', 'corpus', 'binary_decoder');
const kMaxBytes = 1024;
// Names of vectors (and decode-only inputs) used as seeds, per token table.
const wanted = {
    3: [/^stanza /, /^attr (nibble|hex) len (3|20|127)$/, /^attr raw (utf8|len 256)$/, /^attr jid (@s.whatsapp.net|a@b@c)$/,
        /^attr adjid 123456789012345:7@lid$/, /^attr adjid .*:3@hosted$/, /^mixed [0-2]$/, /^bytes content 256$/,
        /^empty list content$/, /^decode-only compressed (stanza ping iq|mixed 0)$/, /^decode-only (fb|interop) jid/,
        /^decode-only (list16 children|binary20 short content|nibble pad in the middle)$/],
    2: [/^stanza (ping iq|message with enc|pair-device)$/, /^decode-only compressed stanza pair-device$/],
};

await mkdir(outDir, { recursive: true });
let count = 0;
for (const version of [2, 3]) {
    const file = JSON.parse(await readFile(path.join(here, '..', 'vectors', `binary-v${version}.json`), 'utf8'));
    const seeds = [
        ...file.vectors.filter((v) => v.encoded.hex).map((v) => [v.name, v.encoded.hex]),
        ...file.decodeOnly.map((v) => [`decode-only ${v.name}`, v.hex]),
    ];
    for (const [name, hex] of seeds) {
        if (hex.length / 2 > kMaxBytes || !wanted[version].some((re) => re.test(name))) {
            continue;
        }
        const slug = name.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60);
        await writeFile(path.join(outDir, `v${version}-${slug}`), Buffer.from(hex, 'hex'));
        count++;
    }
}
console.log(`wrote ${count} seeds to ${outDir}`);
