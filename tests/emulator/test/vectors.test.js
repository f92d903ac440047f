// The committed golden vectors must be exactly what the generators produce now: regenerating every module in
// scripts/vectors/ (other helpers' included) into a temporary directory must give the committed bytes.
// A difference means a generator, a library install, or a committed file drifted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { generateAll, serialize } from '../scripts/generate-vectors.js';

let generated;
const generateOnce = () => (generated ??= generateAll());
const vectorsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

test('every generated vector equals its committed file byte for byte', async () => {
    const files = await generateOnce();
    const names = Object.keys(files).sort();
    assert.ok(names.includes('pairing.json'));
    assert.ok(names.includes('client-payload.json'));
    for (const name of names) {
        const committed = await readFile(path.join(vectorsDir, name), 'utf8').catch(() => null);
        assert.notEqual(committed, null, `${name} is generated but not committed (run npm run vectors)`);
        assert.ok(committed === serialize(files[name]), `${name} differs from what its generator produces now`);
    }
});

test('every committed vector file has a generator', async () => {
    const files = await generateOnce();
    const committed = (await readdir(vectorsDir)).filter((f) => f.endsWith('.json'));
    for (const name of committed) assert.ok(name in files, `${name} is committed but no generator writes it`);
});

test('client-payload.json comes out the same twice in one process, Balcão bytes differing only where it names a field', async () => {
    const { generate } = await import('../scripts/vectors/client-payload.js');
    const first = (await generate())['client-payload.json'];
    const second = (await generate())['client-payload.json'];
    assert.ok(serialize(first) === serialize(second), 'a second run gave other bytes (time or randomness leaked in)');
    for (const kind of ['login', 'registration']) {
        const { baileys, balcao, differences } = first[kind];
        if (differences.length === 0) assert.equal(balcao, baileys, `${kind}: no difference is named, yet the bytes differ`);
        else assert.notEqual(balcao, baileys, `${kind}: differences are named, yet the bytes are Baileys'`);
    }
});
