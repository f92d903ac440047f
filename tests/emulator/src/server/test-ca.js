// The emulator's one test certificate authority, and the certificate it gives every TLS endpoint (the chat
// WebSocket now, the media host later). Clients trust it only when told: Balcão with --test-ca FILE, Node
// with NODE_EXTRA_CA_CERTS. Made fresh at each start, or kept in --state DIR so a saved profile sees the same
// one. Node can read certificates but not make them; node-forge signs them, Node's crypto makes the keys.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

const FILE = 'test-ca.json';
const HOSTS = { ips: ['127.0.0.1', '::1'], names: ['localhost'] };

async function newKeys() {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return { key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate({ subject, issuer, publicKey, signingKey, extensions, years }) {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive
    cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
    cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600 * 1000);
    cert.setSubject(subject);
    cert.setIssuer(issuer);
    cert.setExtensions(extensions);
    cert.sign(signingKey, forge.md.sha256.create());
    return cert;
}

/** A new CA and a server certificate it signed for loopback: { caPem, certPem, keyPem }. */
export async function makeTestCa() {
    const [ca, server] = await Promise.all([newKeys(), newKeys()]); // off the event loop, side by side
    const caName = [{ name: 'commonName', value: 'Balcao emulator test CA' }, { name: 'organizationName', value: 'Balcao tests' }];
    const caCert = certificate({
        subject: caName,
        issuer: caName,
        publicKey: ca.publicKey,
        signingKey: ca.key,
        years: 5,
        extensions: [
            { name: 'basicConstraints', cA: true, critical: true },
            { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
            { name: 'subjectKeyIdentifier' },
        ],
    });
    const serverCert = certificate({
        subject: [{ name: 'commonName', value: '127.0.0.1' }],
        issuer: caName,
        publicKey: server.publicKey,
        signingKey: ca.key,
        years: 2,
        extensions: [
            { name: 'basicConstraints', cA: false, critical: true },
            { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
            { name: 'extKeyUsage', serverAuth: true },
            {
                name: 'subjectAltName',
                altNames: [...HOSTS.ips.map((ip) => ({ type: 7, ip })), ...HOSTS.names.map((value) => ({ type: 2, value }))],
            },
            { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
        ],
    });
    return {
        caPem: forge.pki.certificateToPem(caCert),
        certPem: forge.pki.certificateToPem(serverCert),
        keyPem: forge.pki.privateKeyToPem(server.key),
    };
}

/** The test CA kept in `stateDir` (made and saved on first use), or a fresh one without a state folder. */
export async function loadTestCa(stateDir) {
    if (!stateDir) return makeTestCa();
    const file = path.join(stateDir, FILE);
    try {
        const saved = JSON.parse(await readFile(file, 'utf8'));
        if (saved.caPem && saved.certPem && saved.keyPem && forge.pki.certificateFromPem(saved.certPem).validity.notAfter > new Date()) return saved;
    } catch (err) {
        if (err.code !== 'ENOENT') throw new Error(`${file}: ${err.message}`);
    }
    const made = await makeTestCa();
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, JSON.stringify(made, null, 1), { mode: 0o600 });
    return made;
}
