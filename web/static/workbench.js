// vastuu workbench: the project's own script (no library). Everything works without it: the
// forms post to the server. With it, the scenario results follow each change of the form, and
// the report page follows a running build.
"use strict";

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// the engine's message also beside the lever it names (levers[N])
function markLever(form, error) {
  form.querySelectorAll(".lever-error").forEach((el) => el.remove());
  if (!error || error.dataset.lever === undefined) return;
  const fieldset = document.getElementById("lever-" + error.dataset.lever);
  if (!fieldset) return;
  const note = document.createElement("p");
  note.className = "error lever-error";
  note.textContent = error.textContent;
  fieldset.querySelector("legend").after(note);
}

function liveScenario(form) {
  const results = document.getElementById("results");
  const url = form.dataset.results;
  let sequence = 0;
  const skip = new Set(["file_name", "overwrite", "compare_file"]);
  const update = async () => {
    const mine = ++sequence;
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST", body: new URLSearchParams(new FormData(form)),
        headers: {"Content-Type": "application/x-www-form-urlencoded"},
      });
      const html = await response.text();
      if (mine === sequence) {
        results.innerHTML = html;
        results.dataset.version = String(mine);
        // a screen reader hears the new total (or the error), not the whole results region
        const news = results.querySelector("#summary, #scenario-error");
        const status = document.getElementById("live-status");
        if (news && status) status.textContent = news.textContent;
        markLever(form, results.querySelector("#scenario-error"));
      }
    } finally {
      if (mine === sequence) results.setAttribute("aria-busy", "false");
    }
  };
  const later = debounce(update, 120);
  const changed = (event) => { if (!skip.has(event.target.name)) later(); };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
}

function followReport(box) {
  const url = box.dataset.status;
  const poll = async () => {
    const response = await fetch(url, {headers: {"Accept": "text/html"}});
    box.innerHTML = await response.text();
    const state = box.querySelector("[data-state]");
    if (state && state.dataset.state === "running") setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("scenario-form");
  if (form) liveScenario(form);
  const box = document.getElementById("build-status");
  if (box && box.querySelector("[data-state='running']")) followReport(box);
});
