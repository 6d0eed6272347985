import Hummingbird

/// The pages' stylesheet, script and images, served by Kring itself: nothing is loaded from
/// anywhere else, and there is no build step.
enum Assets {
  static func add(to router: Router<BasicRequestContext>) {
    router.get("assets/app.css") { _, _ in asset(css, type: "text/css; charset=utf-8") }
    router.get("assets/app.js") { _, _ in asset(script, type: "text/javascript; charset=utf-8") }
    router.get("assets/kring.svg") { _, _ in asset(logo, type: "image/svg+xml") }
    router.get("favicon.ico") { _, _ in asset(logo, type: "image/svg+xml") }
  }

  static func asset(_ text: String, type: String) -> Response {
    Reply.bytes(Array(text.utf8), type: type, headers: [.cacheControl: "max-age=300"])
  }

  static let logo = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="12" fill="none" stroke="#2f6f5e" stroke-width="3"/><circle cx="16" cy="4.5" r="3" fill="#e0a63a"/><circle cx="26" cy="21.8" r="3" fill="#2f6f5e"/><circle cx="6" cy="21.8" r="3" fill="#3d6fb6"/></svg>
    """

  static let css = """
    :root { --ink: #1d2430; --muted: #5d6777; --line: #d7dce3; --bg: #f5f6f8; --card: #fff;
      --accent: #2f6f5e; --accent-2: #3d6fb6; --warn: #a35b00; --bad: #b3261e; --ok: #2e7d32; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--accent-2); }
    header.top { display: flex; gap: 1.2em; align-items: center; padding: .6em 1.2em; background: var(--card); border-bottom: 1px solid var(--line); }
    .brand { display: flex; align-items: center; gap: .4em; font-weight: 700; font-size: 1.15em; color: var(--ink); text-decoration: none; }
    .crumbs { flex: 1; color: var(--muted); }
    .author { font-size: .85em; color: var(--muted); }
    .author input { width: 10em; }
    main { padding: 1em 1.4em 3em; max-width: 1200px; margin: 0 auto; }
    main.narrow { max-width: 760px; }
    main.wide { max-width: none; }
    h1 { font-size: 1.5em; margin: .3em 0; }
    h1 .meta { font-size: .55em; font-weight: 400; }
    h2 { font-size: 1.15em; margin: .2em 0 .6em; }
    h3 { font-size: 1em; margin: 1em 0 .4em; }
    .meta, .hint, .help { color: var(--muted); }
    .hint { font-size: .9em; }
    .help { font-size: .82em; margin: .1em 0 .6em; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1em 1.2em; margin: 1em 0; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 1em; }
    .columns > .card { margin: 0; }
    button, .button { font: inherit; padding: .45em .9em; border-radius: 7px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
    button.secondary, .button.secondary { background: #fff; color: var(--accent); }
    button:disabled { opacity: .5; cursor: default; }
    button.icon { padding: .1em .35em; background: #fff; color: var(--muted); border-color: var(--line); }
    button.icon.on { color: #fff; background: var(--warn); border-color: var(--warn); }
    input, select, textarea { font: inherit; padding: .3em .45em; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
    textarea { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .88em; }
    label { display: inline-flex; gap: .4em; align-items: center; flex-wrap: wrap; }
    .field { margin: .5em 0; }
    .field label { font-weight: 600; }
    .field code { font-weight: 400; font-size: .8em; color: var(--muted); }
    .field input, .field select { margin-top: .2em; display: block; }
    form.upload { margin: .5em 0; display: flex; gap: .5em; flex-wrap: wrap; align-items: center; }
    form.inline { display: inline-flex; }
    .form-error { color: var(--bad); width: 100%; }
    .ok { color: var(--ok); }
    ul.cohorts li { margin: .3em 0; font-size: 1.05em; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
    table.problems tr.warning td, table.problems tr.note td { color: var(--warn); }
    table.problems tr.error td:nth-child(3) { color: var(--bad); }
    .status-failed, .status-not-now { color: var(--bad); }
    .status-follow-up, .status-queued, .status-running { color: var(--warn); }
    .status-done, .status-ready { color: var(--ok); }
    .progress .bar { height: 12px; border-radius: 6px; background: var(--line); overflow: hidden; margin: .6em 0 .3em; }
    .progress .fill { height: 100%; width: 0; background: var(--accent); transition: width .2s; }
    .board-head { display: flex; justify-content: space-between; gap: 1em; flex-wrap: wrap; }
    .actions { display: flex; flex-direction: column; gap: .5em; align-items: flex-end; }
    .downloads { display: flex; gap: .3em; flex-wrap: wrap; justify-content: flex-end; }
    .stats strong { font-size: 1.1em; }
    .groups { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: .9em; margin: 1em 0; }
    article.group { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .7em .9em; transition: box-shadow .15s, border-color .15s; }
    article.group.locked { border: 2px solid var(--warn); background: #fffaf1; }
    article.group.drop, .unplaced.drop { border-color: var(--accent-2); box-shadow: 0 0 0 3px #3d6fb633; }
    article.group header { display: flex; justify-content: space-between; align-items: center; }
    article.group h3 { margin: 0; font-size: 1.15em; }
    button.lock { background: #fff; color: var(--warn); border-color: var(--warn); padding: .15em .6em; font-size: .85em; }
    article.group.locked button.lock { background: var(--warn); color: #fff; }
    .scores, .schedule { font-size: .85em; margin: .3em 0; color: var(--muted); }
    .schedule.warn { color: var(--warn); }
    ul.members { list-style: none; padding: 0; margin: .4em 0 0; }
    li.member { display: grid; grid-template-columns: 1fr auto; grid-template-areas: "name tools" "facts tools"; padding: .35em .4em; border: 1px solid var(--line); border-radius: 7px; margin: .25em 0; background: #fbfcfd; cursor: grab; }
    li.member[draggable="false"] { cursor: default; }
    li.member.pinned { border-color: var(--warn); }
    li.member.dragging { opacity: .4; }
    li.member .name { grid-area: name; font-weight: 600; }
    li.member .id { color: var(--muted); font-weight: 400; font-size: .8em; }
    li.member .facts, li.member .reason { grid-area: facts; font-size: .8em; color: var(--muted); }
    li.member .tools { grid-area: tools; display: flex; gap: .25em; align-items: center; }
    li.member select.move-to { font-size: .8em; max-width: 8.5em; }
    .banner { padding: .7em 1em; border-radius: 8px; margin: .6em 0; background: #eef4fb; border: 1px solid #bcd0ea; }
    .banner.bad { background: #fdecea; border-color: #f1b0ab; color: #5f1510; }
    .flash { pointer-events: none; position: fixed; right: 1em; bottom: 1em; max-width: 28em; padding: .8em 1em; border-radius: 8px; background: #1d2430; color: #fff; box-shadow: 0 4px 16px #0003; z-index: 10; }
    .flash.bad { background: var(--bad); }
    ul.diagnosis li { margin: .4em 0; }
    ul.log { font-size: .85em; color: var(--muted); }
    time { color: var(--muted); font-size: .9em; }
    svg.icon { width: 1em; height: 1em; vertical-align: -.12em; }
    """

  static let script = #"""
    // Kring workbench: a small script over the JSON API. No framework, nothing from outside.
    "use strict";
    (function () {
      const body = document.body;
      const csrf = document.querySelector('meta[name="csrf-token"]').content;
      const lang = body.dataset.language || document.documentElement.lang || "nl";
      const nl = lang === "nl";
      const say = (dutch, english) => (nl ? dutch : english);
      const authorInput = document.getElementById("author");
      try { authorInput.value = localStorage.getItem("kring-author") || ""; } catch (e) {}
      authorInput.addEventListener("change", () => {
        try { localStorage.setItem("kring-author", authorInput.value.trim()); } catch (e) {}
      });

      async function api(method, url, payload, extra) {
        const headers = Object.assign({ "X-CSRF-Token": csrf }, extra || {});
        const who = authorInput.value.trim();
        if (who) headers["X-Kring-Author"] = encodeURIComponent(who);
        let sent = payload;
        if (payload !== undefined && !(payload instanceof Blob) && typeof payload !== "string") {
          headers["Content-Type"] = "application/json";
          sent = JSON.stringify(payload);
        }
        const response = await fetch(url, { method, headers, body: sent, credentials: "same-origin" });
        let data = null;
        const type = response.headers.get("Content-Type") || "";
        if (type.startsWith("application/json")) data = await response.json();
        return { ok: response.ok, status: response.status, data };
      }

      function flash(text, bad) {
        const box = document.getElementById("flash");
        box.textContent = text;
        box.className = "flash" + (bad ? " bad" : "");
        box.hidden = false;
        clearTimeout(flash.timer);
        flash.timer = setTimeout(() => { box.hidden = true; }, bad ? 9000 : 5000);
      }
      // A message carried across a page change.
      try {
        const carried = sessionStorage.getItem("kring-flash");
        if (carried) { sessionStorage.removeItem("kring-flash"); flash(carried, false); }
      } catch (e) {}
      function carry(text) { try { sessionStorage.setItem("kring-flash", text); } catch (e) {} }

      function showProblems(target, data) {
        target.hidden = false;
        target.textContent = "";
        const message = document.createElement("p");
        message.textContent = (data && data.message) || say("Er ging iets mis.", "Something went wrong.");
        target.appendChild(message);
        const problems = (data && data.details && data.details.problems) || [];
        const breaks = (data && data.details && data.details.breaks) || [];
        if (problems.length || breaks.length) {
          const list = document.createElement("ul");
          for (const p of problems) {
            const item = document.createElement("li");
            const where = [p.file, p.line].filter((x) => x !== undefined && x !== null).join(":");
            item.textContent = (where ? where + ": " : "") + (p.column ? p.column + ": " : "") + p.message +
              (p.suggestion ? " (" + say("bedoelt u", "did you mean") + " \"" + p.suggestion + "\"?)" : "");
            list.appendChild(item);
          }
          for (const b of breaks) {
            const item = document.createElement("li");
            const code = document.createElement("code");
            code.textContent = b.code;
            item.appendChild(code);
            item.appendChild(document.createTextNode(" " + b.message));
            list.appendChild(item);
          }
          target.appendChild(list);
        }
      }

      // Creating a cohort.
      const newCohort = document.getElementById("new-cohort");
      if (newCohort) newCohort.addEventListener("submit", async (event) => {
        event.preventDefault();
        const name = newCohort.elements.name.value;
        const result = await api("POST", "/api/cohorts", { name });
        if (result.ok) location.href = "/cohorts/" + result.data.id;
        else showProblems(newCohort.querySelector(".form-error"), result.data);
      });

      const cohort = body.dataset.cohort;
      const plan = body.dataset.plan;

      // Uploads: the file is the request's body, as on the command line.
      for (const form of document.querySelectorAll("form[data-upload]")) {
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          const file = form.elements.file.files[0];
          if (!file) return;
          const error = form.querySelector(".form-error");
          error.hidden = true;
          const url = form.dataset.upload === "intake"
            ? "/api/cohorts/" + cohort + "/intake"
            : "/api/cohorts/" + cohort + "/files/" + encodeURIComponent(form.dataset.name);
          const lower = file.name.toLowerCase();
          const type = lower.endsWith(".json") ? "application/json"
            : lower.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv";
          const result = await api("PUT", url, file, { "Content-Type": type, "X-File-Name": encodeURIComponent(file.name) });
          if (result.ok) {
            carry(file.name + ": " + result.data.rows + " " + say("rijen gelezen", "rows read"));
            location.reload();
          } else showProblems(error, result.data);
        });
      }

      // The YAML itself.
      const configForm = document.getElementById("config-form");
      if (configForm) configForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const result = await api("PUT", "/api/cohorts/" + cohort + "/config", new Blob([configForm.elements.yaml.value]), { "Content-Type": "application/yaml" });
        if (result.ok) { carry("kring.yaml v" + result.data.file.version); location.reload(); }
        else showProblems(configForm.querySelector(".form-error"), result.data);
      });

      // The rules form: only what changed is sent, as KEY=VALUE.
      const rulesForm = document.getElementById("rules-form");
      if (rulesForm) rulesForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const set = [];
        for (const input of rulesForm.querySelectorAll("[data-key]")) {
          if (input.value !== input.dataset.initial) set.push(input.dataset.key + "=" + input.value);
        }
        if (!set.length) { flash(say("Niets veranderd.", "Nothing changed."), false); return; }
        const result = await api("POST", "/api/cohorts/" + cohort + "/rules", { set });
        if (result.ok) { carry("kring.yaml v" + result.data.file.version); location.reload(); }
        else showProblems(rulesForm.querySelector(".form-error"), result.data);
      });

      // Solving, with live progress from the server's events.
      let follow = function (planId) {
        const box = document.getElementById("progress");
        const fill = document.getElementById("progress-fill");
        const text = document.getElementById("progress-text");
        const problems = document.getElementById("progress-problems");
        box.hidden = false;
        problems.textContent = "";
        const cancel = document.getElementById("cancel-solve");
        cancel.hidden = false;
        cancel.onclick = () => api("POST", "/api/cohorts/" + cohort + "/plans/" + planId + "/cancel");
        const source = new EventSource("/api/cohorts/" + cohort + "/plans/" + planId + "/events");
        const end = () => { source.close(); cancel.hidden = true; };
        source.addEventListener("queued", (e) => {
          const d = JSON.parse(e.data);
          text.textContent = say("In de wachtrij", "Queued") + (d.ahead ? " (" + d.ahead + " " + say("voor", "ahead") + ")" : "");
        });
        source.addEventListener("running", () => { text.textContent = say("Bezig met oplossen…", "Solving…"); });
        source.addEventListener("progress", (e) => {
          const d = JSON.parse(e.data);
          const share = d.people ? d.people_done / d.people : 0;
          fill.style.width = Math.round(share * 100) + "%";
          text.textContent = d.components_done + "/" + d.components + " " + say("delen", "components") +
            " · " + say("doelwaarde", "objective") + " " + (d.objective === undefined ? "–" : d.objective) + " · " + d.elapsed + "s";
        });
        source.addEventListener("done", (e) => {
          end();
          fill.style.width = "100%";
          const s = JSON.parse(e.data).summary || {};
          carry(say("Klaar: ", "Done: ") + s.groups + " " + say("groepen", "groups") + ", " + s.placed + "/" + s.participants + " " + say("geplaatst", "placed"));
          location.href = "/cohorts/" + cohort + "/plans/" + planId;
        });
        source.addEventListener("failed", (e) => {
          end();
          const d = JSON.parse(e.data);
          text.textContent = say("Mislukt", "Failed");
          showProblems(problems, { message: say("De oplossing is mislukt:", "The solve failed:"), details: { problems: d.problems || [] } });
        });
        source.addEventListener("cancelled", () => { end(); text.textContent = say("Geannuleerd", "Cancelled"); });
        source.onerror = () => { if (source.readyState === EventSource.CLOSED) end(); };
      }

      async function startSolve(payload) {
        const result = await api("POST", "/api/cohorts/" + cohort + "/plans", payload);
        if (!result.ok) {
          const target = document.getElementById("progress-problems");
          document.getElementById("progress").hidden = false;
          showProblems(target, result.data);
          return;
        }
        follow(result.data.id);
      }
      const planNow = document.getElementById("plan-now");
      if (planNow) planNow.addEventListener("click", () => startSolve({}));
      const resolve = document.getElementById("resolve-rest");
      if (resolve) resolve.addEventListener("click", () => startSolve({ from: Number(plan) }));
      for (const button of document.querySelectorAll(".apply-diagnosis")) {
        button.addEventListener("click", () => startSolve({ from: Number(plan), set: [button.dataset.set] }));
      }

      // A running solve of this cohort (for example from another tab) is followed too.
      const running = document.querySelector("tr[data-version] .status-running, tr[data-version] .status-queued");
      if (running) follow(running.closest("tr").dataset.version);

      // The board: moves by drag and drop or "move to…", locks and pins.
      async function move(candidate, group) {
        const refusal = document.getElementById("refusal");
        refusal.hidden = true;
        const result = await api("POST", "/api/cohorts/" + cohort + "/plans/" + plan + "/moves", { candidate, to: group });
        if (result.ok) {
          const d = result.data;
          const changes = d.groups.map((g) => g.group + " " + g.before.toFixed(2) + " → " + g.after.toFixed(2)).join(", ");
          carry(say("Verplaatst: ", "Moved: ") + d.candidate + " → " + d.to + " (" + say("diversiteit", "diversity") + " " + changes + "; " + say("versie", "version") + " " + d.number + ")");
          location.href = "/cohorts/" + cohort + "/plans/" + d.id;
        } else {
          showProblems(refusal, result.data);
          refusal.scrollIntoView({ block: "nearest" });
          flash((result.data && result.data.message) || say("Niet verplaatst", "Not moved"), true);
        }
      }
      let dragged = null;
      for (const item of document.querySelectorAll('li.member[draggable="true"]')) {
        item.addEventListener("dragstart", (event) => {
          dragged = item;
          item.classList.add("dragging");
          event.dataTransfer.setData("text/plain", item.dataset.candidate);
          event.dataTransfer.effectAllowed = "move";
        });
        item.addEventListener("dragend", () => { item.classList.remove("dragging"); dragged = null; });
      }
      for (const target of document.querySelectorAll("article.group")) {
        target.addEventListener("dragover", (event) => {
          if (!dragged || dragged.dataset.group === target.dataset.group) return;
          event.preventDefault();
          target.classList.add("drop");
        });
        target.addEventListener("dragleave", () => target.classList.remove("drop"));
        target.addEventListener("drop", (event) => {
          event.preventDefault();
          target.classList.remove("drop");
          const candidate = event.dataTransfer.getData("text/plain") || (dragged && dragged.dataset.candidate);
          if (candidate) move(candidate, target.dataset.group);
        });
      }
      for (const select of document.querySelectorAll("select.move-to")) {
        select.addEventListener("change", () => {
          if (select.value) move(select.closest("li").dataset.candidate, select.value);
        });
      }
      for (const button of document.querySelectorAll("button.lock")) {
        button.addEventListener("click", async () => {
          const group = button.closest("article").dataset.group;
          const base = "/api/cohorts/" + cohort + "/plans/" + plan + "/locks";
          const result = button.dataset.action === "lock"
            ? await api("POST", base, { group })
            : await api("DELETE", base + "/" + encodeURIComponent(group));
          if (result.ok) location.reload(); else flash(result.data.message, true);
        });
      }
      for (const button of document.querySelectorAll("button.pin")) {
        button.addEventListener("click", async () => {
          const item = button.closest("li");
          const base = "/api/cohorts/" + cohort + "/plans/" + plan + "/pins";
          const result = button.dataset.action === "pin"
            ? await api("POST", base, { candidate: item.dataset.candidate, group: item.dataset.group })
            : await api("DELETE", base + "/" + encodeURIComponent(item.dataset.candidate));
          if (result.ok) location.reload(); else flash(result.data.message, true);
        });
      }
      const compare = document.getElementById("compare-with");
      if (compare) compare.addEventListener("change", () => {
        if (compare.value) location.href = "/cohorts/" + cohort + "/compare?a=" + compare.value + "&b=" + plan;
      });

      // Two tabs on one cohort see each other's versions: a newer finished version is
      // announced, and a solve started elsewhere is followed here too.
      let following = null;
      const originalFollow = follow;
      follow = function (planId) { following = String(planId); originalFollow(planId); };
      if (running) following = running.closest("tr").dataset.version;
      if (body.dataset.page === "board" || body.dataset.page === "cohort") {
        const current = Number(body.dataset.number || 0);
        let latestSeen = Number(body.dataset.latest || plan || 0);
        const newer = document.getElementById("newer");
        setInterval(async () => {
          const list = await fetch("/api/cohorts/" + cohort + "/plans").then((r) => r.ok ? r.json() : []).catch(() => []);
          const newest = list[0];
          if (!newest || newest.id <= latestSeen) return;
          if ((newest.status === "queued" || newest.status === "running") && following !== String(newest.id)) {
            follow(newest.id);
            return;
          }
          const done = list.find((v) => v.status === "done");
          if (!done || done.id <= latestSeen || done.number <= current) return;
          latestSeen = done.id;
          newer.hidden = false;
          newer.textContent = "";
          newer.appendChild(document.createTextNode(say("Er is een nieuwere versie: ", "There is a newer version: ") + done.number + " (" + done.note + ", " + done.author + ") "));
          const link = document.createElement("a");
          link.href = "/cohorts/" + cohort + "/plans/" + done.id;
          link.textContent = say("openen", "open");
          newer.appendChild(link);
        }, 4000);
      }
    })();
    """#
}

/// Small inline icons, drawn here (no icon font, no emoji font needed).
enum Icons {
  static let pin = """
    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M6 1h4l-.6 4 2.6 2.5V9H8.7L8 15l-.7-6H4V7.5L6.6 5z" fill="currentColor"/></svg>
    """
  static let lock = """
    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor"/><path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>
    """
}
