// WhatsApp Web versions, both read from npm @wppconnect/wa-version 1.5.4908 (released 2026-09-21; its
// versions.json lists each release with `released` and `expire`, two months later, and an `-alpha` suffix we
// drop). Update them together and on purpose, from a newer release of that package: never to make a failing
// client pass.
//
// WA_WEB_VERSION is what every real Baileys client in our tests and benches announces (Baileys' `version`
// option: configuration, not a change to the library): the newest release listed, 2026-09-21.
export const WA_WEB_VERSION = Object.freeze([2, 3000, 1048032155]);

// MIN_WA_VERSION is the emulator's default version floor: the oldest release still unexpired on 2026-09-21
// (released 2026-07-21, expires 2026-09-21T20:04Z). The real server refuses an expired version at login and at
// registration with <failure reason="405"/>, so a client announcing anything older fails here as it would there.
export const MIN_WA_VERSION = Object.freeze([2, 3000, 1043565534]);
