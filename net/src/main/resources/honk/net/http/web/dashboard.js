// honk's dashboard script: polls the JSON API every 2 s, follows /api/events, and sends spawn,
// message and kill requests with the pasted token. Every value from honk is put on the page as
// text (textContent), never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const tokenField = $("token");
tokenField.value = sessionStorage.getItem("honk-token") || "";
tokenField.addEventListener("change", () => sessionStorage.setItem("honk-token", tokenField.value.trim()));

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function say(text) { $("status").textContent = text || ""; }

async function getJson(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
}

async function mutate(method, path, body) {
  const token = tokenField.value.trim();
  if (!token) { say("paste the token first (honk printed it at boot: 'http: token ...')"); return null; }
  const r = await fetch(path, {
    method, headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 204) { say(""); return {}; }
  const json = await r.json().catch(() => ({}));
  if (!r.ok) { say(r.status + ": " + (json.error || "request failed")); return null; }
  say("");
  return json;
}

function mib(bytes) { return bytes < 0 ? "?" : (bytes / 1048576).toFixed(0) + " MiB"; }

async function refreshSystem() {
  const s = await getJson("/api/system");
  const up = Math.round(s.uptimeMillis / 1000);
  $("system").textContent = `board ${s.board}, ${s.harts} harts, up ${up} s, heap ${mib(s.memory.heap.usedBytes)}`
    + ` of ${mib(s.memory.heap.maxBytes)}, RAM ${mib(s.memory.ram.totalBytes)}, ${s.processes.total} processes,`
    + ` honk ${s.honk.version}, JVM ${s.jvm.version}`;
}

function procRow(p) {
  const tr = el("tr");
  const info = p.exitReason || (p.backoff ? `restart in ${p.backoff.dueInMillis} ms` : "")
    || (p.lastFailure ? "last: " + p.lastFailure.cause : "");
  [p.pid, p.name].forEach((v) => tr.append(el("td", v)));
  tr.append(el("td", p.state, p.state));
  [p.restart, p.restarts, p.messages, p.mailbox.depth, p.mailbox.meanWaitMicros, p.processing.meanMicros,
    p.caps.join(",") || "-"].forEach((v) => tr.append(el("td", v)));
  const actions = el("td");
  if (p.state === "running" || p.state === "restarting") {
    const send = el("button", "send");
    send.onclick = async () => {
      const text = prompt(`text for pid ${p.pid}`);
      if (text !== null) await mutate("POST", `/api/procs/${p.pid}/messages`, { text });
    };
    const kill = el("button", "kill");
    kill.onclick = async () => { if (await mutate("DELETE", `/api/procs/${p.pid}`)) refreshProcs(); };
    actions.append(send, " ", kill);
  }
  tr.append(actions, el("td", info, "info"));
  return tr;
}

async function refreshProcs() {
  const list = await getJson("/api/procs");
  $("procs").replaceChildren(...list.processes.map(procRow));
  const dead = await getJson("/api/deadletters?limit=0");
  $("dead").textContent = `(dead letters: ${dead.total})`;
}

function treeNode(n) {
  const li = el("li");
  const depth = n.mailboxDepth === null ? "" : ` mailbox=${n.mailboxDepth}`;
  li.append(el("span", `${n.name} [${n.kind}] `), el("span", n.state, n.state),
    el("span", ` restarts=${n.restarts}${depth}`));
  if (n.children && n.children.length) {
    const ul = el("ul", null, "tree");
    n.children.forEach((c) => ul.append(treeNode(c)));
    li.append(ul);
  }
  return li;
}

async function refreshTree() {
  const root = await getJson("/api/tree");
  const ul = el("ul", null, "tree root");
  ul.append(treeNode(root));
  $("tree").replaceChildren(ul);
}

function follow() {
  const box = $("events");
  const source = new EventSource("/api/events?since=0");
  const show = (e) => {
    const data = JSON.parse(e.data);
    box.append(el("div", `#${data.id} ${data.at.substring(11, 23)} ${data.text}`));
    while (box.childElementCount > 500) box.firstChild.remove();
    box.scrollTop = box.scrollHeight;
  };
  ["spawned", "crashed", "restarted", "stopped", "killed", "failed", "supervisor"]
    .forEach((kind) => source.addEventListener(kind, show));
}

$("spawn").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { program: $("program").value.trim(), restart: $("restart").value };
  const args = $("args").value.trim();
  body.args = args ? args.split(/\s+/) : [];
  const caps = $("caps").value.trim();
  if (caps) body.caps = caps.split(",").map((c) => c.trim()).filter((c) => c);
  const r = await mutate("POST", "/api/procs", body);
  if (r) { say(`spawned pid ${r.pid}`); refreshProcs(); }
});

async function tick() {
  try {
    await Promise.all([refreshSystem(), refreshProcs(), refreshTree()]);
  } catch (err) {
    say("honk does not answer: " + err.message);
  }
}

tick();
setInterval(tick, 2000);
follow();
