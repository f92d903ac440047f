// The WhatsApp Web version every real Baileys client in our tests and benches announces (Baileys' `version`
// option: configuration, not a change to the library). It is Baileys 7.0.0-rc14's own default, the newest
// evidence among our dependencies; the emulator's version floor (docs/protocol.md §3) must accept it, so a
// floor raised to match the real server never locks our customers' clients out of the tests.
export const WA_WEB_VERSION = Object.freeze([2, 3000, 1043857760]);
