// --demo: a few small-business customers with Brazilian names and numbers. They greet every companion that
// links (so a fresh Balcão has a conversation to show) and answer whatever they are sent after a short pause.
const CUSTOMERS = [
    { phone: '5511987650001', name: 'Ana Souza', greeting: 'Oi! Vocês ainda têm o bolo de cenoura de ontem?', reply: 'Perfeito, obrigada! Passo aí às 17h.' },
    { phone: '5521987650002', name: 'Bruno Oliveira', greeting: 'Bom dia! Qual o horário de funcionamento no sábado?', reply: 'Beleza, valeu pela resposta!' },
    { phone: '5531987650003', name: 'Carla Mendes', greeting: 'Olá, vocês fazem entrega no Savassi?', reply: 'Ótimo! Vou fazer o pedido pelo WhatsApp mesmo.' },
];
const REPLY_DELAY_MS = 1500;

export async function startDemo(hub) {
    const customers = new Map();
    for (const c of CUSTOMERS) {
        const account = hub.registry.account(c.phone) ?? (await hub.createPhone({ phone: c.phone, name: c.name }));
        customers.set(account, c);
    }
    hub.listeners.phoneMessage.push((account, stanza) => {
        const customer = customers.get(account);
        const sender = hub.registry.accountOf(stanza.attrs.from);
        if (!customer || !sender || sender === account || customers.has(sender)) return;
        setTimeout(() => {
            account.phoneDevice.sendText(sender.jid, customer.reply).catch((err) => hub.log(`demo reply: ${err.message}`));
        }, REPLY_DELAY_MS);
    });
    hub.listeners.companionReady.push((owner) => {
        if (customers.has(owner)) return;
        for (const [account, customer] of customers) {
            account.phoneDevice.sendText(owner.jid, customer.greeting).catch((err) => hub.log(`demo greeting: ${err.message}`));
        }
    });
}
