// vastuu workbench: the project's own script (no library). Everything works without it: the
// forms post to the server. With it, the scenario results follow each change of the form, and
// the report page follows a running build.
"use strict";

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// the engine's message also beside the lever it names, tied to its fields (aria-describedby)
function markLever(form, error) {
  form.querySelectorAll(".lever-error").forEach((el) => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("lever-error-"));
    el.setAttribute("aria-describedby", ids.join(" "));
  });
  if (!error || error.dataset.lever === undefined) return;
  const n = error.dataset.lever;
  const fieldset = document.getElementById("lever-" + n);
  if (!fieldset) return;
  const note = document.createElement("p");
  note.className = "error lever-error";
  note.id = "lever-error-" + n;
  note.textContent = error.textContent;
  fieldset.querySelector("legend").after(note);
  const param = error.dataset.param;
  const fields = param ? fieldset.querySelectorAll(`[name="p-${n}-${param}"]`) : fieldset.querySelectorAll("input:not([type=hidden])");
  fields.forEach((el) => {
    el.setAttribute("aria-invalid", "true");
    el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + note.id).trim());
  });
}

// the form's edits are kept: Enter in the file name saves; a language switch posts the form
// in the other language; opening another file after edits asks first; add/remove return focus
function keepPlace(form) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  const fileName = document.getElementById("file-name");
  if (fileName) {
    fileName.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); document.getElementById("save").click(); }
    });
  }
  document.querySelectorAll(".langs a[hreflang]").forEach((link) => {
    link.addEventListener("click", (event) => {
      if (!dirty) return;
      event.preventDefault();
      form.action = form.dataset.recalculate + "?lang=" + encodeURIComponent(link.hreflang);
      form.requestSubmit(document.getElementById("calculate-default"));
    });
  });
  const opener = document.getElementById("open-form");
  if (opener) {
    opener.addEventListener("submit", (event) => {
      if (dirty && !window.confirm(opener.dataset.unsaved)) event.preventDefault();
    });
  }
  // after add/remove the address names the changed lever's first field (#years-N), which the
  // browser scrolls to and focuses; focus it here too in case the browser did not
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && (target.id.startsWith("years-") || target.id === "h-add")) target.focus();
  const saved = document.getElementById("saved") || document.getElementById("save-error");
  if (saved) saved.focus();
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
        scrollableTables(results);
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

// the build's progress takes focus while it runs, and the PDF link when it is done
function followReport(box) {
  const url = box.dataset.status;
  const focus = () => {
    const target = box.querySelector("#open-pdf, #build-error, [data-state='running']");
    if (target) { if (!target.hasAttribute("href")) target.tabIndex = -1; target.focus(); }
  };
  const poll = async () => {
    const response = await fetch(url, {headers: {"Accept": "text/html"}});
    box.innerHTML = await response.text();
    const state = box.querySelector("[data-state]");
    if (state && state.dataset.state === "running") setTimeout(poll, 500);
    else focus();
  };
  focus();
  setTimeout(poll, 500);
}

// a table wider than its column scrolls in its own box: reachable by keyboard too
function scrollableTables(root) {
  root.querySelectorAll("main table").forEach((table) => {
    if (table.closest(".scroll")) return;
    if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
    else table.removeAttribute("tabindex");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  scrollableTables(document);
  window.addEventListener("resize", debounce(() => scrollableTables(document), 200));
  const form = document.getElementById("scenario-form");
  if (form) { liveScenario(form); keepPlace(form); }
  const box = document.getElementById("build-status");
  if (box && box.querySelector("[data-state='running']")) followReport(box);
  else if (box && box.dataset.posted) box.querySelector("#open-pdf, #build-error")?.focus();
});
