package io.crowdfund.loadgen;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on the terminal while work runs (or plain lines when it is not a terminal). */
final class Progress {

    /** One bar; step it as work is done, close it when the work ends. */
    interface Bar extends AutoCloseable {
        void step();

        void extra(String message);

        @Override
        void close();
    }

    /** A bar towards the total, or counting without one when the total is -1. */
    Bar start(String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).showSpeed().continuousUpdate().build();
        return new Bar() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void extra(String message) {
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
