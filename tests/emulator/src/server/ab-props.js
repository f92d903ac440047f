// The server's AB properties (<iq xmlns="abt" type="get"><props protocol="1"/></iq>): the experiment flags
// WhatsApp gives each client. Only Baileys 7 reads any of them (Socket/chats.js fetchProps; whatsmeow asks for
// none), and only these three, all about privacy tokens (docs/protocol.md §18); they are answered as the real
// server numbers them, by config_code, and set as WhatsApp Web's defaults, which Baileys 7 also assumes.
import { node } from './nodes.js';

const AB_PROPS = [
    // privacy_token_sending_on_all_1_on_1_messages: attach the <tctoken> to every 1:1 message (without it a
    // recipient who requires one answers error 463)
    ['10518', '1'],
    // profile_scraping_privacy_token_in_photo_iq: a profile-picture iq carries the token too
    ['9666', '1'],
    // lid_trusted_token_issue_to_lid: issue tokens to the contact's phone-number jid, not to its LID
    ['14303', '0'],
];
const HASH = 'emulator-ab-1'; // changes only when the list above does

/** The <props> child of the answer to an abt props query. */
export function abPropsNode() {
    return node('props', { protocol: '1', hash: HASH }, AB_PROPS.map(([code, value]) => node('prop', { config_code: code, config_value: value })));
}
