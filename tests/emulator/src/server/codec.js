// WABinary through the real client library, one token table per connection (the intro's fourth byte):
// version 2 is @whiskeysockets/baileys 6.17.16's table, version 3 is baileys 7.0.0-rc14's.
import * as baileys6 from '@whiskeysockets/baileys';
import * as baileys7 from 'baileys';

const CODECS = {
    2: { version: 2, encode: (node) => Buffer.from(baileys6.encodeBinaryNode(node)), decode: (b) => baileys6.decodeBinaryNode(b), toString: baileys6.binaryNodeToString },
    3: { version: 3, encode: (node) => Buffer.from(baileys7.encodeBinaryNode(node)), decode: (b) => baileys7.decodeBinaryNode(b), toString: baileys7.binaryNodeToString },
};

/** The codec for a dictionary version, or null when the emulator does not know it. */
export function codecFor(version) {
    return CODECS[version] ?? null;
}

/**
 * Checks a node before encoding: attribute values must be strings (docs/protocol.md §4.2: a number attribute corrupts
 * Baileys's encoder silently). Throws with the offending path so the bug is found where it is made.
 */
export function assertEncodable(node, path = '') {
    const here = `${path}/${node?.tag}`;
    if (!node || typeof node.tag !== 'string') throw new Error(`not a node at ${here}`);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
        if (value !== undefined && value !== null && typeof value !== 'string') {
            throw new Error(`attribute ${key} of ${here} is ${typeof value}, not a string`);
        }
    }
    if (Array.isArray(node.content)) for (const child of node.content) assertEncodable(child, here);
}
