// vastuu workbench: the project's own script (no library). Everything works without it: the
// forms post to the server. With it, the scenario results follow each change of the form, and
// the report page follows a running build.
"use strict";

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function liveScenario(form) {
  const results = document.getElementById("results");
  const url = form.dataset.results;
  let sequence = 0;
  const skip = new Set(["file_name", "overwrite"]);
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
