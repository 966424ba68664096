-- wrk script for bench/run.py: cycles through the requests in the file BENCH_SPEC
-- (one a line: METHOD, path, headers "Name: value" joined by "|", body; tab-separated),
-- so that each connection speaks for several logged-in learners in turn. Counts the
-- answers with the status in BENCH_EXPECT as successes, every other one as an error,
-- and prints one line "BENCH_JSON {...}" with the totals and latency percentiles.
--
-- For bench/capacity.py: BENCH_EXPECT=mixed counts every answer below 400 as a success
-- except a redirect to the login page (a session that stopped working), and
-- BENCH_THINK_MS="30000-90000" makes each connection think that long (uniformly) before
-- each request; its first request comes within the first BENCH_RAMP_MS instead (one
-- delay per connection: BENCH_CONNECTIONS_PER_THREAD of them), so that the learners
-- do not all arrive in the same second.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    requests = {}
    good = 0
    bad = 0
    expect = os.getenv("BENCH_EXPECT") or "200"
    if expect ~= "mixed" then
        expect = tonumber(expect)
    end
    local id = tonumber(wrk.thread:get("id") or "0")
    math.randomseed(14 + id)
    first_delays = tonumber(os.getenv("BENCH_CONNECTIONS_PER_THREAD") or "0")
    for line in io.lines(os.getenv("BENCH_SPEC")) do
        local method, path, header_text, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        if method then
            local headers = {}
            for name, value in header_text:gmatch("([^|:]+): ([^|]*)") do
                headers[name] = value
            end
            if body == "" then
                body = nil
            end
            table.insert(requests, wrk.format(method, path, headers, body))
        end
    end
    -- Each thread sends its own share of the lines (thread i: lines i, i + n,
    -- i + 2n, … for n threads, BENCH_THREADS), so no line is sent by two threads.
    step = tonumber(os.getenv("BENCH_THREADS") or "1")
    index = id - 1 - step
end

local think_min, think_max = (os.getenv("BENCH_THINK_MS") or ""):match("^(%d+)-(%d+)$")
if think_min then
    think_min, think_max = tonumber(think_min), tonumber(think_max)
    local ramp = tonumber(os.getenv("BENCH_RAMP_MS") or "60000")

    function delay()
        if first_delays > 0 then
            first_delays = first_delays - 1
            return math.random(0, ramp)
        end
        return math.random(think_min, think_max)
    end
end

function request()
    index = (index + step) % #requests
    return requests[index + 1]
end

local function success(status, headers)
    if expect ~= "mixed" then
        return status == expect
    end
    local location = headers["Location"] or headers["location"] or ""
    return status < 400 and not location:find("/konto/logga-in/", 1, true)
end

function response(status, headers, body)
    if success(status, headers) then
        good = good + 1
    else
        bad = bad + 1
    end
end

function done(summary, latency, requests)
    local good_total, bad_total = 0, 0
    for _, thread in ipairs(threads) do
        good_total = good_total + thread:get("good")
        bad_total = bad_total + thread:get("bad")
    end
    local errors = summary.errors
    io.write(string.format(
        'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
        '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
        '"good": %d, "bad_status": %d, "socket_errors": %d, "timeouts": %d, ' ..
        '"connect_errors": %d, "read_errors": %d, "write_errors": %d}\n',
        summary.requests, summary.duration, summary.bytes,
        latency:percentile(50), latency:percentile(95), latency:percentile(99),
        latency.max, good_total, bad_total,
        errors.connect + errors.read + errors.write, errors.timeout,
        errors.connect, errors.read, errors.write))
end
