package io.crowdfund.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The run written down: a Markdown report and its charts (PNG, XChart) in the results directory. */
final class Report {

    private final Path directory;
    private final StringBuilder markdown = new StringBuilder();
    private final List<Round> rounds = new ArrayList<>();

    Report(Path directory, String title, String setting) {
        this.directory = directory;
        markdown.append("# ").append(title).append("\n\n").append(setting).append("\n\n");
    }

    void add(Round round) {
        rounds.add(round);
    }

    void section(String heading, String text) {
        markdown.append("## ").append(heading).append("\n\n").append(text).append("\n\n");
    }

    /** The rounds' table: throughput, latency percentiles and outcomes. */
    void roundsTable() {
        markdown.append("| round | pledges | seconds | confirmed/s | p50 ms | p90 ms | p99 ms | max ms | outcomes |\n");
        markdown.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Round round : rounds) {
            markdown.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.1f | %.1f | %.1f | %.1f | %s |%n", round.name,
                    round.total(), round.seconds(), round.confirmedPerSecond(), round.latencyMs(50), round.latencyMs(90), round.latencyMs(99),
                    round.maxLatencyMs(), round.outcomes().toString().replace("{", "").replace("}", "")));
        }
        markdown.append("\n");
    }

    /** Where the CPU went in each round: seconds by part, and milliseconds per confirmed pledge. */
    void cpuTable() {
        for (Round round : rounds) {
            if (round.cpu().isEmpty()) {
                continue;
            }
            double total = round.cpu().values().stream().mapToDouble(Double::doubleValue).sum();
            markdown.append(String.format(Locale.ROOT, "**%s**: %.1f CPU s in %.1f s (%.2f cores busy), %.2f ms CPU per confirmed pledge%n%n",
                    round.name, total, round.seconds(), total / round.seconds(), 1_000 * total / Math.max(1, round.confirmed())));
            markdown.append("| part | CPU s | share | ms per confirmed pledge |\n|---|---:|---:|---:|\n");
            round.cpu().forEach((part, seconds) -> markdown.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f %% | %.3f |%n", part, seconds,
                    100 * seconds / total, 1_000 * seconds / Math.max(1, round.confirmed()))));
            markdown.append("\n");
        }
    }

    void invariants(List<Invariant> invariants) {
        markdown.append("| invariant | holds | found |\n|---|---|---|\n");
        for (Invariant invariant : invariants) {
            markdown.append("| ").append(invariant.name()).append(" | ").append(invariant.holds() ? "yes" : "**NO**").append(" | ")
                    .append(invariant.found()).append(" |\n");
        }
        markdown.append("\n");
    }

    /** Writes report.md, throughput.png and latency.png; returns the report's path. */
    Path write() {
        try {
            Files.createDirectories(directory);
            BitmapEncoder.saveBitmap(throughputChart(), directory.resolve("throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            BitmapEncoder.saveBitmap(latencyChart(), directory.resolve("latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            markdown.append("![confirmed pledges per second](throughput.png)\n\n![latency by percentile](latency.png)\n");
            Path report = directory.resolve("report.md");
            Files.writeString(report, markdown);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private XYChart throughputChart() {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Confirmed pledges per second")
                .xAxisTitle("second of the round").yAxisTitle("confirmed/s").build();
        for (Round round : rounds) {
            long[] series = round.confirmedPerSecondSeries();
            chart.addSeries(round.name, IntStream.range(0, series.length).asDoubleStream().toArray(),
                    Arrays.stream(series).asDoubleStream().toArray()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Latency by percentile, the x axis spread as 1/(1-p) so the tail gets room (HdrHistogram's usual plot). */
    private XYChart latencyChart() {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Latency until final, by percentile")
                .xAxisTitle("percentile (log of 1/(1-p): 1 = 90 %, 2 = 99 %, 3 = 99.9 %)").yAxisTitle("ms").build();
        chart.getStyler().setYAxisLogarithmic(true);
        for (Round round : rounds) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (HistogramIterationValue value : round.histogram().percentiles(5)) {
                double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100) {
                    break;
                }
                x.add(Math.log10(1 / (1 - percentile / 100)));
                y.add(Math.max(0.001, value.getValueIteratedTo() / 1_000.0));
            }
            if (!x.isEmpty()) {
                chart.addSeries(round.name, x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
}
