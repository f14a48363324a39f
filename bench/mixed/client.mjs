// bench/mixed/client.mjs - the load generator of bench/mixed: N coordinators
// working at once against one koppel daemon, each on its own kept-alive
// connection with its own session, plus (in the "reports" phase) a beheerder
// who fetches the quarterly report and a CSV export every few seconds.
//
// Usage: node client.mjs CONFIG.json
// CONFIG (written by run.sh): { base, pid, coordinators: [{cookie, csrf, wg}],
//   admin: {cookie}, gezinnen: {WG: [ids]}, vraaggezinnen: {WG: [ids]},
//   koppelingen: {WG: [ids]}, zoek: [words], report: "path?query",
//   export: "query string", levels: [N...], seconds, warmup, thinkMs,
//   reportEvery, exportEvery }
//
// Each coordinator repeats: think (exponential, mean thinkMs), pick an
// action by weight, do it, record the time of every request by operation.
// Per level N and phase (without, then with reports) it prints one line per
// operation (count, p50, p99, non-2xx) and a summary (throughput, write p99,
// the daemon's peak RSS sampled every 100 ms). Only plain node:http is used.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = new URL(cfg.base);

// operation -> weight; 'open' reads a gezin and then its logboek
const ACTIONS = [
	['dashboard', 8],
	['list', 14],
	['search', 10],
	['open', 24],
	['logboek_write', 12],
	['suggesties', 6],
	['move', 6],
	['evaluatie', 6],
];
const WRITES = new Set(['logboek_write', 'move', 'evaluatie']);
const TOTAL_WEIGHT = ACTIONS.reduce((s, a) => s + a[1], 0);

function pick(list) {
	return list[Math.floor(Math.random() * list.length)];
}

function pickAction() {
	let r = Math.random() * TOTAL_WEIGHT;
	for (const [name, w] of ACTIONS) {
		if ((r -= w) < 0)
			return name;
	}
	return ACTIONS[0][0];
}

// One request on agent; resolves {status, ms, body?}. Never rejects: a
// failed connection is status 0.
// Requests sent and not yet answered (to report those a phase ends without).
let inFlight = 0;

function request(agent, method, path, headers, body, timeoutMs = 120000) {
	inFlight++;
	return new Promise((done) => {
		let settled = false;
		const resolve = (v) => {
			if (settled)
				return;
			settled = true;
			inFlight--;
			done(v);
		};
		const start = process.hrtime.bigint();
		const h = { ...headers };
		if (body !== undefined) {
			h['Content-Type'] = 'application/json';
			h['Content-Length'] = Buffer.byteLength(body);
		}
		const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h, agent }, (res) => {
			res.on('data', () => {});
			res.on('end', () => {
				const ms = Number(process.hrtime.bigint() - start) / 1e6;
				resolve({ status: res.statusCode, ms });
			});
			res.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
		req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
		if (body !== undefined)
			req.write(body);
		req.end();
	});
}

class Stats {
	constructor() {
		this.ops = new Map();
	}
	add(op, res) {
		let s = this.ops.get(op);
		if (!s)
			this.ops.set(op, (s = { ms: [], bad: 0, codes: new Map() }));
		s.ms.push(res.ms);
		if (res.status < 200 || res.status >= 300) {
			s.bad++;
			s.codes.set(res.status, (s.codes.get(res.status) || 0) + 1);
		}
	}
}

