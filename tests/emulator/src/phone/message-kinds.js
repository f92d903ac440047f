// What kind of content a Message proto carries, as the sending side labels it on the wire and as a phone records it.
//
// On the wire (whatsmeow send.go getTypeFromMessage / getMediaTypeFromMessage; Baileys 7 Socket/messages-send.js
// getMessageType / getMediaType): <message type="media"> when the content has a media type, and each <enc> carries
// mediatype="image|sticker|document|ptt|audio|gif|video|vcard|contact_array|url|…". whatsmeow looks through the
// wrappers (viewOnce*, ephemeral, documentWithCaption, lottieSticker) and gives a live location none; Baileys 7
// looks at the outer message only and calls a live location "livelocation". Where they differ we follow whatsmeow.
// A plain location, a text, a reaction… carry no mediatype (type "text", "reaction", "poll").

const WRAPPERS = ['viewOnceMessage', 'viewOnceMessageV2', 'viewOnceMessageV2Extension', 'lottieStickerMessage', 'ephemeralMessage', 'documentWithCaptionMessage'];

function unwrapOnce(message) {
    for (const w of WRAPPERS) if (message?.[w]?.message) return message[w].message;
    return null;
}

// Set in a decoded proto means "not the default": protobufjs puts defaults on the prototype, own properties are
// the ones that came over the wire.
const has = (m, field) => m != null && Object.prototype.hasOwnProperty.call(m, field) && m[field] != null;

/** whatsmeow's getMediaTypeFromMessage: the <enc mediatype>, or '' for none. */
export function mediaTypeOf(message) {
    const inner = unwrapOnce(message);
    if (inner) return mediaTypeOf(inner);
    if (!message) return '';
    if (has(message, 'extendedTextMessage') && has(message.extendedTextMessage, 'title')) return 'url';
    if (has(message, 'imageMessage')) return 'image';
    if (has(message, 'stickerMessage')) return 'sticker';
    if (has(message, 'documentMessage')) return 'document';
    if (has(message, 'audioMessage')) return message.audioMessage.ptt ? 'ptt' : 'audio';
    if (has(message, 'videoMessage')) return message.videoMessage.gifPlayback ? 'gif' : 'video';
    if (has(message, 'contactMessage')) return 'vcard';
    if (has(message, 'contactsArrayMessage')) return 'contact_array';
    if (has(message, 'listMessage')) return 'list';
    if (has(message, 'listResponseMessage')) return 'list_response';
    if (has(message, 'buttonsResponseMessage')) return 'buttons_response';
    if (has(message, 'orderMessage')) return 'order';
    if (has(message, 'productMessage')) return 'product';
    if (has(message, 'interactiveResponseMessage')) return 'native_flow_response';
    return '';
}

/** whatsmeow's getTypeFromMessage: the <message type>. */
export function stanzaTypeOf(message) {
    const inner = unwrapOnce(message);
    if (inner) return stanzaTypeOf(inner);
    if (has(message, 'reactionMessage') || has(message, 'encReactionMessage')) return 'reaction';
    if (has(message, 'pollCreationMessage') || has(message, 'pollUpdateMessage')) return 'poll';
    return mediaTypeOf(message) ? 'media' : 'text';
}

/** The innermost content: wrappers and a deviceSentMessage (our own device's copy) taken off. */
export function innerContent(message) {
    let m = message?.deviceSentMessage?.message ?? message;
    for (let i = 0; i < 5; i++) {
        const inner = unwrapOnce(m);
        if (!inner) break;
        m = inner;
    }
    return m;
}

// Media fields of a Message: [field, kind when not a ptt].
export const MEDIA_FIELDS = [['imageMessage', 'image'], ['videoMessage', 'video'], ['audioMessage', 'audio'], ['documentMessage', 'document'], ['stickerMessage', 'sticker']];

/** The waid= numbers of a vCard's TEL lines. */
export function waidsOf(vcard) {
    return [...String(vcard ?? '').matchAll(/waid=([0-9]+)/g)].map((m) => m[1]);
}

/**
 * What a phone records of a received message: { kind, text, location?, contact?, contacts? } — kind 'text',
 * 'image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'liveLocation', 'contact', 'contacts', or
 * null for content a phone does not show (protocol messages, key shares…). `text` is the text or the caption.
 */
export function describe(message) {
    const m = innerContent(message);
    if (!m) return { kind: null, text: null };
    if (m.conversation) return { kind: 'text', text: m.conversation };
    if (has(m, 'extendedTextMessage') && m.extendedTextMessage.text) return { kind: 'text', text: m.extendedTextMessage.text };
    for (const [field, kind] of MEDIA_FIELDS) {
        if (!has(m, field)) continue;
        const media = m[field];
        return { kind: field === 'audioMessage' && media.ptt ? 'ptt' : kind, text: media.caption || null, mediaField: field, media };
    }
    if (has(m, 'locationMessage') || has(m, 'liveLocationMessage')) {
        const live = has(m, 'liveLocationMessage');
        const l = live ? m.liveLocationMessage : m.locationMessage;
        return {
            kind: live ? 'liveLocation' : 'location',
            text: null,
            location: {
                latitude: l.degreesLatitude,
                longitude: l.degreesLongitude,
                name: l.name || null,
                address: l.address || null,
                caption: l.caption || null,
                live,
            },
        };
    }
    if (has(m, 'contactMessage')) {
        const c = m.contactMessage;
        return { kind: 'contact', text: null, contact: { displayName: c.displayName || null, vcard: c.vcard || null, waids: waidsOf(c.vcard) } };
    }
    if (has(m, 'contactsArrayMessage')) {
        const list = m.contactsArrayMessage.contacts ?? [];
        return {
            kind: 'contacts',
            text: null,
            contacts: list.map((c) => ({ displayName: c.displayName || null, vcard: c.vcard || null, waids: waidsOf(c.vcard) })),
        };
    }
    return { kind: null, text: null };
}

/**
 * A vCard 3.0 as WhatsApp writes one for a shared contact: N, FN and a TEL with the WhatsApp id (waid=) and the
 * number in international form.
 */
export function buildVcard(name, phone) {
    const n = String(name).replace(/[\r\n]/g, ' ');
    const escaped = n.replace(/([\\;,])/g, '\\$1');
    return ['BEGIN:VCARD', 'VERSION:3.0', `N:;${escaped};;;`, `FN:${escaped}`, `TEL;type=CELL;type=VOICE;waid=${phone}:+${phone}`, 'END:VCARD'].join('\n');
}
