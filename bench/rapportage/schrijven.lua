-- bench/rapportage/schrijven.lua - the concurrent writes of
-- bench/rapportage/run.sh for wrk: each connection alternates a gezin PATCH
-- (a new name, If-Match: *) and a logboek POST (a note) over the gezinnen
-- listed in the file named by BENCH_IDS, waiting BENCH_PAUSE_MS between its
-- requests so the load stays the same whether or not reports run. The
-- session cookie and CSRF token come from BENCH_COOKIE and BENCH_CSRF.
-- done() prints one line: requests, errors and the latency percentiles of
-- all writes in ms.

local ids = {}
local pause = tonumber(os.getenv("BENCH_PAUSE_MS") or "20")
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local counter = 0
local thread_no = 0

function setup(thread)
	thread_no = thread_no + 1
	thread:set("offset", thread_no * 7919)
end

function init(args)
	for line in io.lines(os.getenv("BENCH_IDS")) do
		ids[#ids + 1] = line
	end
	counter = offset or 0
end

function request()
	counter = counter + 1
	local id = ids[(counter % #ids) + 1]
	local headers = {
		["Cookie"] = cookie,
		["X-CSRF-Token"] = csrf,
		["Content-Type"] = "application/json",
		["Accept"] = "application/json",
	}
	if counter % 2 == 0 then
		headers["If-Match"] = "*"
		return wrk.format("PATCH", "/api/v1/gezinnen/" .. id, headers,
			'{"naam":"Gezin Bench ' .. counter .. '"}')
	end
	return wrk.format("POST", "/api/v1/gezinnen/" .. id .. "/logboek", headers,
		'{"soort":"notitie","tekst":"Telefonisch contact gehad, alles loopt goed."}')
end

function delay()
	return pause
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("writes requests=%d non2xx=%d socket_errors=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
		summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000))
end
