// The markdown table of `make bench` from its results (bench/run.mjs): each figure with Baileys beside it where
// Baileys does the same work, the ratio, the target and whether it was met — a missed target shows as missed.
const MiB = 1024 * 1024;
const median = (xs) => {
    const s = [...(xs ?? [])].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

export function render(results) {
    const f = results.figures;
    const rows = [];
    const row = (figure, balcao, baileys, ratio, target, ok) => rows.push({ figure, balcao, baileys, ratio, target, met: ok === undefined ? null : ok });
    const n = results.reps;

    if (f.memory) {
        const { levels, balcao, baileys } = f.memory;
        for (const level of levels) {
            const a = balcao[level] / MiB;
            const b = baileys[level] / MiB;
            const over = results.transport ? ` over ${results.transport}://` : '';
            row(`1. RSS, ${level} idle connected session${level > 1 ? 's' : ''}${over}`, `${fmt(a)} MiB`, `${fmt(b)} MiB`, `${fmt(b / a)}×`, '≥ 2× below Baileys', b / a >= 2);
        }
        const lo = levels.at(-2);
        const hi = levels.at(-1);
        const incA = (balcao[hi] - balcao[lo]) / (hi - lo) / MiB;
        const incB = (baileys[hi] - baileys[lo]) / (hi - lo) / MiB;
        row(`1. RSS per additional session (${lo}→${hi})`, `${fmt(incA, 2)} MiB`, `${fmt(incB, 2)} MiB`, `${fmt(incB / incA)}×`, '≤ 4 MiB and ≥ 10× less', incA <= 4 && incB / incA >= 10);
    }
    if (f.idleCpu) {
        const { balcao: a, baileys: b } = f.idleCpu;
        const share = (x) => (100 * x.ms) / x.overMs;
        const target = a.sessions >= 1000 ? '< 2 % of a core with 1,000' : '';
        row(`1. Idle CPU, ${a.sessions} connected sessions, over ${fmt(a.overMs / 1000, 0)} s (keepalives only)`, `${fmt(a.ms, 0)} ms = ${fmt(share(a), 2)} % of a core`, `${fmt(b.ms, 0)} ms = ${fmt(share(b), 2)} % of a core`, a.ms > 0 && b.ms > 0 ? `${fmt(b.ms / a.ms)}×` : '', target, target ? share(a) < 2 : undefined);
    }
    if (f.inbound) {
        const a = median(f.inbound.balcao);
        const b = median(f.inbound.baileys);
        const rateA = f.inbound.count / (a / 1000);
        const rateB = f.inbound.count / (b / 1000);
        row(`2. Inbound: ${f.inbound.count} texts, first send → last ack (median of ${n})`, `${fmt(a, 0)} ms = ${fmt(rateA, 0)} msg/s`, `${fmt(b, 0)} ms = ${fmt(rateB, 0)} msg/s`, `${fmt(rateA / rateB)}×`, '≥ 5× Baileys and ≥ 5,000 msg/s', rateA / rateB >= 5 && rateA >= 5000);
        if (f.inbound.balcaoCpuMs) {
            const ca = median(f.inbound.balcaoCpuMs);
            const cb = median(f.inbound.baileysCpuMs);
            const perCoreA = f.inbound.count / (ca / 1000);
            const perCoreB = f.inbound.count / (cb / 1000);
            row(`2. Inbound: CPU time of the receiving process for the ${f.inbound.count} (median of ${n}) = messages per CPU-second`, `${fmt(ca, 0)} ms = ${fmt(perCoreA, 0)} msg/s`, `${fmt(cb, 0)} ms = ${fmt(perCoreB, 0)} msg/s`, `${fmt(perCoreA / perCoreB)}×`, '≥ 5,000 msg/s on one core', perCoreA >= 5000);
        }
        if (f.inboundBaileysUpsertMs) row(`2. Baileys: first send → last messages.upsert (median of ${n})`, '', `${fmt(median(f.inboundBaileysUpsertMs), 0)} ms`, '', '', undefined);
    }
    if (f.outbound) {
        const a = median(f.outbound.balcao);
        const b = median(f.outbound.baileys);
        const baileys = f.outbound.baileysError ? `failed: ${f.outbound.baileysError}` : `${fmt(b, 0)} ms = ${fmt(f.outbound.count / (b / 1000), 0)} msg/s`;
        row(`3. Outbound: ${f.outbound.count} texts to one customer, until the last server ack (median of ${n})`, `${fmt(a, 0)} ms = ${fmt(f.outbound.count / (a / 1000), 0)} msg/s`, baileys, f.outbound.baileysError ? '' : `${fmt(b / a)}×`, '', undefined);
    }
    if (f.coldStart) {
        const a = median(f.coldStart.balcao);
        const b = median(f.coldStart.baileys);
        row(`4. Cold start: ${f.coldStart.sessions} linked sessions, process start → all connected (median of ${f.coldStart.balcao.length})`, `${fmt(a, 0)} ms`, `${fmt(b, 0)} ms`, `${fmt(b / a)}×`, '< 1 s', a < 1000);
    }
    if (f.coldStartLargest?.balcao && f.coldStartLargest?.baileys) {
        const { limit, balcao: a, baileys: b } = f.coldStartLargest;
        const ok = a.sessions >= 1000 ? a.ms <= 15000 && a.handshakesInFlightMax <= limit : undefined;
        row(`4. Cold start: ${a.sessions} saved sessions, process start → all connected; most handshakes in flight at once`, `${fmt(a.ms, 0)} ms, ${a.handshakesInFlightMax} at once (limit ${limit})`, `${fmt(b.ms, 0)} ms, ${b.handshakesInFlightMax} at once (no limit)`, `${fmt(b.ms / a.ms)}×`, '≤ 15 s with 1,000, never above the limit', ok);
    }
    if (f.storage) {
        const s = f.storage;
        const none = 'no equivalent (Baileys 6.17 keeps no message store)';
        row(`5. Storage: import ${s.messages.toLocaleString('en')} messages across ${s.sessions} sessions (SQLite, synchronous=FULL, FTS5)`, `${fmt(s.importMs / 1000, 2)} s = ${fmt(s.importPerSecond, 0)} msg/s`, none, '', '', undefined);
        row(`5. Storage: open the largest chat (${s.largestChatMessages.toLocaleString('en')} messages), first page of 50 (median of ${s.reps})`, `${fmt(s.openLargestChatMs, 2)} ms`, none, '', '', undefined);
        row(`5. Storage: search text in the busiest number (FTS5, 50 newest hits, median of ${s.reps})`, `${fmt(s.searchMs, 2)} ms`, none, '', '', undefined);
    }
    if (f.gui) {
        const g = f.gui;
        const none = 'no GUI';
        if (g.longestStallMs !== undefined) row(`6. GUI: longest GUI-thread stall under a flood${g.flood ? ` of ${g.flood}` : ''} (wall clock, 2 ms heartbeat)`, `${fmt(g.longestStallMs, 1)} ms`, none, '', '< 50 ms', g.longestStallMs < 50);
        if (g.longestBusyMs !== undefined) row(`6. GUI: the GUI thread's own longest busy stretch in that flood (its CPU time between two beats; load average ${fmt(g.loadAverage, 1)})`, `${fmt(g.longestBusyMs, 1)} ms`, none, '', '', undefined);
        if (g.openChatMs !== undefined) row(`6. GUI: open a ${g.chatMessages ? g.chatMessages.toLocaleString('en') : '10,000'}-message chat, to the first painted page`, `${fmt(g.openChatMs, 1)} ms`, none, '', '< 100 ms', g.openChatMs < 100);
    } else row('6. GUI benchmark', `not run: ${results.guiError ?? 'unknown'}`, '', '', '', undefined);
    if (f.media) mediaRows(f.media, row);

    const lines = ['| figure | Balcão | Baileys 6.17.16 | Balcão ahead by (> 1× = Balcão better) | target | |', '|---|---|---|---|---|---|'];
    for (const r of rows) lines.push(`| ${r.figure} | ${r.balcao} | ${r.baileys} | ${r.ratio} | ${r.target} | ${verdict(r.met === null ? undefined : r.met)} |`);
    const h = results.host;
    lines.push('', `${results.quick ? 'QUICK smoke run (small numbers). ' : ''}${h.cpus} × ${h.model}, load ${h.load.map((x) => x.toFixed(1)).join(' ')} at start; ${results.startedAt}.`);
    if (results.emulatorPayloadDelayMs) lines.push(`The emulator waits ${results.emulatorPayloadDelayMs} ms after each handshake before its first stanza (both sides; included in cold start).`);
    if (results.error) lines.push(`Stopped early: ${results.error}`);
    if (results.mediaError) lines.push(`Media benchmark failed: ${results.mediaError}`);
    if (results.storageError) lines.push(`Storage benchmark failed: ${results.storageError}`);
    return { table: lines.join('\n'), rows };
}

// 7. Media (bench/lib/media.mjs), against Baileys 7.0.0-rc14: seconds and MB/s (10^6 bytes) each way, and the
// memory a large send costs.
function mediaRows(m, row) {
    const mb = (bytes) => `${fmt(bytes / 1e6, 0)} MB`;
    const n = m.reps;
    const timed = (ms, bytes) => `${fmt(ms / 1000, 2)} s = ${fmt(bytes / 1e6 / (ms / 1000), 1)} MB/s`;
    const pair = (figure, key, a, b, bytes) => {
        const ta = median(a.map((x) => x[key]));
        const tb = median(b.map((x) => x[key]));
        row(figure, timed(ta, bytes), timed(tb, bytes), `${fmt(tb / ta)}×`, '', undefined);
    };
    const bytes = m.transferBytes;
    pair(`7. Media (Baileys 7.0.0-rc14 here) upload: a ${mb(bytes)} document to a customer, command → server ack (median of ${n})`, 'ackMs', m.upload.balcao, m.upload.baileys, bytes);
    pair(`7. Media upload: the same, command → delivered to the phone (median of ${n})`, 'deliveredMs', m.upload.balcao, m.upload.baileys, bytes);
    pair(`7. Media download: a ${mb(bytes)} document from a customer, asked → file on disk, SHA-256 checked (median of ${n})`, 'ms', m.download.balcao, m.download.baileys, bytes);
    if (m.memory?.balcao) {
        const { balcao: a, baileys: b, targetMiB, pass } = m.memory;
        const growth = (x) => `${fmt(x.growthBytes / MiB)} MiB (${fmt(x.beforeBytes / MiB)} → peak ${fmt(x.peakBytes / MiB)} MiB)`;
        row(`7. Media memory: RSS growth sending a ${mb(m.memoryBytes)} document until delivered (Balcão: API multipart/form-data; Baileys: sendMessage from the file; VmRSS every 50 ms)`, `${growth(a)} **${pass ? 'PASS' : 'FAIL'}**`, growth(b), `${fmt(b.growthBytes / a.growthBytes)}×`, `< ${targetMiB} MiB`, pass);
        const s = (ms) => `${fmt(ms / 1000, 2)} s`;
        const stepsA = [a.acceptedMs !== undefined && `API 201 at ${s(a.acceptedMs)}`, a.uploadingMs !== undefined && `upload ${s(a.uploadingMs)} → ${s(a.uploadedMs)}`].filter(Boolean).join(', ');
        const stepsB = b.sentMs !== undefined ? ` (sendMessage returned at ${s(b.sentMs)})` : '';
        row(`7. Media: that ${mb(m.memoryBytes)} document, request → delivered (once)`, `${s(a.deliveredMs)}${stepsA ? ` (${stepsA})` : ''}`, `${s(b.deliveredMs)}${stepsB}`, `${fmt(b.deliveredMs / a.deliveredMs)}×`, '', undefined);
    }
}