function pct(sorted, p) {
	if (!sorted.length)
		return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

function today(offsetDays = 0) {
	const d = new Date(Date.now() + offsetDays * 86400000);
	return d.toISOString().slice(0, 10);
}

// One coordinator's actions; records into stats while active() is true.
async function coordinator(c, stats, active, stopAt) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const headers = { Cookie: c.cookie, Accept: 'application/json' };
	const wheaders = { ...headers, 'X-CSRF-Token': c.csrf };
	const gez = cfg.gezinnen[c.wg], vraag = cfg.vraaggezinnen[c.wg], kop = cfg.koppelingen[c.wg];
	// a random start so that N coordinators do not start in lockstep
	await new Promise((r) => setTimeout(r, Math.random() * cfg.thinkMs));
	while (Date.now() < stopAt()) {
		const action = pickAction();
		const rec = (op, res) => {
			if (active())
				stats.add(op, res);
		};
		switch (action) {
		case 'dashboard':
			rec('dashboard', await request(agent, 'GET', '/api/v1/overzichten/caseload', headers));
			break;
		case 'list':
			rec('list', await request(agent, 'GET', '/api/v1/gezinnen?rol=vraaggezin&status=wachtend&limit=50', headers));
			break;
		case 'search':
			rec('search', await request(agent, 'GET', `/api/v1/gezinnen?zoek=${encodeURIComponent(pick(cfg.zoek))}&limit=50`, headers));
			break;
		case 'open': {
			const id = pick(gez);
			rec('gezin', await request(agent, 'GET', `/api/v1/gezinnen/${id}`, headers));
			rec('logboek', await request(agent, 'GET', `/api/v1/gezinnen/${id}/logboek`, headers));
			break;
		}
		case 'logboek_write':
			rec('logboek_write', await request(agent, 'POST', `/api/v1/gezinnen/${pick(gez)}/logboek`, wheaders,
				JSON.stringify({ soort: 'contact', tekst: 'Gebeld over de planning van de komende weken.' })));
			break;
		case 'suggesties':
			rec('suggesties', await request(agent, 'GET', `/api/v1/gezinnen/${pick(vraag)}/suggesties`, headers));
			break;
		case 'move':
			// a change of the koppeling's coordinator to the same one: a full write of the
			// koppeling (If-Match, history, audit) that every koppeling allows at any time
			rec('move', await request(agent, 'PATCH', `/api/v1/koppelingen/${pick(kop)}`, { ...wheaders, 'If-Match': '*' },
				JSON.stringify({ coordinator: c.gebruikerId })));
			break;
		case 'evaluatie':
			rec('evaluatie', await request(agent, 'POST', `/api/v1/koppelingen/${pick(kop)}/evaluaties`, { ...wheaders, 'If-Match': '*' },
				JSON.stringify({ soort: 'voortgangsgesprek', geplandOp: today(30) })));
			break;
		}
		const think = -Math.log(1 - Math.random()) * cfg.thinkMs;
		await new Promise((r) => setTimeout(r, think));
	}
	agent.destroy();
}

// The beheerder's background work: a report every reportEvery s and an export every exportEvery s.
async function reporter(stats, active, until) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
	const h = { Cookie: cfg.admin.cookie };
	const loop = async (op, every, path, accept) => {
		while (Date.now() < until) {
			const t0 = Date.now();
			const res = await request(agent, 'GET', path, { ...h, Accept: accept }, undefined,
				Math.max(1000, until - Date.now()));
			if (active())
				stats.add(op, res);
			const wait = every * 1000 - (Date.now() - t0);
			if (wait > 0)
				await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, until - Date.now()))));
		}
	};
	await Promise.all([
		loop('report', cfg.reportEvery, cfg.report, 'application/json'),
		loop('export', cfg.exportEvery, `/api/v1/overzichten/caseload?${cfg.export}`, 'text/csv'),
	]);
	agent.destroy();
}

