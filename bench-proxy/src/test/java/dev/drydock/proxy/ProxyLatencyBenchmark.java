package dev.drydock.proxy;

import dev.drydock.amsterdam.AmsterdamLlmProxyProvider;
import dev.drydock.api.DrydockException;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmSession;
import dev.drydock.testkit.FakeLlmUpstream;
import dev.drydock.testkit.FakeLlmUpstream.Reply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Added latency of the LLM proxies. Calls the fake upstream directly, through the embedded proxy and
 * (when the {@code amsterdam} binary is installed) through Amsterdam, interleaved round-robin in one
 * open-loop schedule, non-streaming and streaming, at 100 and 500 requests/s; prints latency p50/p99,
 * streaming time to first token, and what each proxy adds over the direct calls.
 *
 * <pre>
 * ./mvnw -q -pl bench-proxy -am install -DskipTests
 * ./mvnw -q -pl bench-proxy exec:exec@benchmark -Dbenchmark.seconds=10   # the full run
 * ./mvnw -q -pl bench-proxy exec:exec@benchmark -Dbenchmark.seconds=2    # CI's short run
 * </pre>
 *
 * Client, proxy and fake upstream share one JVM and the machine's cores, so the numbers include
 * their contention; "added" is a difference of percentiles between interleaved calls.
 */
public final class ProxyLatencyBenchmark {
    private static final String KEY = "sk-benchmark-upstream";
    private static final String CHAT = "{\"model\":\"bench\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Write a unit test for apply_discount.\"}]}";

    private record Target(String name, URI url, String key) {}

    private record Sample(int target, long totalNanos, long firstTokenNanos, boolean ok) {}

    private ProxyLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("drydock-proxy-benchmark");
        List<AutoCloseable> open = new ArrayList<>();
        try (FakeLlmUpstream upstream = FakeLlmUpstream.start(KEY)) {
            upstream.fallback(Reply.text("def test_discount():\n    assert apply_discount(10.0, 50) == 5.0\n", 60, 24)
                    .withChunks(8, Duration.ZERO));
            List<Target> targets = new ArrayList<>();
            targets.add(new Target("direct", URI.create(upstream.baseUrl() + "/chat/completions"), KEY));
            LlmProxy embedded = Proxies.open(Proxies.upstreams(upstream.baseUrl(), KEY), work, Map.of(), Optional.empty());
            open.add(embedded);
            targets.add(target("embedded", embedded.openSession("benchmark")));
            try {
                LlmProxy amsterdam = Proxies.open(new AmsterdamLlmProxyProvider(),
                        "upstream-base-url: '" + upstream.baseUrl() + "'\napi-key: '" + KEY + "'\n", work, Optional.empty());
                open.add(amsterdam);
                targets.add(target("amsterdam", amsterdam.openSession("benchmark")));
            } catch (DrydockException notInstalled) {
                System.out.println("# amsterdam left out: " + notInstalled.getMessage().lines().findFirst().orElse(""));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).build();
            ExecutorService callers = Executors.newFixedThreadPool(64);
            run(http, callers, targets, false, 100, 2); // warm-up, not reported
            run(http, callers, targets, true, 100, 2);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"mode", "rate/s", "target", "calls", "errors", "p50 ms", "p99 ms", "added p50 ms",
                "added p99 ms", "ttft p50 ms", "ttft p99 ms", "added ttft p99 ms"});
            // each proxy is interleaved with direct calls in a schedule of its own, so that one that
            // falls behind (Amsterdam at 500/s) does not load the machine while the other is measured
            for (boolean stream : new boolean[] {false, true}) {
                for (int rate : new int[] {100, 500}) {
                    for (Target proxied : targets.subList(1, targets.size())) {
                        List<Target> pair = List.of(targets.get(0), proxied);
                        List<Sample> samples = run(http, callers, pair, stream, rate, seconds);
                        rows.addAll(rows(pair, samples, stream, rate));
                    }
                }
            }
            print(rows, seconds);
            callers.shutdownNow();
        } finally {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
        }
        System.exit(0);
    }

    private static List<String[]> rows(List<Target> targets, List<Sample> samples, boolean stream, int rate) {
        List<String[]> rows = new ArrayList<>();
        long[][] totals = new long[targets.size()][];
        long[][] firsts = new long[targets.size()][];
        for (int t = 0; t < targets.size(); t++) {
            int index = t;
            totals[t] = samples.stream().filter(s -> s.target == index && s.ok).mapToLong(Sample::totalNanos).sorted().toArray();
            firsts[t] = samples.stream().filter(s -> s.target == index && s.ok).mapToLong(Sample::firstTokenNanos).sorted().toArray();
        }
        for (int t = 0; t < targets.size(); t++) {
            int index = t;
            long errors = samples.stream().filter(s -> s.target == index && !s.ok).count();
            boolean direct = t == 0;
            rows.add(new String[] {
                stream ? "stream" : "json", String.valueOf(rate), targets.get(t).name,
                String.valueOf(totals[t].length), String.valueOf(errors),
                ms(percentile(totals[t], 50)), ms(percentile(totals[t], 99)),
                direct ? "-" : ms(percentile(totals[t], 50) - percentile(totals[0], 50)),
                direct ? "-" : ms(percentile(totals[t], 99) - percentile(totals[0], 99)),
                stream ? ms(percentile(firsts[t], 50)) : "-", stream ? ms(percentile(firsts[t], 99)) : "-",
                stream && !direct ? ms(percentile(firsts[t], 99) - percentile(firsts[0], 99)) : "-"
            });
        }
        return rows;
    }

    private static Target target(String name, LlmSession session) {
        LlmEndpoints endpoints = session.endpoints().orElseThrow();
        return new Target(name, URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), endpoints.apiKey().reveal());
    }

    /** An open-loop schedule: one call every 1/rate seconds, targets taken in turn. */
    private static List<Sample> run(HttpClient http, ExecutorService callers, List<Target> targets, boolean stream, int rate,
            int seconds) throws InterruptedException {
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long calls = (long) rate * seconds;
        long start = System.nanoTime();
        AtomicLong pending = new AtomicLong(calls);
        for (long i = 0; i < calls; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = (int) (i % targets.size());
            Target target = targets.get(index);
            callers.execute(() -> {
                samples.add(call(http, target, index, stream));
                pending.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(samples);
    }

    private static Sample call(HttpClient http, Target target, int index, boolean stream) {
        HttpRequest request = HttpRequest.newBuilder(target.url).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + target.key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(Locale.ROOT, CHAT, stream))).build();
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long first = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (first == 0 && (!stream || line.startsWith("data:"))) {
                        first = System.nanoTime() - started;
                    }
                }
            }
            return new Sample(index, System.nanoTime() - started, first, response.statusCode() == 200);
        } catch (Exception e) {
            return new Sample(index, System.nanoTime() - started, 0, false);
        }
    }

    private static long percentile(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void print(List<String[]> rows, int seconds) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        System.out.printf(Locale.ROOT, "# %d s per cell, %d cores, %s%n", seconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
        System.out.println("# target: the embedded proxy adds at most 1 ms at p99 (the 'added p99 ms' column)");
    }

    static {
        // quiet the servers' startup logging in the table
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
