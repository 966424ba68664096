-- wrk script for bench/run.py: cycles through the requests in the file BENCH_SPEC
-- (one a line: METHOD, path, headers "Name: value" joined by "|", body; tab-separated),
-- so that each connection speaks for several logged-in learners in turn. Counts the
-- answers with the status in BENCH_EXPECT as successes, every other one as an error,
-- and prints one line "BENCH_JSON {...}" with the totals and latency percentiles.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    requests = {}
    good = 0
    bad = 0
    expect = tonumber(os.getenv("BENCH_EXPECT") or "200")
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
    -- Threads start at different learners.
    position = (tonumber(wrk.thread:get("id") or "0") * 7) % #requests
end

function request()
    position = position % #requests + 1
    return requests[position]
end

function response(status, headers, body)
    if status == expect then
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
        '"good": %d, "bad_status": %d, "socket_errors": %d, "timeouts": %d}\n',
        summary.requests, summary.duration, summary.bytes,
        latency:percentile(50), latency:percentile(95), latency:percentile(99),
        latency.max, good_total, bad_total,
        errors.connect + errors.read + errors.write, errors.timeout))
end
