// The query page: pick an example, edit, run against /sparql, show a table, download.
// Plain DOM code, no framework, nothing fetched from elsewhere: the page works offline.
(function () {
  "use strict";
  const section = document.getElementById("query");
  const baseIri = section.dataset.baseIri;
  const allowService = section.dataset.allowService === "true";
  const WD = "http://www.wikidata.org/entity/";
  const PREFIXES = {
    "https://w3id.org/conflict-kg/ontology#": "ckg:", "http://www.wikidata.org/entity/": "wd:",
    "http://www.wikidata.org/prop/direct/": "wdt:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:",
  };
  const canned = JSON.parse(document.getElementById("canned").textContent);
  const byName = Object.fromEntries(canned.map((q) => [q.name, q]));
  const editor = document.getElementById("editor");
  const examples = document.getElementById("examples");
  const description = document.getElementById("description");
  const statusLine = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");

  function href(iri) {
    if (iri.startsWith(baseIri)) return "/resource/" + iri.slice(baseIri.length);
    if (iri.startsWith(WD)) return "https://www.wikidata.org/wiki/" + iri.slice(WD.length);
    return iri;
  }

  function shortName(iri) {
    if (iri.startsWith(baseIri)) return iri.slice(baseIri.length);
    for (const [ns, prefix] of Object.entries(PREFIXES)) {
      if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
    }
    return iri;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clear() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    results.replaceChildren();
    statusLine.textContent = "";
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = href(term.value);
      a.title = term.value;
      a.textContent = shortName(term.value);
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.dataset.lang = term["xml:lang"];
    }
    return td;
  }

  function table(data) {
    const vars = data.head.vars || [];
    const tableEl = document.createElement("table");
    tableEl.className = "results";
    const head = tableEl.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = tableEl.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    return tableEl;
  }

  function form(extra) {
    const params = new URLSearchParams({ query: editor.value, ...extra });
    return { method: "POST", body: params,
             headers: { "Content-Type": "application/x-www-form-urlencoded" } };
  }

  async function run() {
    clear();
    statusLine.textContent = "Running…";
    const started = performance.now();
    let response;
    try {
      const request = form({});
      request.headers.Accept = "application/sparql-results+json, text/turtle;q=0.9";
      response = await fetch("/sparql", request);
    } catch (err) {
      statusLine.textContent = "";
      showError("The server could not be reached: " + err);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      statusLine.textContent = "";
      showError(`Error ${response.status}: ${(await response.text()).trim()}`);
      return;
    }
    const truncated = response.headers.get("X-Result-Truncated") === "true";
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        statusLine.textContent = `Answer: ${data.boolean} (${seconds} s)`;
        return;
      }
      const count = data.results.bindings.length;
      statusLine.textContent = `${count} row${count === 1 ? "" : "s"} in ${seconds} s` +
        (truncated ? " — truncated at the server's row limit" : "");
      results.appendChild(table(data));
    } else {
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = await response.text();
      statusLine.textContent = `Graph in ${seconds} s` + (truncated ? " — truncated" : "");
      results.appendChild(pre);
    }
  }

  async function download(format) {
    const response = await fetch("/sparql", form({ format }));
    if (!response.ok) {
      showError(`Error ${response.status}: ${(await response.text()).trim()}`);
      return;
    }
    const extensions = { json: "json", xml: "xml", csv: "csv", tsv: "tsv", turtle: "ttl",
                         ntriples: "nt", rdfxml: "rdf", jsonld: "jsonld" };
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "results." + extensions[format];
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  examples.addEventListener("change", () => {
    const query = byName[examples.value];
    if (!query) return;
    editor.value = query.text;
    let text = query.description;
    if (query.parameters.length) {
      text += ` Parameters (${query.parameters.join(", ")}) are left unbound here, meaning ` +
        `"no restriction"; bind them through the API: /api/${query.name}?${query.parameters[0]}=…`;
    }
    if (query.online && !allowService) {
      text += " This query calls Wikidata live, which this server does not allow.";
    }
    description.textContent = text;
    clear();
  });

  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();  // indent instead of leaving the editor
      const { selectionStart: start, selectionEnd: end } = editor;
      editor.setRangeText("  ", start, end, "end");
    }
  });
  document.getElementById("run").addEventListener("click", run);
  for (const button of document.querySelectorAll("button.download")) {
    button.addEventListener("click", () => download(button.dataset.format));
  }
})();
