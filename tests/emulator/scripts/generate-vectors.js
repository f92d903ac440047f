#!/usr/bin/env node
// Writes the golden vectors the C++ tests check the engine against. Every byte in them comes from the real
// client library (Baileys, libsignal), never from Balcão's own code. Keys and times are fixed, so running
// this again must reproduce the committed files byte for byte (test/vectors.test.js checks that).
//
// Each module in scripts/vectors/ exports `async function generate()` returning { "file.json": object }.
import { writeFile, readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? path.join(here, '..', 'vectors');

export async function generateAll() {
    const files = {};
    const modules = (await readdir(path.join(here, 'vectors'))).filter((f) => f.endsWith('.js')).sort();
    for (const name of modules) {
        const mod = await import(pathToFileURL(path.join(here, 'vectors', name)).href);
        Object.assign(files, await mod.generate());
    }
    return files;
}

export function serialize(object) {
    return JSON.stringify(object, null, 1) + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    const files = await generateAll();
    for (const [name, object] of Object.entries(files)) {
        await writeFile(path.join(outDir, name), serialize(object));
        console.log(`wrote ${name}`);
    }
}
