package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A campaign's Server-Sent Events stream followed as the campaign page's script follows it: each
 * {@code totals} event is kept with the moment its data line arrived (or, for one of many watchers,
 * only the latest and a count). Lines are pushed to a subscriber as they come (the JDK's
 * HttpClient), so closing is a cancel, not a blocked read.
 */
final class LiveStream implements AutoCloseable {

    /** One {@code totals} event: when it arrived ({@link System#nanoTime()}) and the campaign's funds in it. */
    record Event(long arrivedNanos, BigDecimal currentFunds) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final boolean keepAll;
    private final List<Long> arrivals = new ArrayList<>();
    private final List<String> data = new ArrayList<>();
    private long received;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile String ended;

    private LiveStream(boolean keepAll) {
        this.keepAll = keepAll;
    }

    /** Opens the stream, keeping every event, and waits for its answer's status (200, or the stream fails). */
    static LiveStream open(URI stream) {
        return open(stream, true);
    }

    /**
     * Opens the stream and waits for its answer's status; {@code keepAll} false keeps only the latest
     * event. {@code headers} are name, value pairs.
     */
    static LiveStream open(URI stream, boolean keepAll, String... headers) {
        var live = new LiveStream(keepAll);
        HttpRequest.Builder builder = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = builder.build();
        HTTP.sendAsync(request, info -> {
            live.status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(live.new Lines());
        }).whenComplete((response, failure) -> {
            if (failure != null) {
                live.status.completeExceptionally(failure);
            }
        });
        try {
            int code = live.status.get(10, TimeUnit.SECONDS);
            if (code != 200) {
                live.close();
                throw new IllegalStateException("GET " + stream + ": " + code);
            }
        } catch (Exception e) {
            throw new IllegalStateException("GET " + stream + ": " + e, e);
        }
        return live;
    }

    /** The {@code totals} events so far, in the order they arrived; their JSON is read here, not while they stream. */
    synchronized List<Event> events() {
        List<Event> events = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            events.add(new Event(arrivals.get(i), Api.JSON.readTree(data.get(i)).get("currentFunds").decimalValue()));
        }
        return events;
    }

    /** The funds in the latest event, or null before the first. */
    synchronized BigDecimal latestFunds() {
        return data.isEmpty() ? null : Api.JSON.readTree(data.getLast()).get("currentFunds").decimalValue();
    }

    /** How many {@code totals} events arrived. */
    synchronized long received() {
        return received;
    }

    /** Why the stream ended before it was closed here ("completed", or the failure), or null while it runs. */
    String ended() {
        return ended;
    }

    @Override
    public void close() {
        Flow.Subscription open = subscription;
        if (open != null) {
            open.cancel();
        }
    }

    private synchronized void received(long arrivedNanos, String json) {
        received++;
        if (!keepAll) {
            arrivals.clear();
            data.clear();
        }
        arrivals.add(arrivedNanos);
        data.add(json);
    }

    /** The stream's lines: "event:totals", then "data:{...}", then an empty line; comments (heartbeats) start with ':'. */
    private final class Lines implements Flow.Subscriber<String> {
        private String event = "message";

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            LiveStream.this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (line.isEmpty()) {
                event = "message";
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && "totals".equals(event)) {
                received(now, line.substring(5).strip());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            status.completeExceptionally(throwable);
            ended = throwable.toString();
        }

        @Override
        public void onComplete() {
            ended = "completed by the server";
        }
    }
}
