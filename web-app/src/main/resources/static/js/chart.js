// The owner's chart of funds over time: the points come with the page (data-points, [unix seconds, total]).
(function () {
    "use strict";
    const element = document.getElementById("funds-chart");
    if (!element || !window.uPlot) {
        return;
    }
    const points = JSON.parse(element.dataset.points || "[]");
    if (points.length === 0) {
        return;
    }
    const times = points.map((point) => point[0]);
    const totals = points.map((point) => Number(point[1]));
    if (times.length === 1) { // a line needs two points: start from nothing a moment before
        times.unshift(times[0] - 60);
        totals.unshift(0);
    }
    const currency = element.dataset.currency;
    const money = new Intl.NumberFormat("en", {minimumFractionDigits: 2, maximumFractionDigits: 2});
    const options = {
        width: Math.max(280, element.clientWidth),
        height: 220,
        series: [{}, {label: "Funds (" + currency + ")", stroke: "#1e88e5", width: 2, fill: "rgba(30,136,229,0.1)",
            value: (chart, value) => value == null ? "" : money.format(value)}],
        axes: [{}, {values: (chart, ticks) => ticks.map((tick) => money.format(tick)), size: 80}],
    };
    const chart = new uPlot(options, [times, totals], element);
    window.addEventListener("resize", () => chart.setSize({width: Math.max(280, element.clientWidth), height: 220}));
})();
