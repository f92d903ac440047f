// WhatsApp's protobufs, straight from the real client library (WAProto of Baileys 6.17.16).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { proto } = require('@whiskeysockets/baileys/WAProto');
