// The Noise certificate chain (docs/protocol.md §2.4), signed the way WhatsApp signs its own: a root key signs
// the intermediate's details, the intermediate's key signs the leaf's details, and the leaf names the
// server's static Noise key. The emulator has its own root; clients trust it through --server-root-key.
import { proto } from './proto.js';
import { sign, verify } from './keys.js';

const Details = proto.CertChain.NoiseCertificate.Details;

export const INTERMEDIATE_SERIAL = 1;
export const LEAF_SERIAL = 2;

function certificate(fields, signerPriv) {
    const details = Buffer.from(Details.encode(fields).finish());
    return { fields, details, signature: sign(signerPriv, details) };
}

/**
 * Builds a CertChain. `now` is unix seconds; the intermediate is valid for ten years around it, the leaf for a
 * year. Returns { bytes, intermediate, leaf } where each certificate is { fields, details, signature }.
 */
export function makeCertChain({ root, intermediate, staticPub, now }) {
    const inter = certificate(
        {
            serial: INTERMEDIATE_SERIAL,
            issuerSerial: 0,
            key: intermediate.pub,
            notBefore: now - 86400,
            notAfter: now + 10 * 365 * 86400,
        },
        root.priv,
    );
    const leaf = certificate(
        {
            serial: LEAF_SERIAL,
            issuerSerial: INTERMEDIATE_SERIAL,
            key: staticPub,
            notBefore: now - 3600,
            notAfter: now + 365 * 86400,
        },
        intermediate.priv,
    );
    const bytes = Buffer.from(
        proto.CertChain.encode({
            leaf: { details: leaf.details, signature: leaf.signature },
            intermediate: { details: inter.details, signature: inter.signature },
        }).finish(),
    );
    return { bytes, intermediate: inter, leaf };
}

/**
 * The full check a careful client makes (whatsmeow's, plus nothing less): signatures root→intermediate→leaf,
 * issuer serials, validity window, and leaf key == the server's static key. Returns { ok, reason }.
 */
export function verifyCertChain(bytes, { rootPub, staticPub, now }) {
    let chain;
    try {
        chain = proto.CertChain.decode(bytes);
    } catch (err) {
        return { ok: false, reason: `undecodable chain: ${err.message}` };
    }
    const { intermediate, leaf } = chain;
    if (!intermediate?.details || !intermediate?.signature || !leaf?.details || !leaf?.signature) {
        return { ok: false, reason: 'missing certificate details or signature' };
    }
    if (!verify(rootPub, intermediate.details, intermediate.signature)) {
        return { ok: false, reason: 'intermediate not signed by the root key' };
    }
    const inter = Details.decode(intermediate.details);
    if (inter.issuerSerial !== 0) return { ok: false, reason: 'intermediate issuer serial is not 0' };
    if (!inter.key || inter.key.length !== 32) return { ok: false, reason: 'intermediate key is not 32 bytes' };
    if (!verify(Buffer.from(inter.key), leaf.details, leaf.signature)) {
        return { ok: false, reason: 'leaf not signed by the intermediate key' };
    }
    const lf = Details.decode(leaf.details);
    if (lf.issuerSerial !== inter.serial) return { ok: false, reason: 'leaf issuer serial does not match' };
    for (const [name, d] of [['intermediate', inter], ['leaf', lf]]) {
        if (now < Number(d.notBefore) || now > Number(d.notAfter)) return { ok: false, reason: `${name} outside its validity window` };
    }
    if (!staticPub || !Buffer.from(lf.key ?? []).equals(staticPub)) {
        return { ok: false, reason: 'leaf key is not the server static key' };
    }
    return { ok: true, reason: '' };
}