function rssKb() {
	try {
		const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${cfg.pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

function cpuTicks() {
	try {
		const f = readFileSync(`/proc/${cfg.pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return Number(f[11]) + Number(f[12]);
	} catch {
		return 0;
	}
}

// Runs N coordinators: warmup, then the measured phase; with reports when asked.
async function phase(n, withReports) {
	const stats = new Stats();
	let measuring = false;
	const t0 = Date.now();
	const measureFrom = t0 + cfg.warmup * 1000, end = measureFrom + cfg.seconds * 1000;
	const active = () => measuring;
	let peak = 0;
	const sampler = setInterval(() => { peak = Math.max(peak, rssKb()); }, 100);
	const starter = setTimeout(() => { measuring = true; }, measureFrom - t0);
	let cpu0 = 0;
	const cpuStart = setTimeout(() => { cpu0 = cpuTicks(); }, measureFrom - t0);
	const runners = [];
	for (let i = 0; i < n; i++)
		runners.push(coordinator(cfg.coordinators[i % cfg.coordinators.length], stats, active, () => end));
	if (withReports)
		runners.push(reporter(stats, active, end));
	let unfinished = 0;
	const stopper = new Promise((r) => setTimeout(() => { measuring = false; unfinished = inFlight; r(); }, end - t0));
	const cpuEnd = stopper.then(() => cpuTicks());
	await Promise.all(runners);
	await stopper;
	clearTimeout(starter);
	clearTimeout(cpuStart);
	clearInterval(sampler);
	const cpu1 = await cpuEnd;
	const label = withReports ? 'reports' : 'plain';
	let total = 0, bad = 0;
	const writes = [], interactive = [];
	const order = ['dashboard', 'list', 'search', 'gezin', 'logboek', 'logboek_write', 'suggesties', 'move', 'evaluatie', 'report', 'export'];
	for (const op of order) {
		const s = stats.ops.get(op);
		if (!s)
			continue;
		const sorted = s.ms.slice().sort((a, b) => a - b);
		if (op !== 'report' && op !== 'export') {
			total += sorted.length;
			interactive.push(...s.ms);
		}
		bad += s.bad;
		if (WRITES.has(op))
			writes.push(...s.ms);
		const codes = [...s.codes].map(([k, v]) => `${k}:${v}`).join(',');
		console.log(`bench mixed n=${n} phase=${label} op=${op} count=${sorted.length} p50_ms=${pct(sorted, 50).toFixed(1)} p99_ms=${pct(sorted, 99).toFixed(1)} max_ms=${sorted[sorted.length - 1].toFixed(1)} non2xx=${s.bad}${codes ? ' codes=' + codes : ''}`);
	}
	writes.sort((a, b) => a - b);
	interactive.sort((a, b) => a - b);
	const tck = 100;
	const summary = {
		throughput: total / cfg.seconds,
		interactiveP99: pct(interactive, 99),
		writeP99: pct(writes, 99),
		rssMb: peak / 1024,
		cpuPct: ((cpu1 - cpu0) / tck / cfg.seconds) * 100,
		bad,
	};
	console.log(`bench mixed n=${n} phase=${label} summary ops_per_s=${summary.throughput.toFixed(1)} interactive_p99_ms=${summary.interactiveP99.toFixed(1)} write_p99_ms=${summary.writeP99.toFixed(1)} peak_rss_mb=${summary.rssMb.toFixed(1)} server_cpu_pct=${summary.cpuPct.toFixed(0)} non2xx=${bad} unanswered_at_end=${unfinished}`);
	return summary;
}

for (const n of cfg.levels) {
	const plain = await phase(n, false);
	if (!cfg.reports)
		continue;
	const rep = await phase(n, true);
	const ratio = (Number.isNaN(rep.writeP99) ? Infinity : rep.writeP99) / plain.writeP99;
	console.log(`bench mixed n=${n} write_p99_plain_ms=${plain.writeP99.toFixed(1)} write_p99_reports_ms=${rep.writeP99.toFixed(1)} ratio=${ratio.toFixed(2)} target=1.50 result=${ratio <= 1.5 ? 'PASS' : 'BELOW_TARGET'}`);
	// a phase in which nothing was answered counts as infinitely slow
	const worst = (x) => (Number.isNaN(x) ? Infinity : x);
	const ip = Math.max(worst(plain.interactiveP99), worst(rep.interactiveP99));
	console.log(`bench mixed n=${n} interactive_p99_ms=${ip.toFixed(1)} target_ms=100 result=${ip <= 100 ? 'PASS' : 'BELOW_TARGET'} peak_rss_mb=${Math.max(plain.rssMb, rep.rssMb).toFixed(1)} rss_target_mb=100`);
}
