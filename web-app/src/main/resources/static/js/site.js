// Small enhancements; every page works without them.
(function () {
    "use strict";
    // Choosing a reward fills in its minimum amount (and keeps the browser's check in step).
    document.addEventListener("change", (event) => {
        const select = event.target;
        if (!(select instanceof HTMLSelectElement) || !select.dataset.amountField) {
            return;
        }
        const amount = document.getElementById(select.dataset.amountField);
        const option = select.selectedOptions[0];
        if (!amount || !option) {
            return;
        }
        const minimum = option.dataset.minimum || "0.01";
        amount.min = minimum;
        if (amount.value === "" || Number(amount.value) < Number(minimum)) {
            amount.value = minimum;
        }
    });
    // Forms that ask for local times send the browser's time zone with them.
    document.querySelectorAll("input[data-time-zone]").forEach((input) => {
        input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    });
    // A form submitted once is not submitted again by a second click while the first is on its way.
    document.addEventListener("submit", (event) => {
        const form = event.target;
        if (form.dataset.submitted === "true" && form.method.toLowerCase() === "post") {
            event.preventDefault();
            return;
        }
        form.dataset.submitted = "true";
        window.setTimeout(() => delete form.dataset.submitted, 5000);
    });
})();
