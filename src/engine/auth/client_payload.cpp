#include "client_payload.h"

#include "binary/big_endian.h"
#include "binary/jid.h"
#include "crypto/crypto.h"
#include "proto/client_payload.pb.h"
#include "proto/device_props.pb.h"

namespace balcao {

namespace {

std::string bytesOf(const QByteArray &data) {
    return std::string(data.constData(), std::size_t(data.size()));
}

// The fields every payload carries (Baileys 7 getClientPayload, getUserAgent, getWebInfo).
wa::ClientPayload commonPayload(const ClientIdentity &identity) {
    wa::ClientPayload payload;
    payload.set_connect_type(wa::ClientPayload::WIFI_UNKNOWN);
    payload.set_connect_reason(wa::ClientPayload::USER_ACTIVATED);
    auto *agent = payload.mutable_user_agent();
    agent->set_platform(wa::ClientPayload::UserAgent::WEB);
    auto *version = agent->mutable_app_version();
    const auto &v = identity.webVersion;
    if (v.size() > 0)
        version->set_primary(v[0]);
    if (v.size() > 1)
        version->set_secondary(v[1]);
    if (v.size() > 2)
        version->set_tertiary(v[2]);
    agent->set_mcc("000");
    agent->set_mnc("000");
    agent->set_os_version("0.1");
    agent->set_device("Desktop");
    agent->set_os_build_number("0.1");
    agent->set_release_channel(wa::ClientPayload::UserAgent::RELEASE);
    agent->set_locale_language_iso6391(identity.locale.toStdString());
    agent->set_locale_country_iso31661_alpha2(identity.country.toStdString());
    payload.mutable_web_info()->set_web_sub_platform(wa::ClientPayload::WebInfo::WEB_BROWSER);
    return payload;
}

// What a new companion tells the phone about itself (Baileys 7 generateRegistrationNode's `companion`).
std::string deviceProps(const ClientIdentity &identity) {
    wa::DeviceProps props;
    props.set_os(identity.deviceName.toStdString());
    // Baileys 7 sends macOS Catalina's version here whatever the browser; whatsmeow sends 0.1.0.
    auto *version = props.mutable_version();
    version->set_primary(10);
    version->set_secondary(15);
    version->set_tertiary(7);
    props.set_platform_type(wa::DeviceProps::DESKTOP);
    // Balcão does not import the account's past chats, so it does not ask for all of them (Baileys'
    // syncFullHistory, true by default in Baileys 7, false here).
    props.set_require_full_sync(false);
    // Baileys 7's values. whatsmeow also announces call-log and group history and 60 days of thumbnails;
    // Balcão downloads no history (docs/protocol.md §14), so it does not ask the phone to prepare more
    // (§3.5).
    auto *history = props.mutable_history_sync_config();
    history->set_storage_quota_mb(10240);
    history->set_inline_initial_payload_in_e2_ee_msg(true);
    history->set_support_call_log_history(false);
    history->set_support_bot_user_agent_chat_history(true);
    history->set_support_cag_reactions_and_polls(true);
    history->set_support_biz_hosted_msg(true);
    history->set_support_recent_sync_chunk_message_count_tuning(true);
    history->set_support_hosted_group_msg(true);
    history->set_support_fbid_bot_chat_history(true);
    history->set_support_message_association(true);
    history->set_support_group_history(false);
    return props.SerializeAsString();
}

QByteArray serialize(const wa::ClientPayload &payload) {
    const std::string bytes = payload.SerializeAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

ClientPayloadBuilder::ClientPayloadBuilder(ClientIdentity identity)
    : m_identity(std::move(identity)) { }

QByteArray ClientPayloadBuilder::registration(const DeviceCredentials &credentials) const {
    wa::ClientPayload payload = commonPayload(m_identity);
    payload.set_passive(false);
    payload.set_pull(false);

    QStringList dotted;
    for (quint32 part : m_identity.webVersion)
        dotted.append(QString::number(part));

    auto *pairing = payload.mutable_device_pairing_data();
    pairing->set_e_regid(bytesOf(bigEndianBytes(credentials.registrationId, 4)));
    pairing->set_e_keytype(std::string(1, '\x05'));
    pairing->set_e_ident(bytesOf(credentials.identityKey.publicKey));
    pairing->set_e_skey_id(bytesOf(bigEndianBytes(credentials.signedPreKey.id, 3)));
    pairing->set_e_skey_val(bytesOf(credentials.signedPreKey.keyPair.publicKey));
    pairing->set_e_skey_sig(bytesOf(credentials.signedPreKey.signature));
    pairing->set_build_hash(bytesOf(crypto::md5(dotted.join(QLatin1Char('.')).toUtf8())));
    pairing->set_device_props(deviceProps(m_identity));
    return serialize(payload);
}

Result<QByteArray> ClientPayloadBuilder::login(const DeviceCredentials &credentials) const {
    const auto jid = Jid::parse(credentials.ownJid);
    bool numeric = false;
    const quint64 user = jid ? jid->user.toULongLong(&numeric) : 0;
    if (!jid || !numeric || jid->device <= 0 || !jid->isPhoneUser()) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("\"%1\" is not the JID of a linked device.").arg(credentials.ownJid));
    }
    wa::ClientPayload payload = commonPayload(m_identity);
    payload.set_username(user);
    // Passive until our <iq xmlns="passive"><active/></iq> after <success> (docs/protocol.md §8.3): the
    // server holds offline stanzas back until then. Both references log in passive.
    payload.set_passive(true);
    payload.set_device(quint32(jid->device));
    payload.set_pull(true);
    // Baileys 7 sends false (whatsmeow true): Balcão keeps no phone-number <-> LID mapping yet, so it does
    // not claim a migrated LID database. The LID issue (#16) revisits this.
    payload.set_lid_db_migrated(false);
    return serialize(payload);
}

} // namespace balcao
