// The campaign page follows its campaign's Server-Sent Events stream (through the gateway, same
// origin): totals, backers, tiers' claims and milestones change in place, and the closing shows the
// outcome. No HTML is built here: only text, values and attributes of the server-rendered page change.
(function () {
    "use strict";
    const live = document.getElementById("live");
    if (!live || !window.EventSource) {
        return;
    }
    const currency = live.dataset.currency;
    const goal = Number(live.dataset.goal);
    const money = new Intl.NumberFormat("en", {minimumFractionDigits: 2, maximumFractionDigits: 2});
    const all = (selector) => Array.from(document.querySelectorAll(selector));
    const setText = (element, text) => {
        if (element && element.textContent !== text) {
            element.textContent = text;
        }
    };

    function showTotals(snapshot) {
        const funds = Number(snapshot.currentFunds);
        setText(live.querySelector("[data-live=funds]"), money.format(funds) + " " + currency);
        setText(live.querySelector("[data-live=percent]"), (goal > 0 ? Math.floor(funds * 100 / goal) : 0) + "%");
        const progress = live.querySelector("[data-live=progress]");
        if (progress) {
            progress.value = funds;
        }
        setText(live.querySelector("[data-live=backers]"), snapshot.backerCount + (snapshot.backerCount === 1 ? " backer" : " backers"));
        (snapshot.rewardTiers || []).forEach(showTier);
        (snapshot.milestones || []).forEach(showMilestone);
    }

    function showTier(tier) {
        const card = document.querySelector("[data-tier-id='" + tier.id + "']");
        if (!card || card.dataset.available === undefined || card.dataset.available === "") {
            return;
        }
        const available = Number(card.dataset.available);
        const left = Math.max(0, available - tier.quantityClaimed);
        setText(card.querySelector("[data-live=remaining]"), left === 0 ? "sold out" : left + " of " + available + " left");
        if (left === 0) {
            const choose = card.querySelector("[data-live=choose]");
            if (choose) {
                choose.hidden = true;
            }
            const option = document.querySelector("[data-tier-option='" + tier.id + "']");
            if (option && !option.disabled) {
                option.disabled = true;
                option.textContent = option.textContent + " - sold out";
                if (option.selected) {
                    option.parentElement.value = "";
                }
            }
        }
    }

    function showMilestone(milestone) {
        const item = document.querySelector("[data-milestone-id='" + milestone.id + "']");
        if (item && milestone.achieved) {
            item.classList.add("achieved");
            setText(item.querySelector("[data-live=milestone]"), "Unlocked");
        }
    }

    function showClosed(snapshot) {
        showTotals(snapshot);
        const status = live.querySelector("[data-live=status]");
        if (status) {
            status.textContent = "";
            const strong = document.createElement("strong");
            strong.textContent = snapshot.status === "SUCCESSFUL" ? "Funded." : "Not funded.";
            status.append(strong, snapshot.status === "SUCCESSFUL"
                ? " The campaign reached its goal; pledges are paid to the owner."
                : " The campaign missed its goal; every backer is refunded.");
        }
        all("[data-live=pledge-form], [data-live=choose]").forEach((element) => element.hidden = true);
        const note = document.querySelector("[data-live=closed-note]");
        if (note) {
            note.hidden = false;
        }
    }

    const stream = new EventSource(live.dataset.stream);
    stream.addEventListener("totals", (event) => showTotals(JSON.parse(event.data)));
    stream.addEventListener("closed", (event) => {
        stream.close();
        showClosed(JSON.parse(event.data));
    });
})();
