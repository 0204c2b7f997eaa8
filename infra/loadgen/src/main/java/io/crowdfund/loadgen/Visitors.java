package io.crowdfund.loadgen;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Anonymous visitors reading a page of the site, each as a browser does: one keep-alive connection
 * and its own cookies, the next request as soon as the last page is whole. The time of a page is
 * from sending its request until its last byte.
 */
final class Visitors {

    /** What a round of page views came to. */
    record Pages(String name, Histogram microseconds, long views, long notOk, long bytes, long cookiesSet, double seconds,
            Map<String, Double> cpu) {

        double ms(double percentile) {
            return microseconds.getValueAtPercentile(percentile) / 1_000.0;
        }

        double perSecond() {
            return views / seconds;
        }

        /** This round and another of the same page, as one. */
        Pages plus(Pages other) {
            Histogram both = microseconds.copy();
            both.add(other.microseconds);
            Map<String, Double> cpuOfBoth = new TreeMap<>(cpu);
            other.cpu.forEach((part, seconds) -> cpuOfBoth.merge(part, seconds, Double::sum));
            return new Pages(name, both, views + other.views, notOk + other.notOk, bytes + other.bytes, cookiesSet + other.cookiesSet,
                    seconds + other.seconds, cpuOfBoth);
        }
    }

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(64).setMaxConnPerRoute(64).build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
            .disableAutomaticRetries().disableRedirectHandling().build();
    private final Progress progress;

    Visitors(Progress progress) {
        this.progress = progress;
    }

    /** {@code views} GETs of the page by {@code visitors} concurrent visitors. */
    Pages read(String name, URI page, int views, int visitors) {
        Recorder latency = new Recorder(3);
        AtomicInteger next = new AtomicInteger();
        AtomicLong notOk = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong cookiesSet = new AtomicLong();
        Map<String, Double> cpuBefore = CpuUsage.snapshot();
        long start = System.nanoTime();
        try (var bar = progress.start(name, views)) {
            List<Thread> threads = new ArrayList<>();
            for (int visitor = 0; visitor < visitors; visitor++) {
                HttpClientContext browser = HttpClientContext.create();
                browser.setCookieStore(new BasicCookieStore());
                threads.add(Thread.ofVirtual().start(() -> {
                    while (next.getAndIncrement() < views) {
                        long started = System.nanoTime();
                        try {
                            http.execute(new HttpGet(page), browser, response -> {
                                bytes.addAndGet(EntityUtils.toByteArray(response.getEntity()).length);
                                cookiesSet.addAndGet(response.getHeaders("Set-Cookie").length);
                                if (response.getCode() != 200) {
                                    notOk.incrementAndGet();
                                }
                                return null;
                            });
                        } catch (IOException e) {
                            notOk.incrementAndGet();
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - started) / 1_000));
                        bar.step();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Pages(name, latency.getIntervalHistogram(), views, notOk.get(), bytes.get(), cookiesSet.get(), seconds,
                CpuUsage.between(cpuBefore, CpuUsage.snapshot()));
    }
}
