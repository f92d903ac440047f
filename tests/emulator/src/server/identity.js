// The emulator's server identity: its own root key, an intermediate, the static Noise key, and the chain that
// binds them (docs/protocol.md §2.4). With a state directory the keys survive restarts, so a client configured
// with the root key (Balcão's --server-root-key) keeps trusting the same emulator.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateKeyPair, keyPairFromPrivate } from './keys.js';
import { makeCertChain } from './cert-chain.js';

const FILE = 'server-keys.json';

export class ServerIdentity {
    constructor({ root, intermediate, staticKey }) {
        this.root = root;
        this.intermediate = intermediate;
        this.staticKey = staticKey;
        const now = Math.floor(Date.now() / 1000);
        this.chain = makeCertChain({ root, intermediate, staticPub: staticKey.pub, now });
        // Fault variants (POST /faults {"badCert"}): a chain under a root nobody trusts, and a chain whose
        // leaf names some other key than the static key the handshake proves.
        this.foreignRootChain = makeCertChain({ root: generateKeyPair(), intermediate, staticPub: staticKey.pub, now });
        this.wrongLeafChain = makeCertChain({ root, intermediate, staticPub: generateKeyPair().pub, now });
    }

    static async load(stateDir) {
        if (!stateDir) return new ServerIdentity({ root: generateKeyPair(), intermediate: generateKeyPair(), staticKey: generateKeyPair() });
        const file = path.join(stateDir, FILE);
        try {
            const saved = JSON.parse(await readFile(file, 'utf8'));
            const pairOf = (hex) => keyPairFromPrivate(Buffer.from(hex, 'hex'));
            return new ServerIdentity({ root: pairOf(saved.root), intermediate: pairOf(saved.intermediate), staticKey: pairOf(saved.static) });
        } catch (err) {
            if (err.code !== 'ENOENT') throw new Error(`cannot read ${file}: ${err.message}`);
        }
        const identity = new ServerIdentity({ root: generateKeyPair(), intermediate: generateKeyPair(), staticKey: generateKeyPair() });
        await mkdir(stateDir, { recursive: true });
        const hex = (kp) => kp.priv.toString('hex');
        await writeFile(file, JSON.stringify({ root: hex(identity.root), intermediate: hex(identity.intermediate), static: hex(identity.staticKey) }, null, 1), { mode: 0o600 });
        return identity;
    }

    get rootKeyHex() {
        return this.root.pub.toString('hex');
    }

    chainBytes(badCert) {
        if (badCert === 'root') return this.foreignRootChain.bytes;
        if (badCert === 'leaf') return this.wrongLeafChain.bytes;
        return this.chain.bytes;
    }
}
