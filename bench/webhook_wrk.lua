-- wrk script for bench/webhook_load.py: POST one AdmissionReview body (file named by the
-- NODELESS_BENCH_BODY environment variable) and print a JSON summary at the end.
local f = assert(io.open(os.getenv("NODELESS_BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local non2xx = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '\nNODELESS_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "non200": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "p999": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, bad_total,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency:percentile(99.9), latency.max))
end

-- Paced mode (webhook_load.py --pace-ms D): each connection waits a random 0..2D ms before each
-- request, so the offered rate is about connections * 1000 / D per second, below saturation, and
-- latency is the service time rather than time spent queueing.
local pace = tonumber(os.getenv("NODELESS_BENCH_PACE_MS") or "")
if pace then
  function delay()
    return math.random(0, 2 * pace)
  end
end
